using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using QueueLint.Model.Jobs;
using QueueLint.Model.Syntax;

namespace QueueLint.Rules
{
    /// <summary>
    /// QL0010: a method that runs in a job (an entry point, a Hangfire target, or a method job code calls), or a local
    /// function inside one, declared <c>async void</c>. Reported once, on the declaration.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class AsyncVoidJobAnalyzer : JobCodeAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.AsyncVoidJob);

        internal override void AnalyzeMethod(JobCodeContext context)
        {
            var jobMethod = context.Method;
            // The symbol answers for almost every method without reading its declaration.
            if (jobMethod.Method is { IsAsync: true, ReturnsVoid: true }
                && jobMethod.Declaration is MethodDeclarationSyntax declaration && IsAsyncVoid(declaration.Modifiers, declaration.ReturnType))
            {
                var consequence = jobMethod.IsEntryPoint && jobMethod.EntryKind == JobEntryPointKind.HangfireJob
                    ? "Hangfire refuses to enqueue it (NotSupportedException: async void methods are not supported)"
                    : "the job ends at its first await, and an exception it throws later crashes the process or is lost";
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.AsyncVoidJob, declaration.Identifier.GetLocation(), jobMethod.Method.ToJobName(), consequence));
            }

            foreach (var local in jobMethod.GetSyntax(context.CancellationToken).LocalFunctions)
            {
                if (IsAsyncVoid(local.Modifiers, local.ReturnType))
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        Descriptors.AsyncVoidJob,
                        local.Identifier.GetLocation(),
                        local.Identifier.ValueText,
                        "the job ends at its first await, and an exception it throws later crashes the process or is lost"));
                }
            }
        }

        private static bool IsAsyncVoid(SyntaxTokenList modifiers, TypeSyntax returnType)
            => modifiers.Any(SyntaxKind.AsyncKeyword) && returnType is PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword };
    }
}
