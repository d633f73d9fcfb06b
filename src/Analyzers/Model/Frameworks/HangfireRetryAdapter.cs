using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace QueueLint.Model.Frameworks
{
    /// <summary>
    /// Hangfire's <c>[AutomaticRetry]</c> (also <c>new AutomaticRetryAttribute { … }</c> for global filters).
    /// Hangfire's defaults: 10 attempts, with a delay that grows with the attempt and has a random part.
    /// <c>DelaysInSeconds</c> replaces that schedule; <c>Attempts = 0</c> turns retries off.
    /// </summary>
    internal static class HangfireRetryAdapter
    {
        public const int DefaultAttempts = 10;

        public static RetryPolicy? ReadAttribute(AttributeSyntax attribute, SemanticModel model, KnownSymbols symbols)
        {
            if (!IsAutomaticRetry(model.GetTypeInfo(attribute).Type, symbols))
            {
                return null;
            }

            var policy = Defaults(attribute);
            if (attribute.ArgumentList is { } arguments)
            {
                foreach (var argument in arguments.Arguments)
                {
                    if (argument.NameEquals is { } nameEquals)
                    {
                        if (!Apply(policy, nameEquals.Name.Identifier.ValueText, argument, argument.Expression, model))
                        {
                            return null;
                        }
                    }
                }
            }

            return policy;
        }

        public static RetryPolicy? ReadCreation(BaseObjectCreationExpressionSyntax creation, SemanticModel model, KnownSymbols symbols)
        {
            if (!IsAutomaticRetry(model.GetTypeInfo(creation).Type, symbols))
            {
                return null;
            }

            var policy = Defaults(creation);
            if (creation.Initializer is { } initializer)
            {
                foreach (var expression in initializer.Expressions)
                {
                    if (expression is AssignmentExpressionSyntax { Left: IdentifierNameSyntax property } assignment
                        && !Apply(policy, property.Identifier.ValueText, assignment, assignment.Right, model))
                    {
                        return null;
                    }
                }
            }

            return policy;
        }

        private static bool IsAutomaticRetry(ITypeSymbol? type, KnownSymbols symbols)
            => type is not null && SymbolEqualityComparer.Default.Equals(type, symbols.HangfireAutomaticRetryAttribute);

        private static RetryPolicy Defaults(SyntaxNode node)
            => new(RetryLibrary.Hangfire, node)
            {
                Attempts = DefaultAttempts,
                Delay = RetryDelay.Growing,
                Jitter = true,
            };

        /// <returns>False when the attribute turns retries off.</returns>
        private static bool Apply(RetryPolicy policy, string property, SyntaxNode assignment, ExpressionSyntax value, SemanticModel model)
        {
            switch (property)
            {
                case "Attempts":
                    if (RetryShapes.IsIntMax(value, model))
                    {
                        policy.Unbounded = true;
                    }
                    else
                    {
                        policy.Attempts = RetryShapes.ReadInt(value, model);
                        if (policy.Attempts == 0)
                        {
                            return false;
                        }

                        policy.CountsAgainstBound = policy.Attempts is not null;
                    }

                    policy.AttemptsLocation = assignment.GetLocation();
                    policy.AttemptsFix = RetryFix.BoundAttempts;
                    break;
                case "DelaysInSeconds":
                    var elements = value switch
                    {
                        ArrayCreationExpressionSyntax { Initializer: { } init } => init.Expressions,
                        ImplicitArrayCreationExpressionSyntax { Initializer: { } init } => init.Expressions,
                        _ => default(SeparatedSyntaxList<ExpressionSyntax>?),
                    };
                    policy.Jitter = false;
                    policy.Delay = RetryDelay.Unknown;
                    if (elements is not { Count: > 0 } list)
                    {
                        break;
                    }

                    int? first = null;
                    var flat = true;
                    foreach (var element in list)
                    {
                        var seconds = RetryShapes.ReadInt(element, model);
                        if (seconds is null)
                        {
                            return true;
                        }

                        first ??= seconds;
                        flat &= seconds == first;
                    }

                    policy.Delay = flat ? RetryDelay.Constant : RetryDelay.Growing;
                    if (flat)
                    {
                        policy.Interval = TimeSpan.FromSeconds(first!.Value);
                        policy.BackoffLocation = assignment.GetLocation();
                        policy.BackoffFix = RetryFix.RemoveArgument;
                    }

                    break;
                case "DelayInSecondsByAttemptFunc":
                    policy.Delay = RetryDelay.Unknown;
                    break;
            }

            return true;
        }
    }
}
