using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace QueueLint.Model.Retries
{
    /// <summary>
    /// Durable Functions' retry policies for activity and sub-orchestration calls: in-process
    /// <c>new RetryOptions(firstRetryInterval, maxNumberOfAttempts) { BackoffCoefficient = … }</c>, isolated
    /// <c>new RetryPolicy(maxNumberOfAttempts, firstRetryInterval, backoffCoefficient = 1, …)</c>. The orchestration waits
    /// <c>firstRetryInterval × backoffCoefficient^(attempt − 1)</c> before each retry, without a random part, and the
    /// coefficient is 1 unless given: the delay stays flat by default. <c>maxNumberOfAttempts</c> counts the first attempt,
    /// so the retries are one fewer; <c>int.MaxValue</c> retries for as long as the orchestration lives. Neither has a
    /// setting for jitter.
    /// <para>
    /// An in-process <c>RetryOptions</c> kept in a variable can have its coefficient set after it is built: when the type
    /// that creates it writes <c>BackoffCoefficient</c> anywhere else, the delay is taken as not known.
    /// </para>
    /// </summary>
    internal sealed class DurableFunctionsRetryAdapter : RetryAdapter
    {
        public DurableFunctionsRetryAdapter(KnownSymbols symbols)
            : base(symbols, "RetryOptions", "RetryPolicy")
        {
        }

        public override RetryPolicy? ReadCreation(BaseObjectCreationExpressionSyntax creation, string? typeName, SemanticModel model)
        {
            if (typeName is not (null or "RetryOptions" or "RetryPolicy")
                || model.GetOperation(creation) is not IObjectCreationOperation { Constructor: { } constructor } operation)
            {
                return null;
            }

            var isolated = SymbolEqualityComparer.Default.Equals(constructor.ContainingType, Symbols.DurableRetryPolicy);
            if (!isolated && !SymbolEqualityComparer.Default.Equals(constructor.ContainingType, Symbols.DurableRetryOptions))
            {
                return null;
            }

            ExpressionSyntax? attempts = null;
            ExpressionSyntax? interval = null;
            ExpressionSyntax? coefficient = null;
            foreach (var argument in operation.Arguments)
            {
                if (argument.ArgumentKind != ArgumentKind.Explicit || argument.Syntax is not ArgumentSyntax { Expression: var value })
                {
                    continue;
                }

                switch (argument.Parameter?.Name)
                {
                    case "maxNumberOfAttempts":
                        attempts = value;
                        break;
                    case "firstRetryInterval":
                        interval = value;
                        break;
                    case "backoffCoefficient":
                        coefficient = value;
                        break;
                }
            }

            if (operation.Initializer is { } initializer)
            {
                foreach (var member in initializer.Initializers)
                {
                    if (member is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: var name }, Syntax: AssignmentExpressionSyntax { Right: var value } })
                    {
                        switch (name)
                        {
                            case "MaxNumberOfAttempts":
                                attempts = value;
                                break;
                            case "FirstRetryInterval":
                                interval = value;
                                break;
                            case "BackoffCoefficient":
                                coefficient = value;
                                break;
                        }
                    }
                }
            }

            var policy = new RetryPolicy(RetryLibrary.DurableFunctions, creation)
            {
                OffersJitter = false,
                BackoffLocation = coefficient?.GetLocation() ?? (creation is ObjectCreationExpressionSyntax { Type: var type } ? type.GetLocation() : creation.NewKeyword.GetLocation()),
            };

            var count = RetryShapes.ReadInt(attempts, model);
            if (attempts is not null)
            {
                policy.AttemptsLocation = attempts.GetLocation();
                policy.Unbounded = count == int.MaxValue;
                if (count is >= 1 and < int.MaxValue)
                {
                    policy.Attempts = count - 1;
                    policy.WrittenAttempts = count;
                }

                policy.AttemptsForm = RetrySettingForm.AttemptCount;
                policy.CountsAgainstBound = count is > 1;
            }

            policy.AtMostOneRetry = !policy.Unbounded && count is <= 2;
            var factor = coefficient is null ? 1.0 : ReadNumber(coefficient, model);
            if (factor is null || (!isolated && coefficient is null && MaySetCoefficientLater(creation)))
            {
                policy.Delay = RetryDelay.Unknown;
            }
            else if (factor.Value == 1.0)
            {
                policy.Delay = RetryDelay.Constant;
                policy.Interval = RetryShapes.ReadDuration(interval, model, numberIsMilliseconds: false);
                policy.BackoffForm = RetrySettingForm.DurableBackoffCoefficient;
            }
            else if (factor.Value > 1.0)
            {
                policy.Delay = RetryDelay.Exponential;
            }

            return policy;
        }

        private static double? ReadNumber(ExpressionSyntax expression, SemanticModel model)
            => model.GetConstantValue(expression) is { HasValue: true, Value: { } value } && value is double or float or int or long or decimal
                ? Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture)
                : null;

        /// <summary>Whether the options are kept in a variable or member, and the type that builds them sets a coefficient elsewhere.</summary>
        private static bool MaySetCoefficientLater(BaseObjectCreationExpressionSyntax creation)
        {
            if (creation.Parent is ArgumentSyntax)
            {
                return false;
            }

            var type = creation.FirstAncestorOrSelf<TypeDeclarationSyntax>();
            if (type is null)
            {
                return true;
            }

            foreach (var token in type.DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText == "BackoffCoefficient" && !creation.Span.Contains(token.Span))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
