using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using QueueLint.Model;

namespace QueueLint.Rules
{
    /// <summary>
    /// QL0007: a Hangfire job method that Hangfire's own validation rejects when the job is created: not public,
    /// out or by-reference parameters, delegate or expression parameters.
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
            if (context.Site.Framework != JobFramework.Hangfire || context.Site.JobInvocation is not { } job)
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
    }
}
