using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using QueueLint.Model;
using QueueLint.Model.Failures;
using QueueLint.Model.Jobs;
using QueueLint.Model.Syntax;

namespace QueueLint.Rules
{
    /// <summary>
    /// QL0014: a failure that ends more than the job, or that nobody can find afterwards. An exception that can escape
    /// an iteration of an entry point whose failure ends the service (<c>BackgroundService.ExecuteAsync</c>: work that
    /// runs once, before or after its loops, is a start-up step the host logs and fails fast on), or a loop its
    /// <c>StartAsync</c> leaves running (<see cref="HostedLoops"/>); a shutdown-only catch filter guards, and waits on the
    /// stopping token throw only at shutdown. And a setting that tells the framework to discard failures without a trace
    /// (<see cref="DiscardedFailures"/>). A central reporter silences neither: it reports, but the host still stops.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class LostJobFailureAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Diagnostic property: present on the findings the per-iteration guard fixes (an escaping loop).</summary>
        public const string EscapesProperty = "Escapes";

        private const string GuardRemedy = "catch and report each iteration's failure and let the loop go on, and let OperationCanceledException end it at shutdown";

        private static readonly TextFilter s_startText = new(new[] { HostedLoops.StartMethodName });
        private static readonly ImmutableDictionary<string, string?> s_escapes = ImmutableDictionary<string, string?>.Empty.Add(EscapesProperty, "");

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.LostJobFailure);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(Reporting.GeneratedCodeFlags);
            context.RegisterCompilationStartAction(start =>
            {
                var model = JobModel.Get(start.Compilation);
                if (model.Symbols.HasHosting)
                {
                    JobCodeActions.Register(start, model, AnalyzeEntryPoint);
                }

                var discards = DiscardedFailures.Get(start.Compilation);
                var hostedService = model.Symbols.IHostedService is not null;
                if (!hostedService && !discards.IsActive)
                {
                    return;
                }

                start.RegisterSemanticModelAction(modelContext =>
                {
                    Action<Diagnostic>? report = null;
                    if (hostedService)
                    {
                        AnalyzeStartedLoops(modelContext, model, ref report);
                    }

                    foreach (var discarded in discards.GetDiscardedFailures(modelContext.SemanticModel, modelContext.CancellationToken))
                    {
                        (report ??= Reporting.ReportFor(modelContext))(Diagnostic.Create(
                            Descriptors.LostJobFailure, discarded.Location, discarded.Setting + " " + discarded.Consequence, discarded.Remedy));
                    }
                });
            });
        }

        private static void AnalyzeEntryPoint(JobCodeContext context)
        {
            var jobMethod = context.Method;
            if (!jobMethod.IsEntryPoint || !JobEntryPoints.FailureEndsService(jobMethod.EntryKind)
                || jobMethod.Declaration is not MethodDeclarationSyntax declaration || !jobMethod.GetSyntax(context.CancellationToken).HasWork
                || context.GetBody() is not { } body || context.Model.FailureCoverage.FindEscapingWork(body, context.CancellationToken) is null
                || context.Model.FailureCoverage.FindEscapingIteration(body, context.CancellationToken) is null)
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.LostJobFailure,
                declaration.Identifier.GetLocation(),
                s_escapes,
                "An exception can escape '" + jobMethod.Method.ToJobName() + "': " + JobEntryPoints.DescribeEscapedFailure(jobMethod.EntryKind),
                GuardRemedy));
        }

        /// <summary>The loops this file's <c>StartAsync</c> methods leave running, reported where each loop is declared.</summary>
        private static void AnalyzeStartedLoops(SemanticModelAnalysisContext context, JobModel model, ref Action<Diagnostic>? report)
        {
            var semanticModel = context.SemanticModel;
            var tree = semanticModel.SyntaxTree;
            var cancellationToken = context.CancellationToken;
            if (!s_startText.MayContain(tree.GetText(cancellationToken)))
            {
                return;
            }

            List<IMethodSymbol>? started = null;
            foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax))
            {
                if (node is MethodDeclarationSyntax { Identifier.ValueText: HostedLoops.StartMethodName } start
                    && semanticModel.GetDeclaredSymbol(start, cancellationToken) is { } symbol
                    && HostedLoops.IsStart(symbol, model.Symbols)
                    && semanticModel.GetOperation(start, cancellationToken) is { } body)
                {
                    HostedLoops.FindStarted(body, model.Symbols, started ??= new List<IMethodSymbol>());
                }
            }

            if (started is null)
            {
                return;
            }

            foreach (var loop in started)
            {
                foreach (var reference in loop.DeclaringSyntaxReferences)
                {
                    // Reported only where this file declares the loop: a file's action reports in its own file.
                    if (reference.SyntaxTree != tree
                        || reference.GetSyntax(cancellationToken) is not MethodDeclarationSyntax declaration
                        || semanticModel.GetOperation(declaration, cancellationToken) is not { } loopBody
                        || model.FailureCoverage.FindEscapingWork(loopBody, cancellationToken) is null)
                    {
                        continue;
                    }

                    (report ??= Reporting.ReportFor(context))(Diagnostic.Create(
                        Descriptors.LostJobFailure,
                        declaration.Identifier.GetLocation(),
                        s_escapes,
                        "An exception can escape '" + loop.ToJobName() + "', " + HostedLoops.EscapedFailure,
                        GuardRemedy));
                }
            }
        }
    }
}
