using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using QueueLint.Model.Syntax;

namespace QueueLint.Model.Jobs
{
    /// <summary>
    /// How the compilation hands its messages to Wolverine: <c>InvokeAsync</c> runs the handler at once, in the
    /// caller's flow, and gives its failure back to the caller (an HTTP endpoint answers with it), the way a mediator
    /// does; <c>SendAsync</c>, <c>PublishAsync</c> and the like queue the message, and the handler runs later on its
    /// own. A handler of a message that is only ever invoked is a request handler, not background work: it is no job
    /// entry point. A message sent as a base type or interface counts as sent for every type that derives from it;
    /// one sent as <c>object</c> makes every message count as sent.
    /// </summary>
    /// <remarks>
    /// What each file invokes and sends is kept with its tree, by the messages' full names: after a keystroke only the
    /// edited file is bound again, not every file that talks to the bus. A name read in an unedited file stays what it
    /// was when that file was last bound, until the file itself changes.
    /// </remarks>
    internal sealed class WolverineDispatch
    {
        private static readonly TextFilter s_text = new(new[] { "IMessageBus", "IMessageContext", "ICommandBus", "Wolverine", "Outbox" });
        private static readonly ConditionalWeakTable<SyntaxTree, FileDispatch> s_byTree = new();
        private static readonly FileDispatch s_none = new(System.Array.Empty<string>(), System.Array.Empty<string>(), anySent: false);

        private readonly HashSet<string> _invoked = new(System.StringComparer.Ordinal);
        private readonly HashSet<string> _sent = new(System.StringComparer.Ordinal);
        private bool _anySent;

        private WolverineDispatch()
        {
        }

        public static WolverineDispatch Create(Compilation compilation, KnownSymbols symbols, CancellationToken cancellationToken)
        {
            var dispatch = new WolverineDispatch();
            if (!symbols.HasWolverine)
            {
                return dispatch;
            }

            foreach (var tree in compilation.SyntaxTrees)
            {
                if (!s_byTree.TryGetValue(tree, out var file))
                {
                    file = s_byTree.GetValue(tree, _ => Read(compilation, tree, symbols, cancellationToken));
                }

                dispatch._invoked.UnionWith(file.Invoked);
                dispatch._sent.UnionWith(file.Sent);
                dispatch._anySent |= file.AnySent;
            }

            return dispatch;
        }

        /// <summary>Whether <paramref name="message"/> is handed to Wolverine with <c>InvokeAsync</c> only, never queued.</summary>
        public bool IsOnlyInvoked(ITypeSymbol message)
        {
            if (_anySent || !_invoked.Contains(NameOf(message)))
            {
                return false;
            }

            for (var type = message; type is not null; type = type.BaseType)
            {
                if (_sent.Contains(NameOf(type)))
                {
                    return false;
                }
            }

            foreach (var implemented in message.AllInterfaces)
            {
                if (_sent.Contains(NameOf(implemented)))
                {
                    return false;
                }
            }

            return true;
        }

        private static string NameOf(ITypeSymbol type) => type.OriginalDefinition.ToDisplayString();

        private static FileDispatch Read(Compilation compilation, SyntaxTree tree, KnownSymbols symbols, CancellationToken cancellationToken)
        {
            if (!s_text.MayContain(tree.GetText(cancellationToken)))
            {
                return s_none;
            }

            SemanticModel? semanticModel = null;
            List<string>? invoked = null;
            List<string>? sent = null;
            var anySent = false;
            var file = FileSyntax.Get(tree, cancellationToken);
            for (var i = 0; i < file.Invocations.Length; i++)
            {
                var name = file.InvokedNames[i];
                var invokes = name is "InvokeAsync" or "InvokeForTenantAsync";
                if (!invokes && (name is null || System.Array.IndexOf(Enqueue.WolverineAdapter.MethodNames, name) < 0))
                {
                    continue;
                }

                semanticModel ??= CrossFileBinding.GetSemanticModel(compilation, tree);
                if (semanticModel.GetOperation(file.Invocations[i], cancellationToken) is not IInvocationOperation operation
                    || !IsWolverineBus(operation.TargetMethod.ContainingType, symbols)
                    || Enqueue.WolverineAdapter.FindMessageArgument(operation)?.Value.WithoutImplicitConversions().Type is not { } message)
                {
                    continue;
                }

                if (invokes)
                {
                    (invoked ??= new List<string>()).Add(NameOf(message));
                }
                else if (message.SpecialType == SpecialType.System_Object || message is not INamedTypeSymbol)
                {
                    anySent = true;
                }
                else
                {
                    (sent ??= new List<string>()).Add(NameOf(message));
                }
            }

            return invoked is null && sent is null && !anySent
                ? s_none
                : new FileDispatch(invoked?.ToArray() ?? System.Array.Empty<string>(), sent?.ToArray() ?? System.Array.Empty<string>(), anySent);
        }

        private static bool IsWolverineBus(INamedTypeSymbol? type, KnownSymbols symbols)
            => type is not null
               && symbols.WolverineIMessageBus is { } bus
               && SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, bus.ContainingAssembly)
               && type.Name is "ICommandBus" or "IMessageBus" or "IMessageContext" or "IDestinationEndpoint" or "MessageBusExtensions";

        /// <summary>The full names of the messages one file invokes and sends.</summary>
        private sealed class FileDispatch
        {
            public FileDispatch(string[] invoked, string[] sent, bool anySent)
            {
                Invoked = invoked;
                Sent = sent;
                AnySent = anySent;
            }

            public string[] Invoked { get; }

            public string[] Sent { get; }

            public bool AnySent { get; }
        }
    }
}
