using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace QueueLint.Model.Syntax
{
    internal static class SymbolHelpers
    {
        /// <summary>Whether <paramref name="assembly"/> references <paramref name="target"/> (directly).</summary>
        public static bool References(this IAssemblySymbol assembly, IAssemblySymbol target)
        {
            foreach (var module in assembly.Modules)
            {
                foreach (var referenced in module.ReferencedAssemblySymbols)
                {
                    if (SymbolEqualityComparer.Default.Equals(referenced, target))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// Whether <paramref name="symbol"/> is declared in <paramref name="compilation"/>'s own assembly. Not the same as
        /// <see cref="IsInSource"/>: in the IDE a symbol of another project of the solution has source too.
        /// </summary>
        public static bool IsDeclaredIn(this ISymbol symbol, Compilation compilation)
            => SymbolEqualityComparer.Default.Equals(symbol.ContainingAssembly, compilation.Assembly);

        public static bool InheritsFrom(this ITypeSymbol? type, INamedTypeSymbol? baseType)
        {
            if (baseType is null)
            {
                return false;
            }

            for (var current = type; current is not null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseType))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Whether <paramref name="method"/> overrides, directly or further down, a method declared in <paramref name="declaringType"/> (any construction of it).</summary>
        public static bool Overrides(this IMethodSymbol method, INamedTypeSymbol? declaringType)
        {
            if (declaringType is null || !method.IsOverride)
            {
                return false;
            }

            for (var overridden = method.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
            {
                if (SymbolEqualityComparer.Default.Equals(overridden.ContainingType.OriginalDefinition, declaringType))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Whether a declaration of <paramref name="symbol"/> in source carries attributes, read from its syntax: the cheap
        /// question to ask before <see cref="HasAttribute"/> binds them.
        /// </summary>
        public static bool HasAttributeSyntax(this ISymbol symbol)
        {
            foreach (var reference in symbol.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax() is Microsoft.CodeAnalysis.CSharp.Syntax.MemberDeclarationSyntax { AttributeLists.Count: > 0 })
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Whether <paramref name="types"/> (a type's interfaces, read once) holds exactly <paramref name="type"/> (false when it is not referenced).</summary>
        public static bool ContainsType(this System.Collections.Immutable.ImmutableArray<INamedTypeSymbol> types, INamedTypeSymbol? type)
        {
            if (type is null)
            {
                return false;
            }

            foreach (var candidate in types)
            {
                if (SymbolEqualityComparer.Default.Equals(candidate, type))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>True when <paramref name="symbol"/> carries an attribute of exactly <paramref name="attribute"/> (false when it is not referenced).</summary>
        public static bool HasAttribute(this ISymbol symbol, INamedTypeSymbol? attribute)
        {
            if (attribute is null)
            {
                return false;
            }

            foreach (var data in symbol.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(data.AttributeClass, attribute))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>True when <paramref name="type"/> is, derives from or implements <paramref name="other"/> (open generics compared by definition).</summary>
        public static bool IsOrImplements(this ITypeSymbol? type, INamedTypeSymbol? other)
        {
            if (type is null || other is null)
            {
                return false;
            }

            if (other.TypeKind != TypeKind.Interface)
            {
                return type.InheritsFrom(other);
            }

            if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, other))
            {
                return true;
            }

            // A core library type (string, int, object) implements only interfaces of its own library. Rules ask this of
            // every parameter and value type they meet, and AllInterfaces makes a new array on each call.
            if (type.SpecialType != SpecialType.None && !SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, other.ContainingAssembly))
            {
                return false;
            }

            foreach (var candidate in type.AllInterfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(candidate.OriginalDefinition, other))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The underlying type of a <c>Nullable&lt;T&gt;</c>, else the type itself.</summary>
        public static ITypeSymbol WithoutNullable(this ITypeSymbol type)
            => type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T, TypeArguments: { Length: 1 } arguments }
                ? arguments[0]
                : type;

        /// <summary>
        /// Every type declared in a namespace tree, nested types included. Asks only for namespace and type
        /// members, so the members of each type (methods, fields, properties) are never made into symbols here.
        /// </summary>
        public static List<INamedTypeSymbol> GetAllTypes(INamespaceSymbol root)
        {
            var types = new List<INamedTypeSymbol>();
            var namespaces = new Stack<INamespaceSymbol>();
            namespaces.Push(root);
            while (namespaces.Count > 0)
            {
                var current = namespaces.Pop();
                foreach (var ns in current.GetNamespaceMembers())
                {
                    namespaces.Push(ns);
                }

                foreach (var type in current.GetTypeMembers())
                {
                    AddWithNested(type, types);
                }
            }

            return types;
        }

        private static void AddWithNested(INamedTypeSymbol type, List<INamedTypeSymbol> types)
        {
            types.Add(type);
            foreach (var nested in type.GetTypeMembers())
            {
                AddWithNested(nested, types);
            }
        }

        public static bool IsInSource(this ISymbol symbol)
        {
            foreach (var location in symbol.Locations)
            {
                if (location.IsInSource)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary><c>Type.Method</c>, the way messages name a job.</summary>
        public static string ToJobName(this IMethodSymbol method) => method.ContainingType.Name + "." + method.Name;
    }
}
