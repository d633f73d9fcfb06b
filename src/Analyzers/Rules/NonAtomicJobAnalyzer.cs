using System.Collections.Generic;
using System.Threading;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using QueueLint.Model;
using QueueLint.Model.Data;
using QueueLint.Model.Jobs;
using QueueLint.Model.Syntax;

namespace QueueLint.Rules
{
    /// <summary>
    /// QL0032: a job-code method that commits twice or more without a transaction around it: its own
    /// <c>SaveChanges[Async]</c>, <c>ExecuteUpdate</c>/<c>ExecuteDelete</c> and raw SQL calls (each commits on its
    /// own), plus each call to another job-code method that saves. Reported once per method, on the second commit.
    /// </summary>
    /// <remarks>
    /// Counted per method, not per job: the fix wraps one method's statements, and a job whose entry point calls
    /// two saving services is counted in the entry point (each call is one commit). A save inside a loop counts once
    /// (one commit per item is usually deliberate batching). Enclosed: a <c>BeginTransaction[Async]</c>, an
    /// execution strategy or a <c>TransactionScope</c> in the method or in its job's entry point.
    /// </remarks>
    [Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class NonAtomicJobAnalyzer : JobCodeAnalyzer
    {
        private static readonly OperationKindSet s_creationsAndCalls = OperationKindSet.Of(OperationKind.ObjectCreation, OperationKind.Invocation);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.NonAtomicJob);

        internal override void AnalyzeMethod(JobCodeContext context)
        {
            var symbols = context.Symbols;
            if (symbols.EfDbContext is null || context.GetBody() is not { } body)
            {
                return;
            }

            var facts = context.Model.GetEntityFrameworkJobFacts(context.AnalyzerOptions, context.CancellationToken);
            var commits = new List<IInvocationOperation>();
            if (OpensTransaction(body, symbols, facts, context.Method, commits, context.CancellationToken))
            {
                return;
            }

            if (commits.Count < 2)
            {
                return;
            }

            var entryPoint = context.Method.EntryPoint;
            if (!context.Method.IsEntryPoint && EntryPointOpensTransaction(context, entryPoint))
            {
                return;
            }

            commits.Sort((a, b) => a.Syntax.SpanStart.CompareTo(b.Syntax.SpanStart));
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.NonAtomicJob,
                commits[1].Syntax.GetLocation(),
                context.Method.Method.ToJobName(),
                commits.Count));
        }

        /// <summary>
        /// Collects the commits of <paramref name="body"/>; true when it opens a transaction (then the caller stops).
        /// </summary>
        private static bool OpensTransaction(IOperation body, KnownSymbols symbols, EntityFrameworkJobFacts facts, JobCodeMethod caller, List<IInvocationOperation>? commits, CancellationToken cancellationToken)
        {
            foreach (var operation in OperationHelpers.OperationsOfBody(body).OfKind(s_creationsAndCalls))
            {
                switch (operation)
                {
                    case IObjectCreationOperation creation when symbols.TransactionScope is not null
                                                                && SymbolEqualityComparer.Default.Equals(creation.Type, symbols.TransactionScope):
                        return true;
                    case IInvocationOperation invocation:
                        var name = invocation.TargetMethod.Name;
                        if (EntityFramework.MayBeOperation(name))
                        {
                            switch (EntityFramework.Classify(invocation, symbols).Kind)
                            {
                                case EfOperationKind.BeginTransaction:
                                case EfOperationKind.ExecutionStrategy:
                                    return true;
                                case EfOperationKind.Save:
                                case EfOperationKind.ExecuteUpdate:
                                case EfOperationKind.ExecuteDelete:
                                case EfOperationKind.RawSql:
                                    AddCommit(commits, invocation);
                                    break;
                            }
                        }
                        else if (name is "UseTransaction" or "UseTransactionAsync" && invocation.TargetMethod.ContainingType.InheritsFrom(symbols.DatabaseFacade))
                        {
                            return true;
                        }
                        else if (facts.Saves(caller, invocation.TargetMethod, cancellationToken))
                        {
                            AddCommit(commits, invocation);
                        }

                        break;
                }
            }

            return false;
        }

        private static void AddCommit(List<IInvocationOperation>? commits, IInvocationOperation invocation)
        {
            if (commits is null)
            {
                return;
            }

            // A commit repeated by a loop is one commit per item, usually on purpose.
            for (var node = invocation.Syntax.Parent; node is not null; node = node.Parent)
            {
                if (node is ForEachStatementSyntax or ForStatementSyntax or WhileStatementSyntax or DoStatementSyntax)
                {
                    foreach (var known in commits)
                    {
                        if (node.Span.Contains(known.Syntax.Span))
                        {
                            return;
                        }
                    }

                    break;
                }

                if (node is MemberDeclarationSyntax or AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
                {
                    break;
                }
            }

            commits.Add(invocation);
        }

        private static bool EntryPointOpensTransaction(JobCodeContext context, IMethodSymbol entryPoint)
        {
            if (context.JobCode.Find(entryPoint, context.CancellationToken) is not { } entry)
            {
                return false;
            }

            var semanticModel = CrossFileBinding.GetSemanticModel(context.Model.Compilation, entry.Declaration.SyntaxTree);
            return semanticModel.GetOperation(entry.Declaration, context.CancellationToken) is { } body
                   && OpensTransaction(body, context.Symbols, EntityFrameworkJobFacts.Empty, entry, commits: null, context.CancellationToken);
        }
    }
}
