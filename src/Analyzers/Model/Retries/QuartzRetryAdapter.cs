using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using QueueLint.Model.Syntax;

namespace QueueLint.Model.Retries
{
    /// <summary>
    /// Quartz: a job that throws <c>JobExecutionException</c> with <c>RefireImmediately = true</c> is run again at
    /// once by the same worker, with no delay and no limit of Quartz's own.
    /// </summary>
    internal sealed class QuartzRetryAdapter : RetryAdapter
    {
        public QuartzRetryAdapter(KnownSymbols symbols)
            : base(symbols, "RefireImmediately", "refireImmediately")
        {
        }

        /// <summary><c>new JobExecutionException(cause, refireImmediately: true)</c>.</summary>
        public override RetryPolicy? ReadCreation(BaseObjectCreationExpressionSyntax creation, string? typeName, SemanticModel model)
            => (typeName?.Contains("JobExecutionException") ?? false) && creation.ArgumentList?.Arguments.Count > 1 ? ReadCreation(creation, model, Symbols) : null;

        /// <summary><c>RefireImmediately = true</c>, in an initializer or on a variable.</summary>
        public override RetryPolicy? ReadAssignment(AssignmentExpressionSyntax assignment, SemanticModel model, HashSet<string> configured)
            => assignment.Left is IdentifierNameSyntax { Identifier.ValueText: "RefireImmediately" } or MemberAccessExpressionSyntax { Name.Identifier.ValueText: "RefireImmediately" }
                ? ReadAssignment(assignment, model, Symbols)
                : null;

        /// <summary><c>RefireImmediately = true</c> in an initializer or on a variable.</summary>
        public static RetryPolicy? ReadAssignment(AssignmentExpressionSyntax assignment, SemanticModel model, KnownSymbols symbols)
        {
            if (model.GetConstantValue(assignment.Right) is not { HasValue: true, Value: true }
                || model.GetSymbolInfo(assignment.Left).Symbol is not IPropertySymbol { Name: "RefireImmediately" } property
                || !property.ContainingType.InheritsFrom(symbols.QuartzJobExecutionException))
            {
                return null;
            }

            return Refire(assignment);
        }

        /// <summary><c>new JobExecutionException(cause, refireImmediately: true)</c>.</summary>
        public static RetryPolicy? ReadCreation(BaseObjectCreationExpressionSyntax creation, SemanticModel model, KnownSymbols symbols)
        {
            if (creation.ArgumentList is not { } arguments
                || model.GetSymbolInfo(creation).Symbol is not IMethodSymbol constructor
                || !constructor.ContainingType.InheritsFrom(symbols.QuartzJobExecutionException))
            {
                return null;
            }

            for (var i = 0; i < arguments.Arguments.Count && i < constructor.Parameters.Length; i++)
            {
                var argument = arguments.Arguments[i];
                var parameter = argument.NameColon is { } nameColon ? nameColon.Name.Identifier.ValueText : constructor.Parameters[i].Name;
                if (parameter == "refireImmediately" && model.GetConstantValue(argument.Expression) is { HasValue: true, Value: true })
                {
                    return Refire(argument);
                }
            }

            return null;
        }

        private static RetryPolicy Refire(SyntaxNode node)
            => new(RetryLibrary.Quartz, node) { Delay = RetryDelay.None, UncountedAttempts = "every failure" };
    }
}
