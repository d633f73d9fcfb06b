using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace QueueLint.Model.Hangfire
{
    /// <summary>
    /// The <c>QueueLint.Jobs.txt</c> contract: one line per Hangfire job method, in the format of
    /// <see cref="HangfireJobNames.ContractLine"/>; blank lines and lines starting with <c>#</c> are ignored.
    /// </summary>
    internal static class JobContract
    {
        public const string FileName = "QueueLint.Jobs.txt";

        public static bool IsContractFile(string path)
            => string.Equals(Path.GetFileName(path), FileName, StringComparison.OrdinalIgnoreCase);

        /// <summary>The entries of the file with the span of each line.</summary>
        public static ImmutableArray<(string Line, TextSpan Span)> ReadEntries(SourceText text)
        {
            var builder = ImmutableArray.CreateBuilder<(string, TextSpan)>();
            foreach (var line in text.Lines)
            {
                var content = line.ToString().Trim();
                if (content.Length == 0 || content[0] == '#')
                {
                    continue;
                }

                builder.Add((content, line.Span));
            }

            return builder.ToImmutable();
        }

        /// <summary>A line as compared: spaces do not matter.</summary>
        public static string Normalize(string line) => line.Replace(" ", string.Empty).Replace("\t", string.Empty);

        /// <summary>A contract line taken apart: type text, method name, parameter type texts (null when generic or malformed).</summary>
        public static bool TryParse(string line, out string typeText, out string methodName, out ImmutableArray<string> parameterTypes, out bool genericMethod)
        {
            typeText = methodName = string.Empty;
            parameterTypes = ImmutableArray<string>.Empty;
            genericMethod = false;
            var open = line.IndexOf('(');
            if (open <= 0 || !line.EndsWith(")", StringComparison.Ordinal))
            {
                return false;
            }

            var prefix = line.Substring(0, open);
            var dot = -1;
            var depth = 0;
            for (var i = 0; i < prefix.Length; i++)
            {
                switch (prefix[i])
                {
                    case '<': depth++; break;
                    case '>': depth--; break;
                    case '.' when depth == 0: dot = i; break;
                }
            }

            if (dot <= 0 || dot == prefix.Length - 1)
            {
                return false;
            }

            typeText = prefix.Substring(0, dot).Trim();
            methodName = prefix.Substring(dot + 1).Trim();
            var generic = methodName.IndexOf('<');
            if (generic >= 0)
            {
                genericMethod = true;
                methodName = methodName.Substring(0, generic);
            }

            parameterTypes = SplitTopLevel(line.Substring(open + 1, line.Length - open - 2), ',');
            return true;
        }

        /// <summary>
        /// The type a contract type text names in <paramref name="compilation"/>: null when it cannot be resolved.
        /// <paramref name="definitionFound"/> tells whether its type definitions exist (then only a generic argument failed).
        /// </summary>
        public static ITypeSymbol? ResolveType(Compilation compilation, string text, out bool definitionFound)
        {
            definitionFound = false;
            text = text.Trim();
            if (text.EndsWith("?", StringComparison.Ordinal))
            {
                var underlying = ResolveType(compilation, text.Substring(0, text.Length - 1), out definitionFound);
                return underlying is { IsValueType: true }
                    ? compilation.GetSpecialType(SpecialType.System_Nullable_T).Construct(underlying)
                    : underlying;
            }

            if (text.EndsWith("]", StringComparison.Ordinal))
            {
                var open = text.LastIndexOf('[');
                var element = open > 0 ? ResolveType(compilation, text.Substring(0, open), out definitionFound) : null;
                return element is null ? null : compilation.CreateArrayTypeSymbol(element, text.Length - open - 1);
            }

            if (Keyword(text) is { } special)
            {
                definitionFound = true;
                return compilation.GetSpecialType(special);
            }

            INamedTypeSymbol? current = null;
            var first = true;
            foreach (var segment in SplitTopLevel(text, '+'))
            {
                var name = segment;
                var arguments = ImmutableArray<string>.Empty;
                var angle = segment.IndexOf('<');
                if (angle > 0 && segment.EndsWith(">", StringComparison.Ordinal))
                {
                    name = segment.Substring(0, angle);
                    arguments = SplitTopLevel(segment.Substring(angle + 1, segment.Length - angle - 2), ',');
                }

                INamedTypeSymbol? definition;
                if (first)
                {
                    definition = compilation.GetTypeByMetadataName(arguments.Length > 0 ? name + "`" + arguments.Length : name);
                    definitionFound = definition is not null;
                    first = false;
                }
                else
                {
                    definition = null;
                    foreach (var member in current!.GetTypeMembers(name, arguments.Length))
                    {
                        definition = member;
                        break;
                    }
                }

                if (definition is null)
                {
                    // A nested type that is gone is as gone as an outer one.
                    definitionFound = false;
                    return null;
                }

                if (arguments.Length > 0)
                {
                    var resolved = new ITypeSymbol[arguments.Length];
                    for (var i = 0; i < arguments.Length; i++)
                    {
                        if (ResolveType(compilation, arguments[i], out _) is not { } argument)
                        {
                            return null;
                        }

                        resolved[i] = argument;
                    }

                    definition = definition.Construct(resolved);
                }

                current = definition;
            }

            return current;
        }

        /// <summary>Every method named <paramref name="name"/> that a job of <paramref name="type"/> can call: its own, inherited, and (for interfaces) from base interfaces.</summary>
        public static IEnumerable<IMethodSymbol> GetCandidateMethods(INamedTypeSymbol type, string name)
        {
            for (var current = type; current is not null; current = current.BaseType)
            {
                foreach (var member in current.GetMembers(name))
                {
                    if (member is IMethodSymbol method && method.MethodKind == MethodKind.Ordinary)
                    {
                        yield return method;
                    }
                }
            }

            if (type.TypeKind == TypeKind.Interface)
            {
                foreach (var implemented in type.AllInterfaces)
                {
                    foreach (var member in implemented.GetMembers(name))
                    {
                        if (member is IMethodSymbol method)
                        {
                            yield return method;
                        }
                    }
                }
            }
        }

        /// <summary>The contract line of <paramref name="method"/> called on the type written as <paramref name="typeText"/>.</summary>
        public static string LineFor(string typeText, IMethodSymbol method)
        {
            var builder = new StringBuilder(typeText).Append('.');
            HangfireJobNames.AppendMethod(builder, method);
            return builder.ToString();
        }

        private static SpecialType? Keyword(string text)
            => text switch
            {
                "object" => SpecialType.System_Object,
                "bool" => SpecialType.System_Boolean,
                "char" => SpecialType.System_Char,
                "sbyte" => SpecialType.System_SByte,
                "byte" => SpecialType.System_Byte,
                "short" => SpecialType.System_Int16,
                "ushort" => SpecialType.System_UInt16,
                "int" => SpecialType.System_Int32,
                "uint" => SpecialType.System_UInt32,
                "long" => SpecialType.System_Int64,
                "ulong" => SpecialType.System_UInt64,
                "decimal" => SpecialType.System_Decimal,
                "float" => SpecialType.System_Single,
                "double" => SpecialType.System_Double,
                "string" => SpecialType.System_String,
                _ => null,
            };

        private static ImmutableArray<string> SplitTopLevel(string text, char separator)
        {
            var builder = ImmutableArray.CreateBuilder<string>();
            if (text.Trim().Length == 0)
            {
                return builder.ToImmutable();
            }

            var depth = 0;
            var start = 0;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (c is '<' or '[' or '(')
                {
                    depth++;
                }
                else if (c is '>' or ']' or ')')
                {
                    depth--;
                }
                else if (c == separator && depth == 0)
                {
                    builder.Add(text.Substring(start, i - start).Trim());
                    start = i + 1;
                }
            }

            builder.Add(text.Substring(start).Trim());
            return builder.ToImmutable();
        }
    }
}
