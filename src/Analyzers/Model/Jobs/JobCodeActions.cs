using System;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using QueueLint.Model.Syntax;
using QueueLint.Options;

namespace QueueLint.Model.Jobs
{
    /// <summary>A job-code method handed to a rule, with what the rule needs to read and report on it.</summary>
    internal readonly struct JobCodeContext
    {
        private readonly Action<Diagnostic> _report;
        private readonly JobCodeBodies _bodies;
        private readonly int _index;

        public JobCodeContext(JobModel model, JobCode jobCode, JobCodeBodies bodies, int index, QueueLintOptions options, AnalyzerOptions analyzerOptions, Action<Diagnostic> report, CancellationToken cancellationToken)
        {
            Model = model;
            JobCode = jobCode;
            _bodies = bodies;
            _index = index;
            Options = options;
            AnalyzerOptions = analyzerOptions;
            _report = report;
            CancellationToken = cancellationToken;
        }

        public JobModel Model { get; }

        public KnownSymbols Symbols => Model.Symbols;

        public JobCode JobCode { get; }

        public JobCodeMethod Method => _bodies.Methods[_index];

        /// <summary>The <c>queuelint.*</c> options of the method's file.</summary>
        public QueueLintOptions Options { get; }

        public SemanticModel SemanticModel => _bodies.SemanticModel;

        public AnalyzerOptions AnalyzerOptions { get; }

        public CancellationToken CancellationToken { get; }

        /// <summary>The method's body as operations (<c>IMethodBodyOperation</c>), or null when it does not bind.</summary>
        public IOperation? GetBody() => _bodies.GetBody(_index, CancellationToken);

        /// <summary>
        /// Every operation under the method's body, in the order of <see cref="OperationHelpers.OperationsOfBody"/>
        /// (empty when the body does not bind): collected once for every rule.
        /// </summary>
        public BodyOperations GetOperations() => _bodies.GetOperations(_index, CancellationToken);

        public void ReportDiagnostic(Diagnostic diagnostic) => _report(diagnostic);
    }

    /// <summary>
    /// Delivers job code to rules, file by file: a rule sees each method of its file that runs in a job, and never
    /// walks the rest of the code.
    /// </summary>
    internal static class JobCodeActions
    {
        /// <summary>Whether the compilation has job code to hand to rules: a job framework, or configured jobs.</summary>
        public static bool IsActive(AnalyzerOptions options, JobModel model)
            => model.IsActive(QueueLintOptions.Get(options.AnalyzerConfigOptionsProvider.GlobalOptions));

        public static void Register(CompilationStartAnalysisContext context, JobModel model, Action<JobCodeContext> action)
        {
            if (!IsActive(context.Options, model))
            {
                return;
            }

            context.RegisterSemanticModelAction(modelContext =>
            {
                var jobCode = model.GetJobCode(modelContext.Options, modelContext.CancellationToken);
                var methods = jobCode.GetMethodsIn(modelContext.SemanticModel.SyntaxTree, modelContext.CancellationToken);
                if (methods.IsEmpty)
                {
                    return;
                }

                var options = QueueLintOptions.Get(modelContext.Options, modelContext.SemanticModel.SyntaxTree);
                var bodies = JobCodeBodies.Get(modelContext.SemanticModel, methods);

                // One delegate for the file, which leaves out generated code (a delegate over the context struct would box a copy of it).
                var report = Reporting.ReportFor(modelContext);
                for (var i = 0; i < methods.Length; i++)
                {
                    action(new JobCodeContext(model, jobCode, bodies, i, options, modelContext.Options, report, modelContext.CancellationToken));
                }
            });
        }
    }

    /// <summary>
    /// The bodies of one file's job-code methods as operations, bound once for every rule that reads them. Kept with
    /// the file's semantic model (and dropped with it): the model's cached operation trees are what they hold.
    /// </summary>
    internal sealed class JobCodeBodies
    {
        private static readonly ConditionalWeakTable<SemanticModel, JobCodeBodies> s_byModel = new();

        private readonly Body?[] _bodies;

        private JobCodeBodies(SemanticModel semanticModel, ImmutableArray<JobCodeMethod> methods)
        {
            SemanticModel = semanticModel;
            Methods = methods;
            _bodies = new Body?[methods.Length];
        }

        public SemanticModel SemanticModel { get; }

        /// <summary>The job-code methods of the file, as <see cref="JobCode.GetMethodsIn"/> gives them.</summary>
        public ImmutableArray<JobCodeMethod> Methods { get; }

        public static JobCodeBodies Get(SemanticModel semanticModel, ImmutableArray<JobCodeMethod> methods)
        {
            if (s_byModel.TryGetValue(semanticModel, out var found))
            {
                return found;
            }

            var created = new JobCodeBodies(semanticModel, methods);
            return s_byModel.GetValue(semanticModel, _ => created);
        }

        public IOperation? GetBody(int index, CancellationToken cancellationToken) => GetEntry(index, cancellationToken).Operation;

        public BodyOperations GetOperations(int index, CancellationToken cancellationToken)
        {
            var body = GetEntry(index, cancellationToken);
            if (body.Descendants is null)
            {
                // Two rules asking at once compute the same list; either copy serves.
                body.Descendants = body.Operation is null ? BodyOperations.Empty : OperationHelpers.OperationsOfBody(body.Operation);
            }

            return body.Descendants;
        }

        private Body GetEntry(int index, CancellationToken cancellationToken)
        {
            var body = Volatile.Read(ref _bodies[index]);
            if (body is null)
            {
                // The body that finding job code read, when it came from this file's semantic model; taken, so that the
                // compilation's job code no longer holds it (and its semantic model) once the file's rules have it.
                var method = Methods[index];
                var known = method.Body;
                method.Body = null;
                body = new Body(known is not null && known.SemanticModel == SemanticModel ? known : SemanticModel.GetOperation(method.Declaration, cancellationToken));
                body = Interlocked.CompareExchange(ref _bodies[index], body, null) ?? body;
            }

            return body;
        }

        private sealed class Body
        {
            public Body(IOperation? operation) => Operation = operation;

            public IOperation? Operation { get; }

            public BodyOperations? Descendants { get; set; }
        }
    }
}
