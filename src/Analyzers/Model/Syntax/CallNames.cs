using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace QueueLint.Model.Syntax
{
    /// <summary>
    /// Who calls what in one file, by name alone: every call and every name handed on as an argument (a method group),
    /// the method declaration each is in, and the calls made inside lambda arguments. Read from the tree only, so it is
    /// kept with the tree and survives every edit to another file: the IDE makes a new compilation after each
    /// keystroke, but reuses the tree of every file the keystroke did not touch.
    /// </summary>
    /// <remarks>
    /// Names over-approximate symbols: a method reached from a job by calls is reached by its name from the names of
    /// its callers' declarations, so "no chain of names leads here" rejects a method without binding anything.
    /// </remarks>
    internal sealed class CallNames
    {
        /// <summary>Where a file imports static members (<c>using static</c>): calls by a simple name may then reach them.</summary>
        [Flags]
        public enum UsingStatic
        {
            None = 0,
            InFile = 1,
            Global = 2,
        }

        private readonly Dictionary<string, int[]> _byName;

        private CallNames(
            ImmutableArray<SyntaxNode> calls,
            ImmutableArray<string> names,
            ImmutableArray<int> declarationOf,
            ImmutableArray<MethodDeclarationSyntax> declarations,
            ImmutableArray<(string Outer, string Inner, InvocationExpressionSyntax Call)> lambdaCalls,
            UsingStatic usingStatic)
        {
            ImportsStatic = usingStatic;
            Calls = calls;
            Names = names;
            DeclarationOf = declarationOf;
            Declarations = declarations;
            LambdaCalls = lambdaCalls;

            var byName = new Dictionary<string, List<int>>(StringComparer.Ordinal);
            var edges = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            for (var i = 0; i < names.Length; i++)
            {
                if (!byName.TryGetValue(names[i], out var list))
                {
                    list = new List<int>();
                    byName.Add(names[i], list);
                }

                list.Add(i);
                if (declarationOf[i] >= 0)
                {
                    var caller = declarations[declarationOf[i]].Identifier.ValueText;
                    if (!edges.TryGetValue(caller, out var called))
                    {
                        called = new HashSet<string>(StringComparer.Ordinal);
                        edges.Add(caller, called);
                    }

                    called.Add(names[i]);
                }
            }

            _byName = new Dictionary<string, int[]>(byName.Count, StringComparer.Ordinal);
            foreach (var pair in byName)
            {
                _byName.Add(pair.Key, pair.Value.ToArray());
            }

            var namesCalled = ImmutableDictionary.CreateBuilder<string, ImmutableArray<string>>(StringComparer.Ordinal);
            foreach (var pair in edges)
            {
                namesCalled.Add(pair.Key, ImmutableArray.CreateRange(pair.Value));
            }

            NamesCalledBy = namesCalled.ToImmutable();
        }

        /// <summary>Every call (an invocation) and every argument that is a name (a method group, or any other name), in document order.</summary>
        public ImmutableArray<SyntaxNode> Calls { get; }

        /// <summary>The simple name each of <see cref="Calls"/> calls or names, at the same index.</summary>
        public ImmutableArray<string> Names { get; }

        /// <summary>The index in <see cref="Declarations"/> of the method each of <see cref="Calls"/> is in, or -1 outside methods.</summary>
        public ImmutableArray<int> DeclarationOf { get; }

        /// <summary>Method declarations with a body, in document order.</summary>
        public ImmutableArray<MethodDeclarationSyntax> Declarations { get; }

        /// <summary>For each method name declared here, the names its declarations call.</summary>
        public ImmutableDictionary<string, ImmutableArray<string>> NamesCalledBy { get; }

        /// <summary>Calls inside a lambda argument of another call: the outer call's name, the inner call's name, and the outer call.</summary>
        public ImmutableArray<(string Outer, string Inner, InvocationExpressionSyntax Call)> LambdaCalls { get; }

        /// <summary>Whether the file has a <c>using static</c> directive, and whether a global one.</summary>
        public UsingStatic ImportsStatic { get; }

        /// <summary>The indexes in <see cref="Calls"/> of the calls of <paramref name="name"/>.</summary>
        public int[] CallsOf(string name) => _byName.TryGetValue(name, out var calls) ? calls : Array.Empty<int>();

        private static readonly Func<SyntaxNode, CancellationToken, CallNames> s_create = Create;

        public static CallNames Get(SyntaxTree tree, CancellationToken cancellationToken) => PerTree<CallNames>.Get(tree, s_create, cancellationToken);

        /// <summary>Whether the calls of this tree were read already (by an earlier compilation that holds the same tree).</summary>
        public static bool IsKnown(SyntaxTree tree) => PerTree<CallNames>.IsKnown(tree);

        private static CallNames Create(SyntaxNode root, CancellationToken cancellationToken)
        {
            var walker = new Walker(cancellationToken);
            walker.Visit(root);
            var lambdaCalls = ImmutableArray.CreateBuilder<(string, string, InvocationExpressionSyntax)>();
            var calls = walker.Calls;
            for (var i = 0; i < calls.Count; i++)
            {
                if (calls[i] is not InvocationExpressionSyntax invocation)
                {
                    continue;
                }

                foreach (var argument in invocation.ArgumentList.Arguments)
                {
                    if (argument.Expression is not AnonymousFunctionExpressionSyntax lambda)
                    {
                        continue;
                    }

                    // The calls after this one in document order that start inside the lambda are the lambda's.
                    var span = lambda.Span;
                    for (var j = i + 1; j < calls.Count && calls[j].SpanStart < span.End; j++)
                    {
                        if (calls[j] is InvocationExpressionSyntax && span.Contains(calls[j].SpanStart))
                        {
                            lambdaCalls.Add((walker.Names[i], walker.Names[j], invocation));
                        }
                    }
                }
            }

            return new CallNames(
                calls.ToImmutableArray(),
                walker.Names.ToImmutableArray(),
                walker.DeclarationOf.ToImmutableArray(),
                walker.Declarations.ToImmutableArray(),
                lambdaCalls.ToImmutable(),
                walker.ImportsStatic);
        }

        /// <summary>The simple name an expression names (<c>Run</c> for <c>jobs.Run</c>, <c>Run&lt;T&gt;</c>, <c>x?.Run</c>), or null.</summary>
        private static string? NameOf(ExpressionSyntax expression)
            => expression switch
            {
                MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
                MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
                SimpleNameSyntax simple => simple.Identifier.ValueText,
                _ => null,
            };

        private sealed class Walker : CSharpSyntaxWalker
        {
            private readonly CancellationToken _cancellationToken;
            private int _declaration = -1;

            public Walker(CancellationToken cancellationToken) => _cancellationToken = cancellationToken;

            public List<SyntaxNode> Calls { get; } = new();

            public List<string> Names { get; } = new();

            public List<int> DeclarationOf { get; } = new();

            public List<MethodDeclarationSyntax> Declarations { get; } = new();

            public UsingStatic ImportsStatic { get; private set; }

            public override void VisitUsingDirective(UsingDirectiveSyntax node)
            {
                if (node.StaticKeyword.IsKind(SyntaxKind.StaticKeyword))
                {
                    ImportsStatic |= node.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword) ? UsingStatic.Global | UsingStatic.InFile : UsingStatic.InFile;
                }
            }

            public override void VisitMethodDeclaration(MethodDeclarationSyntax node)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                var outer = _declaration;
                if (node.Body is not null || node.ExpressionBody is not null)
                {
                    _declaration = Declarations.Count;
                    Declarations.Add(node);
                }
                else
                {
                    _declaration = -1;
                }

                base.VisitMethodDeclaration(node);
                _declaration = outer;
            }

            // Calls in a constructor, operator, accessor or initializer belong to no method that can run as job code.
            public override void VisitConstructorDeclaration(ConstructorDeclarationSyntax node) => Outside(node);

            public override void VisitDestructorDeclaration(DestructorDeclarationSyntax node) => Outside(node);

            public override void VisitOperatorDeclaration(OperatorDeclarationSyntax node) => Outside(node);

            public override void VisitConversionOperatorDeclaration(ConversionOperatorDeclarationSyntax node) => Outside(node);

            public override void VisitPropertyDeclaration(PropertyDeclarationSyntax node) => Outside(node);

            public override void VisitIndexerDeclaration(IndexerDeclarationSyntax node) => Outside(node);

            public override void VisitEventDeclaration(EventDeclarationSyntax node) => Outside(node);

            public override void VisitFieldDeclaration(FieldDeclarationSyntax node) => Outside(node);

            public override void VisitEventFieldDeclaration(EventFieldDeclarationSyntax node) => Outside(node);

            public override void VisitInvocationExpression(InvocationExpressionSyntax node)
            {
                if (NameOf(node.Expression) is { } name)
                {
                    Add(node, name);
                }

                base.VisitInvocationExpression(node);
            }

            public override void VisitArgument(ArgumentSyntax node)
            {
                if (node.Expression is SimpleNameSyntax or MemberAccessExpressionSyntax && NameOf(node.Expression) is { } name)
                {
                    Add(node.Expression, name);
                }

                base.VisitArgument(node);
            }

            private void Outside(SyntaxNode node)
            {
                var outer = _declaration;
                _declaration = -1;
                DefaultVisit(node);
                _declaration = outer;
            }

            private void Add(SyntaxNode node, string name)
            {
                Calls.Add(node);
                Names.Add(name);
                DeclarationOf.Add(_declaration);
            }
        }
    }
}
