using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using QueueLint.Model;

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
            if (context.GetBody() is { } body)
            {
                Visit(body, context);
            }
        }

        private static void Visit(IOperation operation, JobCodeContext context)
        {
            foreach (var child in operation.ChildOperations)
            {
                switch (child)
                {
                    case IAnonymousFunctionOperation:
                        continue;
                    case IExpressionStatementOperation { Operation: IInvocationOperation invocation } when IsTask(invocation.Type, context.Symbols):
                        Report(invocation, context);
                        continue;
                    case IExpressionStatementOperation { Operation: ISimpleAssignmentOperation { Target: IDiscardOperation, Value: var value } }
                        when value.WithoutImplicitConversions() is IInvocationOperation discarded && IsTask(discarded.Type, context.Symbols):
                        Report(discarded, context);
                        continue;
                }

                Visit(child, context);
            }
        }

        private static void Report(IInvocationOperation invocation, JobCodeContext context)
            => context.ReportDiagnostic(Diagnostic.Create(Descriptors.UnobservedTask, invocation.Syntax.GetLocation(), invocation.TargetMethod.ToJobName()));

        private static bool IsTask(ITypeSymbol? type, KnownSymbols symbols)
            => type is INamedTypeSymbol named
               && (named.InheritsFrom(symbols.Task)
                   || SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, symbols.ValueTask)
                   || SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, symbols.ValueTask1));
    }
}
