using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using QueueLint.Model;
using QueueLint.Model.Jobs;
using QueueLint.Model.Syntax;

namespace QueueLint.Rules
{
    /// <summary>
    /// QL0013: in job code, a task-returning call whose task is dropped: used as a statement, or assigned to the
    /// discard (<c>_ = SendAsync()</c>, <c>_ = Task.Run(...)</c>). Lambdas are left alone: what a lambda returns goes
    /// to whoever calls it.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class UnobservedTaskAnalyzer : JobCodeAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.UnobservedTask);

        internal override void AnalyzeMethod(JobCodeContext context)
        {
            foreach (var statement in context.Method.GetSyntax(context.CancellationToken).Statements)
            {
                // Only a call, or a call assigned to the discard, can drop a task: bind nothing else.
                var call = statement.Expression switch
                {
                    InvocationExpressionSyntax invocation => invocation,
                    AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "_" }, Right: InvocationExpressionSyntax invocation } => invocation,
                    _ => null,
                };
                if (call is not null
                    && context.SemanticModel.GetOperation(call, context.CancellationToken) is IInvocationOperation operation
                    && IsTask(operation.Type, context.Symbols)
                    && (call == statement.Expression || IsDiscard(statement, context)))
                {
                    Report(operation, context);
                }
            }
        }

        private static bool IsDiscard(ExpressionStatementSyntax statement, JobCodeContext context)
            => context.SemanticModel.GetOperation(statement.Expression, context.CancellationToken) is ISimpleAssignmentOperation { Target: IDiscardOperation };

        private static void Report(IInvocationOperation invocation, JobCodeContext context)
            => context.ReportDiagnostic(Diagnostic.Create(Descriptors.UnobservedTask, invocation.Syntax.GetLocation(), invocation.TargetMethod.ToJobName()));

        private static bool IsTask(ITypeSymbol? type, KnownSymbols symbols)
            => type is INamedTypeSymbol named
               && (named.InheritsFrom(symbols.Task)
                   || SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, symbols.ValueTask)
                   || SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, symbols.ValueTask1));
    }
}
