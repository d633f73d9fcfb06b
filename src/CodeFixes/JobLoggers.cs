using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace QueueLint.CodeFixes
{
    /// <summary>The job's own logger, for fixes that say why a job ends: a field, property or primary-constructor parameter.</summary>
    internal static class JobLoggers
    {
        /// <summary>
        /// The name by which code in <paramref name="type"/> reaches an <c>ILogger</c>/<c>ILogger&lt;T&gt;</c>, and its
        /// type; null in static code or when the type has none.
        /// </summary>
        public static (string Name, ITypeSymbol Type)? Find(INamedTypeSymbol? type, bool inStaticCode, Compilation compilation)
        {
            var logger = compilation.GetTypeByMetadataName("Microsoft.Extensions.Logging.ILogger");
            if (type is null || logger is null)
            {
                return null;
            }

            // A primary constructor's parameters are in scope in every instance member.
            if (!inStaticCode)
            {
                foreach (var constructor in type.InstanceConstructors)
                {
                    if (constructor.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is TypeDeclarationSyntax)
                    {
                        foreach (var parameter in constructor.Parameters)
                        {
                            if (IsLogger(parameter.Type, logger))
                            {
                                return (parameter.Name, parameter.Type);
                            }
                        }
                    }
                }
            }

            // The type's own fields and properties, then those its base classes let it use.
            for (var current = type; current is not null; current = current.BaseType)
            {
                foreach (var member in current.GetMembers())
                {
                    var memberType = member switch
                    {
                        IFieldSymbol { IsImplicitlyDeclared: false } field => field.Type,
                        IPropertySymbol { IsIndexer: false, GetMethod: not null } property => property.Type,
                        _ => null,
                    };
                    if (memberType is not null
                        && IsLogger(memberType, logger)
                        && (member.IsStatic || !inStaticCode)
                        && (SymbolEqualityComparer.Default.Equals(current, type) || member.DeclaredAccessibility != Accessibility.Private))
                    {
                        return (member.Name, memberType);
                    }
                }
            }

            return null;
        }

        /// <summary>True when <paramref name="method"/> (<c>LogWarning</c>, <c>LogError</c>) binds on <paramref name="loggerType"/> at <paramref name="position"/>: the logging namespace is imported.</summary>
        public static bool CanCall(SemanticModel semanticModel, int position, ITypeSymbol loggerType, string method)
            => semanticModel.LookupSymbols(position, loggerType, method, includeReducedExtensionMethods: true).Length > 0;


        private static bool IsLogger(ITypeSymbol type, INamedTypeSymbol logger)
            => SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, logger) || type.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i, logger));
    }
}
