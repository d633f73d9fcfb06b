using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using QueueLint.Model;
using QueueLint.Model.Enqueue;
using QueueLint.Model.Hangfire;
using QueueLint.Model.Syntax;

namespace QueueLint.Rules
{
    /// <summary>
    /// QL0007: a Hangfire job method that Hangfire's own validation rejects when the job is created: not public,
    /// out or by-reference parameters, delegate or expression parameters; and parameters whose value Hangfire's
    /// JSON cannot give back as it was: <c>object</c>/<c>dynamic</c> (a number comes back as <c>Int64</c>), an
    /// interface or abstract class that is not a collection (under the default serializer settings the job
    /// fails to deserialize; quiet when the compilation configures type names).
    /// </summary>
    [DiagnosticAnalyzer(Microsoft.CodeAnalysis.LanguageNames.CSharp)]
    public sealed class HangfireCannotInvokeAnalyzer : EnqueueSiteAnalyzer
    {
        /// <summary>Diagnostic property, present when making the method public is the whole fix.</summary>
        public const string OnlyNotPublicProperty = "OnlyNotPublic";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.HangfireCannotInvoke);

        internal override bool IsApplicable(KnownSymbols symbols) => symbols.HasHangfire;

        internal override void AnalyzeSite(EnqueueSiteContext context, KnownSymbols symbols)
        {
            if (!context.Site.RecordsMethodCall || context.Site.JobInvocation is not { } job)
            {
                return;
            }

            var method = job.TargetMethod;
            var notPublic = method.DeclaredAccessibility != Accessibility.Public;
            string? parameterProblem = null;
            foreach (var parameter in method.Parameters)
            {
                parameterProblem = parameter.RefKind switch
                {
                    RefKind.Out => "parameter '" + parameter.Name + "' is an out parameter",
                    RefKind.Ref or RefKind.In => "parameter '" + parameter.Name + "' is passed by reference",
                    _ when parameter.Type.TypeKind == TypeKind.Delegate => "parameter '" + parameter.Name + "' is a delegate",
                    _ when parameter.Type.InheritsFrom(symbols.Expression) => "parameter '" + parameter.Name + "' is an expression",
                    _ => null,
                };
                if (parameterProblem is not null)
                {
                    break;
                }
            }

            if (parameterProblem is null)
            {
                parameterProblem = SerializationProblem(method, symbols, context);
            }

            if (!notPublic && parameterProblem is null)
            {
                return;
            }

            var reason = notPublic
                ? (parameterProblem is null ? "it is not public" : "it is not public, and " + parameterProblem)
                : parameterProblem!;
            var properties = notPublic && parameterProblem is null
                ? ImmutableDictionary<string, string?>.Empty.Add(OnlyNotPublicProperty, "true")
                : ImmutableDictionary<string, string?>.Empty;
            var location = job.Syntax switch
            {
                InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } => access.Name.GetLocation(),
                InvocationExpressionSyntax { Expression: SimpleNameSyntax name } => name.GetLocation(),
                _ => job.Syntax.GetLocation(),
            };
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.HangfireCannotInvoke, location, properties, method.ToJobName(), reason));
        }

        /// <summary>The first parameter whose value Hangfire's JSON does not give back as it was passed.</summary>
        private static string? SerializationProblem(IMethodSymbol method, KnownSymbols symbols, EnqueueSiteContext context)
        {
            foreach (var parameter in method.Parameters)
            {
                var type = parameter.Type;
                if (type.SpecialType == SpecialType.System_Object || type.TypeKind == TypeKind.Dynamic)
                {
                    return "parameter '" + parameter.Name + "' is " + (type.TypeKind == TypeKind.Dynamic ? "dynamic" : "object")
                        + (HangfireSerialization.TypeNamesConfigured(context.SemanticModel.Compilation, context.CancellationToken)
                            ? ": Hangfire's JSON gives a number back as Int64, not as the type that was passed"
                            : ": Hangfire's JSON gives a number back as Int64 and an object as a JObject, not as the type that was passed");
                }

                if (IsAbstraction(type, symbols) && !HangfireSerialization.TypeNamesConfigured(context.SemanticModel.Compilation, context.CancellationToken))
                {
                    var kind = type.TypeKind == TypeKind.Interface ? "the interface '" : "the abstract class '";
                    return "parameter '" + parameter.Name + "' is " + kind + type.Name
                        + "': under the default serializer settings the job fails to deserialize it (Could not create an instance of type '"
                        + type.ToDisplayString() + "') and is retried; pass a concrete type, or call UseRecommendedSerializerSettings()";
                }
            }

            return null;
        }

        /// <summary>An interface or abstract class that Hangfire's JSON cannot create; collections it can.</summary>
        private static bool IsAbstraction(ITypeSymbol type, KnownSymbols symbols)
        {
            if (type is not INamedTypeSymbol named || !(named.TypeKind == TypeKind.Interface || (named.TypeKind == TypeKind.Class && named.IsAbstract)))
            {
                return false;
            }

            // Hangfire substitutes its own token; collections become lists and dictionaries.
            if (SymbolEqualityComparer.Default.Equals(named, symbols.HangfireIJobCancellationToken)
                || named.SpecialType == SpecialType.System_Collections_IEnumerable
                || named.IsOrImplements(symbols.IEnumerable1))
            {
                return false;
            }

            foreach (var candidate in named.AllInterfaces)
            {
                if (candidate.SpecialType == SpecialType.System_Collections_IEnumerable)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
