using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using QueueLint.Model.Syntax;

namespace QueueLint.Model.Jobs
{
    /// <summary>Where a method can get its job's cancellation token from.</summary>
    internal enum TokenSourceKind
    {
        None,

        /// <summary>A <c>CancellationToken</c> parameter.</summary>
        Parameter,

        /// <summary>A framework context that carries the token: Quartz's <c>IJobExecutionContext</c>.</summary>
        QuartzContext,

        /// <summary>MassTransit's <c>ConsumeContext</c> (<c>context.CancellationToken</c>).</summary>
        ConsumeContext,

        /// <summary>The Azure Functions isolated worker's <c>FunctionContext</c> (<c>context.CancellationToken</c>).</summary>
        FunctionContext,

        /// <summary>Hangfire's <c>IJobCancellationToken</c> or <c>PerformContext</c>.</summary>
        HangfireToken,
    }

    /// <summary>The token a method can pass on, and the C# that reads it.</summary>
    internal readonly struct TokenSource
    {
        public TokenSource(TokenSourceKind kind, IParameterSymbol? parameter, string expression)
        {
            Kind = kind;
            Parameter = parameter;
            Expression = expression;
        }

        public TokenSourceKind Kind { get; }

        public IParameterSymbol? Parameter { get; }

        /// <summary><c>stoppingToken</c>, <c>context.CancellationToken</c>, <c>token.ShutdownToken</c>...</summary>
        public string Expression { get; }

        public bool Exists => Kind != TokenSourceKind.None;
    }

    /// <summary>
    /// Cancellation facts shared by the lifetime rules: which parameters carry a job's token, which calls could be
    /// given one, and whether code ever reads one.
    /// </summary>
    internal static class Cancellation
    {
        private static readonly OperationKindSet s_awaitsAndLoops = OperationKindSet.Of(OperationKind.Await, OperationKind.Loop);

        public static bool IsCancellationToken(ITypeSymbol? type, KnownSymbols symbols)
            => type is not null && symbols.CancellationToken is not null && SymbolEqualityComparer.Default.Equals(type, symbols.CancellationToken);

        /// <summary>A type from which job code can read the job's token: the token itself or a framework context that carries it.</summary>
        public static bool CarriesToken(ITypeSymbol? type, KnownSymbols symbols)
            => GetKind(type, symbols) != TokenSourceKind.None;

        /// <summary>The first parameter of <paramref name="method"/> that carries the job's token.</summary>
        public static TokenSource GetTokenSource(IMethodSymbol method, KnownSymbols symbols)
        {
            var best = default(TokenSource);
            foreach (var parameter in method.Parameters)
            {
                var kind = GetKind(parameter.Type, symbols);
                if (kind == TokenSourceKind.None)
                {
                    continue;
                }

                var source = new TokenSource(kind, parameter, ExpressionFor(kind, parameter, symbols));
                if (kind == TokenSourceKind.Parameter)
                {
                    return source;
                }

                if (!best.Exists)
                {
                    best = source;
                }
            }

            return best.Exists ? best : new TokenSource(TokenSourceKind.None, null, string.Empty);
        }

        private static TokenSourceKind GetKind(ITypeSymbol? type, KnownSymbols symbols)
        {
            // Primitives and strings are none of these (and int alone implements some thirty interfaces).
            if (type is null || type.SpecialType != SpecialType.None)
            {
                return TokenSourceKind.None;
            }

            if (IsCancellationToken(type, symbols))
            {
                return TokenSourceKind.Parameter;
            }

            // The contexts are interfaces: the type itself, or one of its interfaces, read in one pass (AllInterfaces makes
            // a new array on each call). Quartz's context before MassTransit's before Hangfire's token.
            var found = GetContextKind(type.OriginalDefinition, symbols);
            if (found != TokenSourceKind.QuartzContext && type.TypeKind is TypeKind.Class or TypeKind.Struct or TypeKind.Interface or TypeKind.TypeParameter)
            {
                foreach (var implemented in type.AllInterfaces)
                {
                    var kind = GetContextKind(implemented.OriginalDefinition, symbols);
                    if (kind != TokenSourceKind.None && (found == TokenSourceKind.None || kind < found))
                    {
                        found = kind;
                    }
                }
            }

            if (found == TokenSourceKind.None && symbols.HangfirePerformContext is not null && type.InheritsFrom(symbols.HangfirePerformContext))
            {
                return TokenSourceKind.HangfireToken;
            }

            return found;
        }

        private static TokenSourceKind GetContextKind(ITypeSymbol definition, KnownSymbols symbols)
        {
            if (SymbolEqualityComparer.Default.Equals(definition, symbols.QuartzIJobExecutionContext))
            {
                return TokenSourceKind.QuartzContext;
            }

            if (SymbolEqualityComparer.Default.Equals(definition, symbols.MassTransitConsumeContext))
            {
                return TokenSourceKind.ConsumeContext;
            }

            if (SymbolEqualityComparer.Default.Equals(definition, symbols.FunctionsFunctionContext))
            {
                return TokenSourceKind.FunctionContext;
            }

            return SymbolEqualityComparer.Default.Equals(definition, symbols.HangfireIJobCancellationToken) ? TokenSourceKind.HangfireToken : TokenSourceKind.None;
        }

        private static string ExpressionFor(TokenSourceKind kind, IParameterSymbol parameter, KnownSymbols symbols)
        {
            var name = parameter.Name;
            if (Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(name) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None)
            {
                name = "@" + name;
            }

            switch (kind)
            {
                case TokenSourceKind.Parameter:
                    return name;
                case TokenSourceKind.HangfireToken when parameter.Type.InheritsFrom(symbols.HangfirePerformContext):
                    return name + ".CancellationToken.ShutdownToken";
                case TokenSourceKind.HangfireToken:
                    return name + ".ShutdownToken";
                default:
                    return name + ".CancellationToken";
            }
        }

        /// <summary>
        /// The parameter through which <paramref name="invocation"/> could be given a token it is not given: an
        /// optional <c>CancellationToken</c> left to its default, or the trailing token of an overload that takes the
        /// same arguments and a token. Null when the call takes no token or is given one.
        /// </summary>
        public static bool CouldTakeToken(IInvocationOperation invocation, KnownSymbols symbols, out IParameterSymbol? omittedParameter, out IMethodSymbol? overload)
        {
            omittedParameter = null;
            overload = null;
            var target = invocation.TargetMethod;
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter is { } parameter && CarriesToken(parameter.Type, symbols))
                {
                    if (argument.ArgumentKind == ArgumentKind.DefaultValue && IsCancellationToken(parameter.Type, symbols))
                    {
                        omittedParameter = parameter;
                        return true;
                    }

                    return false;
                }
            }

            var original = target.ReducedFrom ?? target;
            var parameters = original.Parameters;
            foreach (var member in original.ContainingType.GetMembers(original.Name))
            {
                if (member is not IMethodSymbol candidate
                    || candidate.IsStatic != original.IsStatic
                    || candidate.Parameters.Length != parameters.Length + 1
                    || !IsCancellationToken(candidate.Parameters[parameters.Length].Type, symbols)
                    || candidate.Arity != original.Arity
                    || candidate.DeclaredAccessibility != Accessibility.Public && !SymbolEqualityComparer.Default.Equals(candidate.ContainingAssembly, symbols.Compilation.Assembly))
                {
                    continue;
                }

                var same = true;
                for (var i = 0; i < parameters.Length && same; i++)
                {
                    same = SymbolEqualityComparer.Default.Equals(candidate.Parameters[i].OriginalDefinition.Type, parameters[i].OriginalDefinition.Type)
                        && candidate.Parameters[i].RefKind == parameters[i].RefKind;
                }

                if (same)
                {
                    overload = candidate;
                    return true;
                }
            }

            return false;
        }

        /// <summary>True when <paramref name="root"/> reads a cancellation token anywhere (checks it, passes it, links it).</summary>
        public static bool ReadsToken(IOperation root, KnownSymbols symbols)
        {
            foreach (var operation in root.DescendantsAndSelf())
            {
                switch (operation)
                {
                    case IParameterReferenceOperation or ILocalReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation
                        when CarriesToken(operation.Type, symbols) && !IsContextOnlyPassedOn(operation):
                        return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A context reference that is only the receiver of a member other than its token (<c>context.Message</c>) does
        /// not read the token; the token itself, or a context handed to a call, does.
        /// </summary>
        private static bool IsContextOnlyPassedOn(IOperation operation)
        {
            if (operation.Type is { Name: "CancellationToken" })
            {
                return false;
            }

            return operation.Parent is IMemberReferenceOperation member && member.Member.Name != "CancellationToken" && member.Member.Name != "ShutdownToken"
                || operation.Parent is IInvocationOperation invocation && invocation.Instance == operation && invocation.TargetMethod.Name != "ThrowIfCancellationRequested";
        }

        /// <summary>True when the method <paramref name="body"/> awaits, or loops with a call in the loop.</summary>
        public static bool AwaitsOrLoops(IOperation body)
        {
            foreach (var operation in OperationHelpers.OperationsOfBody(body).OfKind(s_awaitsAndLoops))
            {
                if (operation is IAwaitOperation)
                {
                    return true;
                }

                if (operation is ILoopOperation loop)
                {
                    foreach (var inner in loop.Body.DescendantsAndSelf())
                    {
                        if (inner is IInvocationOperation)
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }
    }
}
