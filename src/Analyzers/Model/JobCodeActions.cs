using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using QueueLint.Options;

namespace QueueLint.Model
{
    /// <summary>A job-code method handed to a rule, with what the rule needs to read and report on it.</summary>
    internal readonly struct JobCodeContext
    {
        private readonly Action<Diagnostic> _report;

        public JobCodeContext(JobModel model, JobCode jobCode, JobCodeMethod method, QueueLintOptions options, SemanticModel semanticModel, AnalyzerOptions analyzerOptions, Action<Diagnostic> report, CancellationToken cancellationToken)
        {
            Model = model;
            JobCode = jobCode;
            Method = method;
            Options = options;
            SemanticModel = semanticModel;
            AnalyzerOptions = analyzerOptions;
            _report = report;
            CancellationToken = cancellationToken;
        }

        public JobModel Model { get; }

        public KnownSymbols Symbols => Model.Symbols;

        public JobCode JobCode { get; }

        public JobCodeMethod Method { get; }

        /// <summary>The <c>queuelint.*</c> options of the method's file.</summary>
        public QueueLintOptions Options { get; }

        public SemanticModel SemanticModel { get; }

        public AnalyzerOptions AnalyzerOptions { get; }

        public CancellationToken CancellationToken { get; }

        /// <summary>The method's body as operations (<c>IMethodBodyOperation</c>), or null when it does not bind.</summary>
        public IOperation? GetBody() => SemanticModel.GetOperation(Method.Declaration, CancellationToken);

        public void ReportDiagnostic(Diagnostic diagnostic) => _report(diagnostic);
    }

    /// <summary>
    /// Delivers job code to rules, file by file: a rule sees each method of its file that runs in a job, and never
    /// walks the rest of the code.
    /// </summary>
    internal static class JobCodeActions
    {
        public static void Register(CompilationStartAnalysisContext context, JobModel model, Action<JobCodeContext> action)
        {
            if (!model.IsActive(QueueLintOptions.Get(context.Options.AnalyzerConfigOptionsProvider.GlobalOptions)))
            {
                return;
            }

            context.RegisterSemanticModelAction(modelContext =>
            {
                var jobCode = model.GetJobCode(modelContext.Options, modelContext.CancellationToken);
                var methods = jobCode.GetMethodsIn(modelContext.SemanticModel.SyntaxTree);
                if (methods.IsEmpty)
                {
                    return;
                }

                var options = QueueLintOptions.Get(modelContext.Options, modelContext.SemanticModel.SyntaxTree);

                // One delegate for the file, which leaves out generated code (a delegate over the context struct would box a copy of it).
                var report = Reporting.ReportFor(modelContext);
                foreach (var method in methods)
                {
                    action(new JobCodeContext(model, jobCode, method, options, modelContext.SemanticModel, modelContext.Options, report, modelContext.CancellationToken));
                }
            });
        }
    }
}
