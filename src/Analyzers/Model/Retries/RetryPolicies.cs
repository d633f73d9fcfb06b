using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using QueueLint.Model.Syntax;

namespace QueueLint.Model.Retries
{
    /// <summary>
    /// Finds the retry policies of a file once for all retry rules. As with enqueue sites, the search is
    /// narrowed before anything is bound: a file is walked only when its text names a retry API (or has a
    /// catch block, for hand-written retries), and a node is bound only when its names match one. Nothing is
    /// registered when no retry library and no job framework is referenced.
    /// </summary>
    internal sealed class RetryPolicies
    {
        private static readonly ConditionalWeakTable<Compilation, RetryPolicies> s_instances = new();
        private static readonly ConditionalWeakTable<Compilation, RetryPolicies>.CreateValueCallback s_create = c => new RetryPolicies(JobModel.Get(c).Symbols);

        private readonly KnownSymbols _symbols;
        private readonly TextFilter? _filter;

        // The main filter and, for hand-written retries, the word a retry on a status code needs (asked in one pass).
        private readonly TextFilter[] _filters;
        private readonly bool _handWritten;
        private readonly ImmutableArray<RetryAdapter> _adapters;
        private readonly ConcurrentDictionary<SyntaxTree, ImmutableArray<RetryPolicy>> _byTree = new();

        private RetryPolicies(KnownSymbols symbols)
        {
            _symbols = symbols;
            _adapters = RetryAdapter.For(symbols);
            var words = new List<string>();
            foreach (var adapter in _adapters)
            {
                words.AddRange(adapter.Words);
            }

            // Hand-written retries matter in job code: looked for when a retry library or a job framework is referenced.
            _handWritten = symbols.HasRetryLibrary || symbols.HasJobFramework;
            if (_handWritten)
            {
                words.Add("catch");
                words.Add("StatusCode");
            }

            _filter = words.Count == 0 ? null : new TextFilter(words);
            _filters = _filter is null ? Array.Empty<TextFilter>() : new[] { _filter, new TextFilter(new[] { "StatusCode" }) };
        }

        public static RetryPolicies Get(Compilation compilation) => s_instances.GetValue(compilation, s_create);

        /// <summary>False when nothing in the compilation can retry: rules register nothing.</summary>
        public bool IsActive => _filter is not null;

        public KnownSymbols Symbols => _symbols;

        public ImmutableArray<RetryPolicy> GetPolicies(SemanticModel model, CancellationToken cancellationToken)
        {
            var tree = model.SyntaxTree;
            if (_byTree.TryGetValue(tree, out var cached))
            {
                return cached;
            }

            var found = Find(model, cancellationToken);
            return _byTree.GetOrAdd(tree, found);
        }

        private ImmutableArray<RetryPolicy> Find(SemanticModel model, CancellationToken cancellationToken)
        {
            var tree = model.SyntaxTree;
            var found = _filter is null ? 0 : TextFilter.MayContainEach(tree.GetText(cancellationToken), _filters, wanted: _handWritten ? 3 : 1);
            if ((found & 1) == 0)
            {
                return ImmutableArray<RetryPolicy>.Empty;
            }

            var symbols = _symbols;
            // Most files hold no policy: the lists are made for the first one.
            ImmutableArray<RetryPolicy>.Builder? policies = null;
            HashSet<string>? configured = null;
            var file = FileSyntax.Get(tree, cancellationToken);

            // A method that calls itself after a failure status: only calls named like a method of the file are looked at.
            var methodNames = (found & 2) != 0 ? HandWrittenRetryAdapter.MethodNames(file.Nodes.Length == 0 ? null : tree.GetRoot(cancellationToken)) : null;
            for (var i = 0; i < file.Nodes.Length; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                // A call that names no retry method is passed over by its name, read with the file's walk.
                if (file.NodeNames[i] is { } calledName && !IsCandidateName(calledName))
                {
                    if (methodNames is not null && methodNames.Contains(calledName)
                        && HandWrittenRetryAdapter.ReadStatusRecursion((InvocationExpressionSyntax)file.Nodes[i], model, symbols) is { } recursion)
                    {
                        (policies ??= ImmutableArray.CreateBuilder<RetryPolicy>()).Add(recursion);
                    }

                    continue;
                }

                var node = file.Nodes[i];
                RetryPolicy? policy = null;
                switch (node)
                {
                    case InvocationExpressionSyntax invocation when SyntaxNames.InvokedName(invocation) is { } name:
                        var text = name.Identifier.ValueText;
                        foreach (var adapter in _adapters)
                        {
                            if (adapter.IsCandidateName(text) && (policy = adapter.ReadInvocation(invocation, name, model)) is not null)
                            {
                                break;
                            }
                        }

                        break;
                    case BaseObjectCreationExpressionSyntax creation:
                        var typeName = creation is ObjectCreationExpressionSyntax { Type: var type } ? SyntaxNames.Rightmost(type) : null;
                        foreach (var adapter in _adapters)
                        {
                            if ((policy = adapter.ReadCreation(creation, typeName, model)) is not null)
                            {
                                break;
                            }
                        }

                        break;
                    case AttributeSyntax attribute:
                        var attributeName = SyntaxNames.Rightmost(attribute.Name);
                        foreach (var adapter in _adapters)
                        {
                            if ((policy = adapter.ReadAttribute(attribute, attributeName, model, cancellationToken)) is not null)
                            {
                                break;
                            }
                        }

                        break;
                    case AssignmentExpressionSyntax assignment:
                        configured ??= new HashSet<string>();
                        foreach (var adapter in _adapters)
                        {
                            if ((policy = adapter.ReadAssignment(assignment, model, configured)) is not null)
                            {
                                break;
                            }
                        }

                        break;
                    case WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax when _handWritten && HandWrittenRetryAdapter.IsCandidateLoop(node):
                        policy = HandWrittenRetryAdapter.ReadLoop((StatementSyntax)node, model, symbols);
                        break;
                    case CatchClauseSyntax clause when _handWritten:
                        policy = ReadRecursion(clause, model);
                        break;
                }

                if (policy is not null)
                {
                    (policies ??= ImmutableArray.CreateBuilder<RetryPolicy>()).Add(policy);
                }
            }

            return policies is null ? ImmutableArray<RetryPolicy>.Empty : policies.ToImmutable();
        }

        private bool IsCandidateName(string name)
        {
            foreach (var adapter in _adapters)
            {
                if (adapter.IsCandidateName(name))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A catch block calling the method (or local function) it is in.</summary>
        private RetryPolicy? ReadRecursion(CatchClauseSyntax clause, SemanticModel model)
        {
            SyntaxNode? declaration = null;
            string? name = null;
            foreach (var ancestor in clause.Ancestors())
            {
                if (ancestor is AnonymousFunctionExpressionSyntax)
                {
                    return null;
                }

                if (ancestor is MethodDeclarationSyntax method)
                {
                    (declaration, name) = (method, method.Identifier.ValueText);
                    break;
                }

                if (ancestor is LocalFunctionStatementSyntax local)
                {
                    (declaration, name) = (local, local.Identifier.ValueText);
                    break;
                }
            }

            if (declaration is null)
            {
                return null;
            }

            foreach (var node in clause.Block.DescendantNodes(n => !RetryShapes.IsFunction(n)))
            {
                if (node is InvocationExpressionSyntax call && SyntaxNames.InvokedName(call)?.Identifier.ValueText == name
                    && call.Expression is IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax })
                {
                    return HandWrittenRetryAdapter.ReadRecursion(declaration, call, clause, model, _symbols);
                }
            }

            return null;
        }
    }
}
