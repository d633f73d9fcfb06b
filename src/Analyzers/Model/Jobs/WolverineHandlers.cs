using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using QueueLint.Model.Syntax;

namespace QueueLint.Model.Jobs
{
    /// <summary>
    /// Wolverine finds its message handlers by convention, not by an interface (its <c>HandlerDiscovery</c>): a public
    /// class whose name ends in <c>Handler</c> or <c>Consumer</c>, that implements <c>IWolverineHandler</c>, carries
    /// <c>[WolverineHandler]</c> or derives from <c>Saga</c>; in it, a public method named <c>Handle</c>,
    /// <c>Handles</c>, <c>Consume</c> or <c>Consumes</c>, with or without <c>Async</c>, or one marked
    /// <c>[WolverineHandler]</c>, whose first parameter is the message. Static classes and static methods count.
    /// <c>[WolverineIgnore]</c> on the class or the method, a class that is not public, an abstract class, a generic
    /// method and one that returns a primitive value are left out, as Wolverine leaves them out. A method marked as an
    /// HTTP endpoint (<c>[WolverineGet]</c>, <c>[WolverinePost]</c>, … of Wolverine.Http) answers a request: it is left
    /// out too, though Wolverine's conventions would take it as a handler as well.
    /// <para>
    /// Wolverine takes the saga names (<c>Start</c>, <c>Orchestrate</c>, <c>StartOrHandle</c>, <c>NotFound</c>, …)
    /// on any handler class; QueueLint only on a <c>Saga</c>, where they are meant: a <c>StartAsync</c> on a class
    /// named <c>…Handler</c> is more often something else. Public methods a handler class inherits are not read.
    /// </para>
    /// </summary>
    internal static class WolverineHandlers
    {
        /// <summary>The method names Wolverine takes for handlers (besides a saga's, and an attribute's).</summary>
        public static readonly string[] MethodNames = { "Handle", "Handles", "HandleAsync", "HandlesAsync", "Consume", "Consumes", "ConsumeAsync", "ConsumesAsync" };

        /// <summary>The method names a saga adds.</summary>
        public static readonly string[] SagaMethodNames =
        {
            "Start", "Starts", "StartAsync", "StartsAsync", "Orchestrate", "Orchestrates", "OrchestrateAsync", "OrchestratesAsync",
            "StartOrHandle", "StartsOrHandles", "StartOrHandleAsync", "StartsOrHandlesAsync", "NotFound", "NotFoundAsync",
        };

        /// <summary>Whether a type of this name may be a handler by its name alone (the cheap first question).</summary>
        public static bool HasHandlerName(string name)
            => name.EndsWith("Handler", System.StringComparison.Ordinal) || name.EndsWith("Consumer", System.StringComparison.Ordinal);

        /// <summary>
        /// Whether Wolverine's discovery takes <paramref name="type"/> as a handler type. Asked of every source class where
        /// Wolverine is referenced, so the cheap questions come first: the name, the base types, the interfaces already
        /// read (<paramref name="interfaces"/>, or the type's own), and attributes only where a declaration has some.
        /// </summary>
        public static bool IsHandlerType(INamedTypeSymbol type, KnownSymbols symbols, ImmutableArray<INamedTypeSymbol> interfaces = default)
        {
            if (!symbols.HasWolverine || type.TypeKind != TypeKind.Class)
            {
                return false;
            }

            // Attributes are read only where a declaration has some, and only once the cheaper questions are answered.
            bool? attributed = null;
            if (!HasHandlerName(type.Name)
                && !IsSaga(type, symbols)
                && !(interfaces.IsDefault ? type.AllInterfaces : interfaces).ContainsType(symbols.WolverineIWolverineHandler)
                && !(symbols.WolverineHandlerAttribute is not null && (attributed ??= type.HasAttributeSyntax()) && type.HasAttribute(symbols.WolverineHandlerAttribute)))
            {
                return false;
            }

            return !(type.IsAbstract && !type.IsStatic)
                   && IsPublic(type)
                   && !(symbols.WolverineIgnoreAttribute is not null && (attributed ??= type.HasAttributeSyntax()) && type.HasAttribute(symbols.WolverineIgnoreAttribute));
        }

        /// <summary>Whether <paramref name="method"/>, declared by a handler type, is a handler method.</summary>
        public static bool IsHandlerMethod(IMethodSymbol method, KnownSymbols symbols)
        {
            if (method.MethodKind != MethodKind.Ordinary
                || method.DeclaredAccessibility != Accessibility.Public
                || method.IsGenericMethod
                || method.Parameters.Length == 0
                || IsPrimitive(method.ReturnType))
            {
                return false;
            }

            // Wolverine's names or [WolverineHandler]; [WolverineIgnore] or an HTTP endpoint's attribute leaves the method out.
            var type = method.ContainingType;
            var named = System.Array.IndexOf(MethodNames, method.Name) >= 0
                        || (System.Array.IndexOf(SagaMethodNames, method.Name) >= 0 && IsSaga(type, symbols));
            var marked = false;
            foreach (var attribute in method.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, symbols.WolverineIgnoreAttribute)
                    || attribute.AttributeClass.InheritsFrom(symbols.WolverineHttpMethodAttribute)
                    || IsUnresolvedHttpAttribute(attribute.AttributeClass))
                {
                    return false;
                }

                marked |= SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, symbols.WolverineHandlerAttribute);
            }

            if (!named && !marked)
            {
                return false;
            }

            return IsHandlerType(type, symbols);
        }

        /// <summary>
        /// A handler method whose message is queued, not only invoked in the caller's flow (<see cref="WolverineDispatch"/>):
        /// background work, a job entry point.
        /// </summary>
        public static bool IsQueuedHandler(IMethodSymbol method, JobModel model)
            => IsHandlerMethod(method, model.Symbols)
               && !(GetMessageType(method) is { } message && model.WolverineDispatch.IsOnlyInvoked(message));

        /// <summary>The message a handler method handles: the type of its first parameter.</summary>
        public static INamedTypeSymbol? GetMessageType(IMethodSymbol handler)
            => handler.Parameters.Length > 0 && handler.Parameters[0].Type is INamedTypeSymbol { TypeKind: not TypeKind.Error } message ? message : null;

        /// <summary>
        /// An HTTP endpoint's attribute the compiler cannot resolve (Wolverine.Http not referenced yet, code being typed):
        /// read by its name, so that a doubt keeps the method out rather than in.
        /// </summary>
        private static bool IsUnresolvedHttpAttribute(INamedTypeSymbol? attribute)
            => attribute is { TypeKind: TypeKind.Error }
               && System.Array.IndexOf(s_httpAttributeNames, attribute.Name.EndsWith("Attribute", System.StringComparison.Ordinal) ? attribute.Name.Substring(0, attribute.Name.Length - 9) : attribute.Name) >= 0;

        private static readonly string[] s_httpAttributeNames =
        {
            "WolverineGet", "WolverinePost", "WolverinePut", "WolverineDelete", "WolverinePatch", "WolverineHead", "WolverineOptions", "WolverineQuery",
        };

        private static bool IsPrimitive(ITypeSymbol type)
            => type.SpecialType is SpecialType.System_Boolean or SpecialType.System_Char or SpecialType.System_SByte or SpecialType.System_Byte
                or SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Int32 or SpecialType.System_UInt32
                or SpecialType.System_Int64 or SpecialType.System_UInt64 or SpecialType.System_Single or SpecialType.System_Double
                or SpecialType.System_IntPtr or SpecialType.System_UIntPtr;

        private static bool IsSaga(INamedTypeSymbol type, KnownSymbols symbols)
            => type.InheritsFrom(symbols.WolverineSaga);

        private static bool IsPublic(INamedTypeSymbol type)
        {
            for (var current = type; current is not null; current = current.ContainingType)
            {
                if (current.DeclaredAccessibility != Accessibility.Public)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
