using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using QueueLint.Model.Syntax;

namespace QueueLint.Model.Retries
{
    /// <summary>
    /// Polly v8 retry strategies: a <c>RetryStrategyOptions</c> object (Polly.Core defaults: 3 attempts, constant,
    /// 2 s, no jitter) or <c>HttpRetryStrategyOptions</c> (Microsoft.Extensions.Http.Resilience: exponential with
    /// jitter). The options are followed through their initializer, assignments to the local that holds them, and
    /// assignments in a configure lambda (<c>o.Retry.BackoffType = …</c>).
    /// </summary>
    internal sealed class PollyV8RetryAdapter : RetryAdapter
    {
        public PollyV8RetryAdapter(KnownSymbols symbols)
            : base(symbols, "RetryStrategyOptions", ".Retry.")
        {
        }

        public override RetryPolicy? ReadCreation(BaseObjectCreationExpressionSyntax creation, string? typeName, SemanticModel model)
            => (typeName is null ? MayBeOptions(creation) : typeName.Contains("RetryStrategyOptions")) ? ReadCreation(creation, model, Symbols) : null;

        /// <summary><c>o.Retry.BackoffType = …</c> in a configure lambda: one policy per receiver and body, read from its first assignment.</summary>
        public override RetryPolicy? ReadAssignment(AssignmentExpressionSyntax assignment, SemanticModel model, HashSet<string> configured)
            => assignment.Left is MemberAccessExpressionSyntax { Name.Identifier.ValueText: var property, Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Retry" } retry }
                && IsCandidateProperty(property)
                && configured.Add(retry.ToString() + "@" + (assignment.Ancestors().FirstOrDefaultBody()?.SpanStart ?? -1))
                ? ReadConfigure(assignment, retry, model, Symbols)
                : null;

        /// <summary>A target-typed <c>new() { … }</c> that sets a retry option.</summary>
        private static bool MayBeOptions(BaseObjectCreationExpressionSyntax creation)
        {
            if (creation.Initializer is null)
            {
                return false;
            }

            foreach (var expression in creation.Initializer.Expressions)
            {
                if (expression is AssignmentExpressionSyntax { Left: IdentifierNameSyntax name } && IsCandidateProperty(name.Identifier.ValueText))
                {
                    return true;
                }
            }

            return false;
        }

        private const int Constant = 0;
        private const int Linear = 1;
        private const int Exponential = 2;

        public static bool IsCandidateProperty(string name)
            => name is "BackoffType" or "UseJitter" or "MaxRetryAttempts" or "Delay" or "DelayGenerator";

        /// <summary>A <c>new RetryStrategyOptions { … }</c>, with what is assigned to it later in the same body.</summary>
        public static RetryPolicy? ReadCreation(BaseObjectCreationExpressionSyntax creation, SemanticModel model, KnownSymbols symbols)
            => RetryShapes.CountingRetries(ReadCreationPolicy(creation, model, symbols));

        private static RetryPolicy? ReadCreationPolicy(BaseObjectCreationExpressionSyntax creation, SemanticModel model, KnownSymbols symbols)
        {
            if (model.GetTypeInfo(creation).Type is not INamedTypeSymbol type || !TryGetDefaults(type, symbols, out var policy, creation))
            {
                return null;
            }

            var typeLocation = creation is ObjectCreationExpressionSyntax explicitCreation ? explicitCreation.Type.GetLocation() : creation.NewKeyword.GetLocation();
            policy.BackoffLocation = typeLocation;
            policy.AttemptsLocation = typeLocation;
            if (creation.Initializer is { } initializer)
            {
                foreach (var expression in initializer.Expressions)
                {
                    if (expression is AssignmentExpressionSyntax { Left: IdentifierNameSyntax property } assignment)
                    {
                        Apply(policy, property.Identifier.ValueText, assignment, model);
                    }
                }
            }

            // var options = new RetryStrategyOptions(); options.BackoffType = …; builder.AddRetry(options);
            if (creation.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }
                && declarator.Ancestors().FirstOrDefaultBody() is { } body)
            {
                var name = declarator.Identifier.ValueText;
                foreach (var node in body.DescendantNodes())
                {
                    switch (node)
                    {
                        case AssignmentExpressionSyntax { Left: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax receiver, Name: { } property } } assignment
                            when receiver.Identifier.ValueText == name:
                            Apply(policy, property.Identifier.ValueText, assignment, model);
                            break;
                        case ArgumentSyntax { Expression: IdentifierNameSyntax passed } argument when passed.Identifier.ValueText == name:
                            // Handed to something other than AddRetry (a binder, a helper): its values are not known here.
                            if (argument.Parent?.Parent is not InvocationExpressionSyntax invocation
                                || SyntaxNames.InvokedName(invocation)?.Identifier.ValueText != "AddRetry"
                                || !argument.RefKindKeyword.IsKind(SyntaxKind.None))
                            {
                                return null;
                            }

                            break;
                    }
                }
            }

            return policy;
        }

        /// <summary>Assignments to <c>x.Retry.Property</c> in one body (a configure lambda), read as one policy.</summary>
        public static RetryPolicy? ReadConfigure(AssignmentExpressionSyntax first, MemberAccessExpressionSyntax retry, SemanticModel model, KnownSymbols symbols)
            => RetryShapes.CountingRetries(ReadConfigurePolicy(first, retry, model, symbols));

        private static RetryPolicy? ReadConfigurePolicy(AssignmentExpressionSyntax first, MemberAccessExpressionSyntax retry, SemanticModel model, KnownSymbols symbols)
        {
            if (model.GetTypeInfo(retry).Type is not INamedTypeSymbol type || !TryGetDefaults(type, symbols, out var policy, first))
            {
                return null;
            }

            policy.BackoffLocation = first.GetLocation();
            policy.AttemptsLocation = first.GetLocation();
            var receiver = retry.ToString();
            var body = first.Ancestors().FirstOrDefaultBody();
            if (body is null)
            {
                return null;
            }

            foreach (var node in body.DescendantNodes())
            {
                if (node is AssignmentExpressionSyntax { Left: MemberAccessExpressionSyntax { Expression: { } target, Name: { } property } } assignment
                    && target.ToString() == receiver)
                {
                    Apply(policy, property.Identifier.ValueText, assignment, model);
                }
            }

            return policy;
        }

        private static bool TryGetDefaults(INamedTypeSymbol type, KnownSymbols symbols, out RetryPolicy policy, SyntaxNode node)
        {
            policy = new RetryPolicy(RetryLibrary.PollyV8, node);
            if (symbols.HttpRetryStrategyOptions is not null && type.InheritsFrom(symbols.HttpRetryStrategyOptions))
            {
                policy.Attempts = 3;
                policy.Delay = RetryDelay.Exponential;
                policy.Jitter = true;
                policy.Interval = TimeSpan.FromSeconds(2);
                return true;
            }

            // Only Polly's own options: a subclass may set other defaults in its constructor.
            if (symbols.PollyRetryStrategyOptions1 is not null
                && (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, symbols.PollyRetryStrategyOptions1)
                    || (type.Name == "RetryStrategyOptions" && SymbolEqualityComparer.Default.Equals(type.BaseType?.OriginalDefinition, symbols.PollyRetryStrategyOptions1))))
            {
                policy.Attempts = 3;
                policy.Delay = RetryDelay.Constant;
                policy.Interval = TimeSpan.FromSeconds(2);
                policy.BackoffForm = RetrySettingForm.StrategyOptions;
                return true;
            }

            return false;
        }

        private static void Apply(RetryPolicy policy, string property, AssignmentExpressionSyntax assignment, SemanticModel model)
        {
            var value = assignment.Right;
            switch (property)
            {
                case "MaxRetryAttempts":
                    if (RetryShapes.IsIntMax(value, model))
                    {
                        policy.Unbounded = true;
                        policy.AttemptsLocation = assignment.GetLocation();
                        policy.AttemptsForm = RetrySettingForm.AttemptCount;
                    }
                    else
                    {
                        policy.Unbounded = false;
                        policy.Attempts = RetryShapes.ReadInt(value, model);
                    }

                    break;
                case "BackoffType":
                    policy.BackoffLocation = assignment.GetLocation();
                    var backoff = model.GetConstantValue(value);
                    policy.Delay = backoff.HasValue && backoff.Value is int kind
                        ? kind switch { Constant => RetryDelay.Constant, Linear => RetryDelay.Linear, Exponential => RetryDelay.Exponential, _ => RetryDelay.Unknown }
                        : RetryDelay.Unknown;
                    policy.BackoffForm = policy.Delay == RetryDelay.Constant ? RetrySettingForm.StrategyOptions : RetrySettingForm.None;
                    policy.JitterForm = policy.Delay == RetryDelay.Exponential ? RetrySettingForm.StrategyOptions : RetrySettingForm.None;
                    break;
                case "UseJitter":
                    var jitter = model.GetConstantValue(value);
                    policy.Jitter = !jitter.HasValue || jitter.Value is not false;
                    if (!policy.Jitter)
                    {
                        policy.JitterLocation = assignment.GetLocation();
                    }

                    break;
                case "Delay":
                    policy.Interval = RetryShapes.ReadDuration(value, model, numberIsMilliseconds: false);
                    break;
                case "DelayGenerator":
                    policy.Delay = RetryDelay.Unknown;
                    policy.BackoffForm = RetrySettingForm.None;
                    policy.JitterForm = RetrySettingForm.None;
                    break;
            }

            if (policy.Delay == RetryDelay.Exponential && !policy.Jitter)
            {
                policy.JitterForm = RetrySettingForm.StrategyOptions;
            }
        }
    }
}
