using Microsoft.CodeAnalysis;
using QueueLint.Model.Syntax;

namespace QueueLint.Model.Data
{
    /// <summary>Finds an entity's primary key the way EF Core's conventions do.</summary>
    internal static class EntityKeys
    {
        /// <summary>
        /// The key property: a single <c>[Key]</c> property, else <c>Id</c>, else <c>&lt;Type&gt;Id</c> (EF's
        /// conventions, case-insensitive), looking through base classes. Null for composite or unknown keys.
        /// </summary>
        public static IPropertySymbol? FindKey(INamedTypeSymbol entity, INamedTypeSymbol? keyAttribute)
        {
            IPropertySymbol? keyed = null;
            var keyedCount = 0;
            IPropertySymbol? id = null;
            IPropertySymbol? typeId = null;
            var typeIdName = entity.Name + "Id";

            for (var current = entity; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
            {
                foreach (var member in current.GetMembers())
                {
                    if (member is not IPropertySymbol { IsStatic: false, IsIndexer: false, GetMethod: not null } property
                        || property.DeclaredAccessibility != Accessibility.Public)
                    {
                        continue;
                    }

                    if (property.HasAttribute(keyAttribute))
                    {
                        keyed ??= property;
                        keyedCount++;
                    }

                    if (id is null && string.Equals(property.Name, "Id", System.StringComparison.OrdinalIgnoreCase))
                    {
                        id = property;
                    }
                    else if (typeId is null && string.Equals(property.Name, typeIdName, System.StringComparison.OrdinalIgnoreCase))
                    {
                        typeId = property;
                    }
                }
            }

            if (keyedCount > 1)
            {
                return null;
            }

            return keyed ?? id ?? typeId;
        }
    }
}
