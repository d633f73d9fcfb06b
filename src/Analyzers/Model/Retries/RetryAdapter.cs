using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace QueueLint.Model.Retries
{
    /// <summary>
    /// One retry library's reading of its policies into <see cref="RetryPolicy"/>. <see cref="RetryPolicies"/> walks a
    /// file once and hands each node to the adapters of the libraries the compilation references; an adapter answers
    /// for the kinds of node its library's policies are written with (a call, an object creation, an attribute, an
    /// assignment) and returns null for the rest. A new retry library is one new adapter, listed in <see cref="For"/>;
    /// no rule and no other adapter changes. Hand-written retries (loops, recursion) are the language's own and are
    /// read by <see cref="HandWrittenRetryAdapter"/>.
    /// </summary>
    internal abstract class RetryAdapter
    {
        protected RetryAdapter(KnownSymbols symbols, params string[] words)
        {
            Symbols = symbols;
            Words = words;
        }

        protected KnownSymbols Symbols { get; }

        /// <summary>Words one of which a file's text must contain for one of this library's policies to be in it.</summary>
        public IReadOnlyList<string> Words { get; }

        /// <summary>The adapters of the retry libraries <paramref name="symbols"/> found referenced.</summary>
        public static ImmutableArray<RetryAdapter> For(KnownSymbols symbols)
        {
            var adapters = ImmutableArray.CreateBuilder<RetryAdapter>();
            if (symbols.PollyRetrySyntax is not null)
            {
                adapters.Add(new PollyV7RetryAdapter(symbols));
            }

            if (symbols.PollyRetryStrategyOptions1 is not null)
            {
                adapters.Add(new PollyV8RetryAdapter(symbols));
            }

            if (symbols.MassTransitRetryConfigurationExtensions is not null)
            {
                adapters.Add(new MassTransitRetryAdapter(symbols));
            }

            if (symbols.HangfireAutomaticRetryAttribute is not null)
            {
                adapters.Add(new HangfireRetryAdapter(symbols));
            }

            if (symbols.QuartzJobExecutionException is not null)
            {
                adapters.Add(new QuartzRetryAdapter(symbols));
            }

            if (symbols.WolverineErrorHandlingPolicyExtensions is not null)
            {
                adapters.Add(new WolverineRetryAdapter(symbols));
            }

            if (symbols.HasAzureFunctions)
            {
                adapters.Add(new AzureFunctionsRetryAdapter(symbols));
            }

            if (symbols.DurableRetryOptions is not null || symbols.DurableRetryPolicy is not null)
            {
                adapters.Add(new DurableFunctionsRetryAdapter(symbols));
            }

            return adapters.ToImmutable();
        }

        /// <summary>True when a call of this name may be one of this library's retry calls (the others are passed over by name).</summary>
        public virtual bool IsCandidateName(string name) => false;

        /// <summary>The policy a call whose name passed <see cref="IsCandidateName"/> sets up, or null.</summary>
        public virtual RetryPolicy? ReadInvocation(InvocationExpressionSyntax invocation, SimpleNameSyntax name, SemanticModel model) => null;

        /// <summary>The policy an object creation sets up, or null; <paramref name="typeName"/> is null for a target-typed <c>new()</c>.</summary>
        public virtual RetryPolicy? ReadCreation(BaseObjectCreationExpressionSyntax creation, string? typeName, SemanticModel model) => null;

        /// <summary>The policy an attribute declares, or null.</summary>
        public virtual RetryPolicy? ReadAttribute(AttributeSyntax attribute, string name, SemanticModel model, CancellationToken cancellationToken) => null;

        /// <summary>
        /// The policy an assignment sets up, or null. <paramref name="configured"/> holds what the file's earlier
        /// assignments already read, for a library whose policy is configured over several assignments.
        /// </summary>
        public virtual RetryPolicy? ReadAssignment(AssignmentExpressionSyntax assignment, SemanticModel model, HashSet<string> configured) => null;
    }
}
