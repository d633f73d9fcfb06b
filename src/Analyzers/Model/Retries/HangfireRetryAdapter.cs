using System;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using QueueLint.Model.Failures;
using QueueLint.Model.Syntax;

namespace QueueLint.Model.Retries
{
    /// <summary>
    /// Hangfire's <c>[AutomaticRetry]</c> (also <c>new AutomaticRetryAttribute { … }</c> for global filters).
    /// Hangfire's defaults: 10 attempts, with a delay that grows with the attempt and has a random part.
    /// <c>DelaysInSeconds</c> replaces that schedule; <c>Attempts = 0</c> turns retries off. Past the end of its list
    /// Hangfire waits the last delay again, so a list of one delay is a single retry only when <c>Attempts</c> is 1.
    /// </summary>
    internal sealed class HangfireRetryAdapter : RetryAdapter
    {
        public HangfireRetryAdapter(KnownSymbols symbols)
            : base(symbols, "Retry")
        {
        }

        public override RetryPolicy? ReadCreation(BaseObjectCreationExpressionSyntax creation, string? typeName, SemanticModel model)
            => typeName?.Contains("AutomaticRetry") ?? false ? ReadCreation(creation, model, Symbols) : null;

        public override RetryPolicy? ReadAttribute(AttributeSyntax attribute, string name, SemanticModel model, CancellationToken cancellationToken)
            => name.Contains("AutomaticRetry") ? ReadAttribute(attribute, model, Symbols, cancellationToken) : null;

        public const int DefaultAttempts = 10;

        /// <summary>
        /// An <c>[AutomaticRetry]</c> attribute, read from the attribute data the compiler binds for its declaration
        /// (the attribute itself is not bound again); read through the semantic model only where the attribute's
        /// owner has no declared symbol to ask.
        /// </summary>
        public static RetryPolicy? ReadAttribute(AttributeSyntax attribute, SemanticModel model, KnownSymbols symbols, CancellationToken cancellationToken)
            => RetryShapes.CountingRetries(ReadAttributePolicy(attribute, model, symbols, cancellationToken));

        private static RetryPolicy? ReadAttributePolicy(AttributeSyntax attribute, SemanticModel model, KnownSymbols symbols, CancellationToken cancellationToken)
        {
            if (FindAttributeData(attribute, model, cancellationToken) is not { } data)
            {
                return ReadAttributeSyntax(attribute, model, symbols);
            }

            if (!IsAutomaticRetry(data.AttributeClass, symbols))
            {
                return null;
            }

            var policy = Defaults(attribute);
            if (attribute.ArgumentList is { } arguments)
            {
                foreach (var argument in arguments.Arguments)
                {
                    if (argument.NameEquals is not { } nameEquals)
                    {
                        continue;
                    }

                    var property = nameEquals.Name.Identifier.ValueText;
                    TypedConstant? value = null;
                    foreach (var named in data.NamedArguments)
                    {
                        if (named.Key == property)
                        {
                            value = named.Value;
                        }
                    }

                    var applied = property switch
                    {
                        "Attempts" => ApplyAttempts(policy, argument, value?.Value as int?),
                        "DelaysInSeconds" => ApplyDelays(policy, argument, value is { Kind: TypedConstantKind.Array, IsNull: false } array ? ReadInts(array.Values) : null),
                        _ => Apply(policy, property),
                    };
                    if (!applied)
                    {
                        return null;
                    }
                }
            }

            return policy;
        }

        private static RetryPolicy? ReadAttributeSyntax(AttributeSyntax attribute, SemanticModel model, KnownSymbols symbols)
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
                    if (argument.NameEquals is { } nameEquals
                        && !Apply(policy, nameEquals.Name.Identifier.ValueText, argument, argument.Expression, model))
                    {
                        return null;
                    }
                }
            }

            return policy;
        }

        public static RetryPolicy? ReadCreation(BaseObjectCreationExpressionSyntax creation, SemanticModel model, KnownSymbols symbols)
            => RetryShapes.CountingRetries(ReadCreationPolicy(creation, model, symbols));

        private static RetryPolicy? ReadCreationPolicy(BaseObjectCreationExpressionSyntax creation, SemanticModel model, KnownSymbols symbols)
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

        /// <summary>The word a file must hold for <see cref="ReadDiscard"/> to find anything: the discard is silent only with it.</summary>
        public const string DiscardWord = "LogEvents";

        /// <summary>
        /// <c>[AutomaticRetry(OnAttemptsExceeded = AttemptsExceededAction.Delete, LogEvents = false)]</c>, or the same
        /// filter created for <c>GlobalJobFilters.Filters.Add</c> / <c>UseFilter</c>: after the last attempt Hangfire moves
        /// the job to Deleted instead of Failed (the failed attempt stays only in the job's history, which expires with
        /// it), and without its events it logs neither the attempts nor the delete.
        /// With <c>LogEvents</c> on (the default) the delete is logged as a warning: not a discard without a trace.
        /// </summary>
        public static DiscardedFailure? ReadDiscard(SyntaxNode node, SemanticModel model, KnownSymbols symbols, CancellationToken cancellationToken)
        {
            SeparatedSyntaxList<AttributeArgumentSyntax>? attributeArguments = null;
            SeparatedSyntaxList<ExpressionSyntax>? initializers = null;
            switch (node)
            {
                case AttributeSyntax attribute when SyntaxNames.Rightmost(attribute.Name).Contains("AutomaticRetry") && attribute.ArgumentList is { } list:
                    attributeArguments = list.Arguments;
                    break;
                case ObjectCreationExpressionSyntax { Initializer: { } initializer } creation when SyntaxNames.Rightmost(creation.Type).Contains("AutomaticRetry"):
                    initializers = initializer.Expressions;
                    break;
                default:
                    return null;
            }

            bool? deletes = null;
            bool? logs = null;
            var count = attributeArguments?.Count ?? initializers!.Value.Count;
            for (var i = 0; i < count; i++)
            {
                string? property;
                ExpressionSyntax value;
                if (attributeArguments is { } arguments)
                {
                    property = arguments[i].NameEquals?.Name.Identifier.ValueText;
                    value = arguments[i].Expression;
                }
                else if (initializers!.Value[i] is AssignmentExpressionSyntax { Left: IdentifierNameSyntax name } assignment)
                {
                    property = name.Identifier.ValueText;
                    value = assignment.Right;
                }
                else
                {
                    continue;
                }

                if (property == "OnAttemptsExceeded")
                {
                    deletes = model.GetConstantValue(value, cancellationToken) is { HasValue: true, Value: var action } && Equals(action, DeleteValue(symbols));
                }
                else if (property == DiscardWord)
                {
                    logs = model.GetConstantValue(value, cancellationToken) is not { HasValue: true, Value: false };
                }
            }

            if (deletes != true || logs != false || !IsAutomaticRetry(model.GetTypeInfo(node, cancellationToken).Type, symbols))
            {
                return null;
            }

            return new DiscardedFailure(
                node.GetLocation(),
                node is AttributeSyntax ? "[AutomaticRetry] with OnAttemptsExceeded = Delete and LogEvents = false" : "This AutomaticRetryAttribute filter, with OnAttemptsExceeded = Delete and LogEvents = false,",
                "deletes failed jobs without a trace: after the last attempt Hangfire moves the job to Deleted instead of Failed, off the dashboard's Failed list and out of storage when deleted jobs expire, and logs neither the attempts nor the delete",
                "leave LogEvents on, let the job end as Failed, or report the failure from a job filter");
        }

        private static object? DeleteValue(KnownSymbols symbols)
        {
            foreach (var member in symbols.HangfireAutomaticRetryAttribute!.GetMembers("OnAttemptsExceeded"))
            {
                if (member is IPropertySymbol { Type: INamedTypeSymbol { TypeKind: TypeKind.Enum } action })
                {
                    foreach (var field in action.GetMembers("Delete"))
                    {
                        if (field is IFieldSymbol { HasConstantValue: true } delete)
                        {
                            return delete.ConstantValue;
                        }
                    }
                }
            }

            return null;
        }

        /// <summary>The compiler's data for <paramref name="attribute"/> when it is applied to a type, method or property.</summary>
        private static AttributeData? FindAttributeData(AttributeSyntax attribute, SemanticModel model, CancellationToken cancellationToken)
        {
            if (attribute.Parent is not AttributeListSyntax { Target: null, Parent: MemberDeclarationSyntax owner }
                || owner is not (BaseTypeDeclarationSyntax or BaseMethodDeclarationSyntax or PropertyDeclarationSyntax)
                || model.GetDeclaredSymbol(owner, cancellationToken) is not { } symbol)
            {
                return null;
            }

            foreach (var data in symbol.GetAttributes())
            {
                if (data.ApplicationSyntaxReference is { } reference
                    && reference.Span == attribute.Span
                    && reference.SyntaxTree == attribute.SyntaxTree)
                {
                    return data;
                }
            }

            return null;
        }

        private static int?[] ReadInts(ImmutableArray<TypedConstant> values)
        {
            var result = new int?[values.Length];
            for (var i = 0; i < values.Length; i++)
            {
                result[i] = values[i].Value as int?;
            }

            return result;
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
                    return ApplyAttempts(policy, assignment, RetryShapes.ReadInt(value, model));
                case "DelaysInSeconds":
                    var elements = value switch
                    {
                        ArrayCreationExpressionSyntax { Initializer: { } init } => init.Expressions,
                        ImplicitArrayCreationExpressionSyntax { Initializer: { } init } => init.Expressions,
                        _ => default(SeparatedSyntaxList<ExpressionSyntax>?),
                    };
                    int?[]? seconds = null;
                    if (elements is { } list)
                    {
                        seconds = new int?[list.Count];
                        for (var i = 0; i < list.Count; i++)
                        {
                            seconds[i] = RetryShapes.ReadInt(list[i], model);
                        }
                    }

                    return ApplyDelays(policy, assignment, seconds);
                default:
                    return Apply(policy, property);
            }
        }

        /// <returns>False when the attempts turn retries off.</returns>
        private static bool ApplyAttempts(RetryPolicy policy, SyntaxNode assignment, int? attempts)
        {
            if (attempts == int.MaxValue)
            {
                policy.Unbounded = true;
            }
            else
            {
                policy.Attempts = attempts;
                if (attempts == 0)
                {
                    return false;
                }

                policy.CountsAgainstBound = attempts is not null;
            }

            policy.AttemptsLocation = assignment.GetLocation();
            policy.AttemptsForm = RetrySettingForm.AttemptCount;
            return true;
        }

        /// <summary>
        /// <c>DelaysInSeconds</c>: <paramref name="seconds"/> holds one delay per element (null where not a constant),
        /// and is null when the value is not an array literal.
        /// </summary>
        private static bool ApplyDelays(RetryPolicy policy, SyntaxNode assignment, int?[]? seconds)
        {
            policy.Jitter = false;
            policy.Delay = RetryDelay.Unknown;
            if (seconds is not { Length: > 0 })
            {
                return true;
            }

            int? first = null;
            var flat = true;
            foreach (var delay in seconds)
            {
                if (delay is null)
                {
                    return true;
                }

                first ??= delay;
                flat &= delay == first;
            }

            policy.Delay = flat ? RetryDelay.Constant : RetryDelay.Growing;
            if (flat)
            {
                policy.Interval = TimeSpan.FromSeconds(first!.Value);
                policy.BackoffLocation = assignment.GetLocation();
                policy.BackoffForm = RetrySettingForm.DelaysArgument;
            }

            return true;
        }

        private static bool Apply(RetryPolicy policy, string property)
        {
            if (property == "DelayInSecondsByAttemptFunc")
            {
                policy.Delay = RetryDelay.Unknown;
            }

            return true;
        }
    }
}
