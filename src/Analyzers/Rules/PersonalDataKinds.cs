using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using QueueLint.Model.Syntax;

namespace QueueLint.Rules
{
    /// <summary>
    /// The kinds of personal data a type's public members hold, read from their names (by words: <c>FirstName</c>,
    /// <c>date_of_birth</c>) and types, cached per type and compilation.
    /// </summary>
    internal sealed class PersonalDataKinds
    {
        private static readonly (string Kind, string[][] Words)[] s_kinds =
        {
            ("name", new[] { new[] { "first", "name" }, new[] { "last", "name" }, new[] { "given", "name" }, new[] { "family", "name" }, new[] { "full", "name" }, new[] { "middle", "name" }, new[] { "firstname" }, new[] { "lastname" }, new[] { "fullname" }, new[] { "surname" }, new[] { "forename" } }),
            ("e-mail", new[] { new[] { "email" }, new[] { "e", "mail" }, new[] { "emailaddress" } }),
            ("phone", new[] { new[] { "phone" }, new[] { "telephone" }, new[] { "mobile" }, new[] { "phonenumber" }, new[] { "msisdn" } }),
            ("postal address", new[] { new[] { "address" }, new[] { "street" }, new[] { "postcode" }, new[] { "zip" }, new[] { "zipcode" }, new[] { "postal", "code" } }),
            ("date of birth", new[] { new[] { "date", "of", "birth" }, new[] { "birth", "date" }, new[] { "birthdate" }, new[] { "birthday" }, new[] { "dob" } }),
            ("national or tax id", new[] { new[] { "ssn" }, new[] { "social", "security" }, new[] { "national", "id" }, new[] { "national", "insurance" }, new[] { "tax", "id" }, new[] { "tax", "number" }, new[] { "passport" } }),
            ("bank or card number", new[] { new[] { "iban" }, new[] { "card", "number" }, new[] { "cardnumber" }, new[] { "account", "number" } }),
        };

        /// <summary>Words that make an "address" something else: an e-mail, IP, MAC or web address.</summary>
        private static readonly string[] s_notPostal = { "email", "mail", "ip", "mac", "web", "url", "wallet", "remote", "local" };

        private readonly ConcurrentDictionary<INamedTypeSymbol, (ImmutableArray<string> Extra, ImmutableArray<string> Kinds)> _cache = new(SymbolEqualityComparer.Default);

        /// <summary>The kinds of personal data among <paramref name="type"/>'s public members, in a fixed order.</summary>
        public ImmutableArray<string> Find(INamedTypeSymbol type, ImmutableArray<string> extra)
        {
            if (_cache.TryGetValue(type, out var known) && known.Extra == extra)
            {
                return known.Kinds;
            }

            var found = new HashSet<string>(StringComparer.Ordinal);
            for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object && current.IsInSource(); current = current.BaseType)
            {
                foreach (var member in current.GetMembers())
                {
                    var memberType = member switch
                    {
                        IPropertySymbol { IsStatic: false, IsIndexer: false, DeclaredAccessibility: Accessibility.Public } property => property.Type,
                        IFieldSymbol { IsStatic: false, IsConst: false, DeclaredAccessibility: Accessibility.Public } field => field.Type,
                        _ => null,
                    };
                    if (memberType is not null && !member.IsImplicitlyDeclared && Classify(member.Name, memberType, extra) is { } kind)
                    {
                        found.Add(kind);
                    }
                }
            }

            // The built-in kinds in their fixed order, then the configured ones in theirs.
            var kinds = ImmutableArray.CreateBuilder<string>(found.Count);
            foreach (var (kind, _) in s_kinds)
            {
                if (found.Contains(kind))
                {
                    kinds.Add(kind);
                }
            }

            foreach (var kind in extra)
            {
                if (found.Contains(kind) && !kinds.Contains(kind))
                {
                    kinds.Add(kind);
                }
            }

            var result = kinds.ToImmutable();
            _cache[type] = (extra, result);
            return result;
        }

        /// <summary>The kind of personal data a member of this name and type holds, or null.</summary>
        internal static string? Classify(string name, ITypeSymbol type, ImmutableArray<string> extra)
        {
            var words = SecretInPayloadAnalyzer.SplitWords(name);
            for (var i = 0; i < words.Count; i++)
            {
                words[i] = words[i].ToLowerInvariant();
            }

            foreach (var candidate in extra)
            {
                if (SecretInPayloadAnalyzer.IsSensitive(name, ImmutableArray.Create(candidate)))
                {
                    return candidate;
                }
            }

            foreach (var (kind, patterns) in s_kinds)
            {
                foreach (var pattern in patterns)
                {
                    if (!ContainsRun(words, pattern) || !Holds(kind, type) || (kind == "postal address" && ContainsAny(words, s_notPostal)))
                    {
                        continue;
                    }

                    return kind;
                }
            }

            return null;
        }

        /// <summary>Whether a member of this type can hold the kind: text for most, a date for a birth date, an object for an address.</summary>
        private static bool Holds(string kind, ITypeSymbol type)
        {
            type = type.WithoutNullable();
            return kind switch
            {
                "date of birth" => type.SpecialType is SpecialType.System_DateTime or SpecialType.System_String
                                   || type.Name is "DateOnly" or "DateTimeOffset",
                "postal address" => type.SpecialType == SpecialType.System_String || (type.TypeKind is TypeKind.Class or TypeKind.Struct && type.SpecialType == SpecialType.None && type.IsInSource()),
                _ => type.SpecialType == SpecialType.System_String,
            };
        }

        private static bool ContainsRun(List<string> words, string[] run)
        {
            for (var start = 0; start + run.Length <= words.Count; start++)
            {
                var match = true;
                for (var i = 0; i < run.Length && match; i++)
                {
                    match = words[start + i] == run[i];
                }

                if (match)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool ContainsAny(List<string> words, string[] any)
        {
            foreach (var word in words)
            {
                if (Array.IndexOf(any, word) >= 0)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
