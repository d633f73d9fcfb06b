using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using QueueLint.Model.Retries;
using QueueLint.Model.Syntax;

namespace QueueLint.Model.Failures
{
    /// <summary>
    /// A setting that tells a job framework to throw a failed job away without a trace: no failed state, no error
    /// queue, no log line. The retry adapters (<c>Model/Retries</c>) say which settings do, and what the framework then does.
    /// </summary>
    internal sealed class DiscardedFailure
    {
        public DiscardedFailure(Location location, string setting, string consequence, string remedy)
        {
            Location = location;
            Setting = setting;
            Consequence = consequence;
            Remedy = remedy;
        }

        /// <summary>The attribute, object creation or call that asks for the discard.</summary>
        public Location Location { get; }

        /// <summary>The setting in words, e.g. "[AutomaticRetry] with OnAttemptsExceeded = Delete and LogEvents = false".</summary>
        public string Setting { get; }

        /// <summary>What the framework does with a failure under the setting.</summary>
        public string Consequence { get; }

        /// <summary>How to keep or report the failure instead.</summary>
        public string Remedy { get; }
    }

    /// <summary>
    /// Finds the settings of a file that discard failures (<see cref="DiscardedFailure"/>), once per file, narrowed as
    /// retry policies are: a file is walked only when its text names such a setting, and a node is bound only when its
    /// name does. Nothing is found when no framework that can discard is referenced.
    /// </summary>
    internal sealed class DiscardedFailures
    {
        private static readonly ConditionalWeakTable<Compilation, DiscardedFailures> s_instances = new();
        private static readonly ConditionalWeakTable<Compilation, DiscardedFailures>.CreateValueCallback s_create = c => new DiscardedFailures(JobModel.Get(c).Symbols);

        private readonly KnownSymbols _symbols;
        private readonly TextFilter? _filter;
        private readonly ConcurrentDictionary<SyntaxTree, ImmutableArray<DiscardedFailure>> _byTree = new();

        private DiscardedFailures(KnownSymbols symbols)
        {
            _symbols = symbols;
            var words = ImmutableArray.CreateBuilder<string>();
            if (symbols.HangfireAutomaticRetryAttribute is not null)
            {
                words.Add(HangfireRetryAdapter.DiscardWord);
            }

            if (symbols.MassTransitReceivePipeConfigurationExtensions is not null)
            {
                words.Add(MassTransitRetryAdapter.DiscardWord);
            }

            _filter = words.Count == 0 ? null : new TextFilter(words);
        }

        public static DiscardedFailures Get(Compilation compilation) => s_instances.GetValue(compilation, s_create);

        /// <summary>False when no referenced framework can be told to discard failures: rules register nothing.</summary>
        public bool IsActive => _filter is not null;

        public ImmutableArray<DiscardedFailure> GetDiscardedFailures(SemanticModel model, CancellationToken cancellationToken)
        {
            var tree = model.SyntaxTree;
            if (_byTree.TryGetValue(tree, out var cached))
            {
                return cached;
            }

            return _byTree.GetOrAdd(tree, Find(model, cancellationToken));
        }

        private ImmutableArray<DiscardedFailure> Find(SemanticModel model, CancellationToken cancellationToken)
        {
            var tree = model.SyntaxTree;
            if (_filter is null || !_filter.MayContain(tree.GetText(cancellationToken)))
            {
                return ImmutableArray<DiscardedFailure>.Empty;
            }

            var symbols = _symbols;
            var found = ImmutableArray.CreateBuilder<DiscardedFailure>();
            var file = FileSyntax.Get(tree, cancellationToken);
            for (var i = 0; i < file.Nodes.Length; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var discarded = file.Nodes[i] switch
                {
                    AttributeSyntax or BaseObjectCreationExpressionSyntax when symbols.HangfireAutomaticRetryAttribute is not null
                        => HangfireRetryAdapter.ReadDiscard(file.Nodes[i], model, symbols, cancellationToken),
                    InvocationExpressionSyntax invocation when file.NodeNames[i] == MassTransitRetryAdapter.DiscardWord && symbols.MassTransitReceivePipeConfigurationExtensions is not null
                        => MassTransitRetryAdapter.ReadDiscard(invocation, model, symbols, cancellationToken),
                    _ => null,
                };
                if (discarded is not null)
                {
                    found.Add(discarded);
                }
            }

            return found.ToImmutable();
        }
    }
}
