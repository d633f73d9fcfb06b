using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using QueueLint.Model.Syntax;

namespace QueueLint.Model.Retries
{
    /// <summary>Syntax-level readings shared by the retry adapters: durations, how an expression grows, delays.</summary>
    internal static class RetryShapes
    {
        /// <summary>
        /// Whether an exception of this name is an optimistic-concurrency conflict (EF Core's
        /// <c>DbUpdateConcurrencyException</c>, a store's <c>ConcurrencyException</c>): trying again at once re-reads and
        /// writes again, which resolves it, so a retry for it wants no backoff.
        /// </summary>
        public static bool IsConcurrencyConflict(string exceptionName) => exceptionName.IndexOf("Concurrency", StringComparison.Ordinal) >= 0;

        /// <summary>A duration written as a constant: <c>TimeSpan.FromSeconds(2)</c>, <c>TimeSpan.Zero</c>, milliseconds as a number.</summary>
        public static TimeSpan? ReadDuration(ExpressionSyntax? expression, SemanticModel model, bool numberIsMilliseconds = true)
        {
            switch (expression)
            {
                case null:
                    return null;
                case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Zero" } zero when zero.Expression.ToString().EndsWith("TimeSpan", StringComparison.Ordinal):
                    return TimeSpan.Zero;
                case InvocationExpressionSyntax { ArgumentList.Arguments: { Count: 1 } args } invocation
                    when invocation.Expression is MemberAccessExpressionSyntax access
                        ? access.Expression.ToString().EndsWith("TimeSpan", StringComparison.Ordinal)
                        : invocation.Expression is IdentifierNameSyntax && model.GetSymbolInfo(invocation).Symbol?.ContainingType?.SpecialType == SpecialType.None
                            && model.GetSymbolInfo(invocation).Symbol?.ContainingType?.Name == "TimeSpan":
                    var value = model.GetConstantValue(args[0].Expression);
                    if (!value.HasValue || value.Value is null || SyntaxNames.InvokedName(invocation) is not { } factory)
                    {
                        return null;
                    }

                    var number = Convert.ToDouble(value.Value, System.Globalization.CultureInfo.InvariantCulture);
                    return factory.Identifier.ValueText switch
                    {
                        "FromMilliseconds" => TimeSpan.FromMilliseconds(number),
                        "FromSeconds" => TimeSpan.FromSeconds(number),
                        "FromMinutes" => TimeSpan.FromMinutes(number),
                        "FromHours" => TimeSpan.FromHours(number),
                        _ => null,
                    };
                // JasperFx's 100.Milliseconds(), 5.Seconds(), … (what Wolverine's own documentation writes).
                case InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0, Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Milliseconds" or "Seconds" or "Minutes" or "Hours" } unit } extension
                    when model.GetConstantValue(unit.Expression) is { HasValue: true, Value: int amount }
                        && model.GetSymbolInfo(extension).Symbol is IMethodSymbol { IsExtensionMethod: true, ReturnType.Name: "TimeSpan" }:
                    return unit.Name.Identifier.ValueText switch
                    {
                        "Milliseconds" => TimeSpan.FromMilliseconds(amount),
                        "Seconds" => TimeSpan.FromSeconds(amount),
                        "Minutes" => TimeSpan.FromMinutes(amount),
                        _ => TimeSpan.FromHours(amount),
                    };
                default:
                    if (numberIsMilliseconds)
                    {
                        var constant = model.GetConstantValue(expression);
                        if (constant.HasValue && constant.Value is int ms)
                        {
                            return TimeSpan.FromMilliseconds(ms);
                        }
                    }

                    return null;
            }
        }

        /// <summary>How a delay expression grows with the names that change between attempts.</summary>
        public static RetryDelay Classify(SyntaxNode expression, ICollection<string> varying, out bool jitter)
        {
            jitter = false;
            var usesVarying = false;
            var exponential = false;
            var multiplies = false;
            foreach (var node in expression.DescendantNodesAndSelf())
            {
                switch (node)
                {
                    case IdentifierNameSyntax name:
                        var text = name.Identifier.ValueText;
                        if (varying.Contains(text))
                        {
                            usesVarying = true;
                        }

                        if (text.IndexOf("Random", StringComparison.OrdinalIgnoreCase) >= 0
                            || text.IndexOf("Jitter", StringComparison.OrdinalIgnoreCase) >= 0
                            || text is "Next" or "NextDouble" or "NextInt64" or "GetInt32")
                        {
                            jitter = true;
                        }

                        if (text is "Pow" or "Exp" or "Exp2")
                        {
                            exponential = true;
                        }

                        break;
                    case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.LeftShiftExpression):
                        exponential = true;
                        break;
                    case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.MultiplyExpression) || binary.IsKind(SyntaxKind.AddExpression):
                        multiplies = true;
                        break;
                }
            }

            if (!usesVarying)
            {
                return RetryDelay.Constant;
            }

            return exponential ? RetryDelay.Exponential : multiplies ? RetryDelay.Linear : RetryDelay.Unknown;
        }

        /// <summary>Calls to <c>Task.Delay</c> or <c>Thread.Sleep</c> in <paramref name="root"/>, not inside nested functions.</summary>
        public static InvocationExpressionSyntax? FindDelay(SyntaxNode root, SemanticModel model, KnownSymbols symbols)
        {
            foreach (var node in root.DescendantNodes(n => n == root || !IsFunction(n)))
            {
                if (node is InvocationExpressionSyntax invocation
                    && SyntaxNames.InvokedName(invocation)?.Identifier.ValueText is "Delay" or "Sleep"
                    && model.GetSymbolInfo(invocation).Symbol is IMethodSymbol method
                    && (SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.Task) || SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.Thread)))
                {
                    return invocation;
                }
            }

            return null;
        }

        // By kind: asked of every node the retry searches walk, and a kind is cheaper to test than an abstract type.
        public static bool IsFunction(SyntaxNode node)
            => node.RawKind is (int)SyntaxKind.SimpleLambdaExpression or (int)SyntaxKind.ParenthesizedLambdaExpression
                or (int)SyntaxKind.AnonymousMethodExpression or (int)SyntaxKind.LocalFunctionStatement;

        public static bool IsLoop(SyntaxNode node)
            => node.RawKind is (int)SyntaxKind.ForStatement or (int)SyntaxKind.WhileStatement or (int)SyntaxKind.DoStatement
                or (int)SyntaxKind.ForEachStatement;

        /// <summary>
        /// Sets <see cref="RetryPolicy.AtMostOneRetry"/> for a library whose count is the number of retries after the
        /// first attempt (Polly, MassTransit, Hangfire); returns the policy.
        /// </summary>
        public static RetryPolicy? CountingRetries(RetryPolicy? policy)
        {
            if (policy is not null)
            {
                policy.AtMostOneRetry = !policy.Unbounded && policy.Attempts is <= 1;
            }

            return policy;
        }

        /// <summary>
        /// A list of delays, one retry each, written as a single array or as the <c>params</c> values themselves
        /// (MassTransit <c>Intervals</c>, Wolverine <c>RetryWithCooldown</c>): see <see cref="ClassifyDelays"/>. Left
        /// as it is when a delay cannot be read.
        /// </summary>
        public static void ReadDelayList(RetryPolicy policy, SeparatedSyntaxList<ArgumentSyntax> arguments, SemanticModel model, RetrySettingForm flatForm)
        {
            SeparatedSyntaxList<ExpressionSyntax>? array = arguments.Count == 1
                ? arguments[0].Expression switch
                {
                    ArrayCreationExpressionSyntax { Initializer: { } init } => init.Expressions,
                    ImplicitArrayCreationExpressionSyntax { Initializer: { } init } => init.Expressions,
                    _ => null,
                }
                : null;
            var count = array?.Count ?? arguments.Count;
            var delays = new List<TimeSpan>(count);
            for (var i = 0; i < count; i++)
            {
                if (ReadDuration(array is { } values ? values[i] : arguments[i].Expression, model) is not { } value)
                {
                    return;
                }

                delays.Add(value);
            }

            ClassifyDelays(policy, delays, flatForm);
        }

        /// <summary>
        /// Sets the attempts and the delay of a policy that retries once after each of <paramref name="delays"/>: a
        /// constant delay (written in <paramref name="flatForm"/>, where a fix starts) when they are all the same,
        /// growing when none is shorter than the one before, unknown otherwise.
        /// </summary>
        public static void ClassifyDelays(RetryPolicy policy, IReadOnlyList<TimeSpan> delays, RetrySettingForm flatForm)
        {
            if (delays.Count == 0)
            {
                return;
            }

            var flat = true;
            var growing = true;
            for (var i = 1; i < delays.Count; i++)
            {
                flat &= delays[i] == delays[0];
                growing &= delays[i] >= delays[i - 1];
            }

            policy.Attempts = delays.Count;
            if (flat)
            {
                policy.Delay = RetryDelay.Constant;
                policy.Interval = delays[0];
                policy.BackoffForm = flatForm;
            }
            else
            {
                policy.Delay = growing ? RetryDelay.Growing : RetryDelay.Unknown;
            }
        }

        /// <summary>Whether <paramref name="expression"/> is the constant <c>int.MaxValue</c>.</summary>
        public static bool IsIntMax(ExpressionSyntax expression, SemanticModel model)
            => model.GetConstantValue(expression) is { HasValue: true, Value: int.MaxValue };

        public static int? ReadInt(ExpressionSyntax? expression, SemanticModel model)
            => expression is not null && model.GetConstantValue(expression) is { HasValue: true, Value: int value } ? value : null;
    }
}
