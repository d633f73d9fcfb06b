using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using QueueLint.Rules;

namespace QueueLint.CodeFixes.Rules
{
    /// <summary>
    /// QL0004: moves the enqueue statement to just after the commit or save statement, when both are statements
    /// of the same block and the enqueue statement declares nothing that later code uses. Several statements moved
    /// after the same commit keep their order.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(EnqueueBeforeCommitFixer))]
    [Shared]
    public sealed class EnqueueBeforeCommitFixer : CodeFixProvider
    {
        public const string EquivalenceKey = RuleIdentifiers.EnqueueBeforeCommit + ".MoveAfterCommit";

        private static readonly SolutionFixAllProvider s_fixAll = new SolutionFixAllProvider("Enqueue after the commits", ApplyAsync);

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.EnqueueBeforeCommit);

        public override FixAllProvider GetFixAllProvider() => s_fixAll;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (var diagnostic in context.Diagnostics)
            {
                if (root is null || FindMove(root, diagnostic) is null)
                {
                    continue;
                }

                s_fixAll.RegisterFix(context, diagnostic, "Enqueue after the commit", EquivalenceKey);
            }
        }

        private static async Task<Solution> ApplyAsync(Solution solution, ImmutableArray<(Document Document, Diagnostic Diagnostic)> diagnostics, CancellationToken cancellationToken)
        {
            foreach (var group in diagnostics.GroupBy(d => d.Document.Id))
            {
                var document = solution.GetDocument(group.Key);
                var root = document is null ? null : await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                if (document is null || root is null)
                {
                    continue;
                }

                var moves = new List<(BlockSyntax Block, StatementSyntax Statement, StatementSyntax Target)>();
                foreach (var (_, diagnostic) in group)
                {
                    if (FindMove(root, diagnostic) is { } move && !moves.Any(m => m.Statement == move.Statement))
                    {
                        moves.Add(move);
                    }
                }

                var newBlocks = new Dictionary<BlockSyntax, BlockSyntax>();
                foreach (var byBlock in moves.GroupBy(m => m.Block))
                {
                    var moved = byBlock.Select(m => m.Statement).ToImmutableHashSet();
                    var statements = new List<StatementSyntax>();
                    foreach (var statement in byBlock.Key.Statements)
                    {
                        if (moved.Contains(statement))
                        {
                            continue;
                        }

                        statements.Add(statement);
                        statements.AddRange(byBlock.Where(m => m.Target == statement).OrderBy(m => m.Statement.SpanStart).Select(m => m.Statement));
                    }

                    newBlocks.Add(byBlock.Key, byBlock.Key.WithStatements(SyntaxFactory.List(statements)));
                }

                root = root.ReplaceNodes(newBlocks.Keys, (original, _) => newBlocks[original]);
                solution = solution.WithDocumentSyntaxRoot(document.Id, root);
            }

            return solution;
        }

        private static (BlockSyntax Block, StatementSyntax Statement, StatementSyntax Target)? FindMove(SyntaxNode root, Diagnostic diagnostic)
        {
            if (!diagnostic.Properties.TryGetValue(EnqueueBeforeCommitAnalyzer.TargetPositionProperty, out var positionText)
                || !int.TryParse(positionText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var position)
                || position < 0 || position >= root.FullSpan.End)
            {
                return null;
            }

            var site = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            var statement = site.FirstAncestorOrSelf<StatementSyntax>();
            var target = root.FindToken(position).Parent?.FirstAncestorOrSelf<StatementSyntax>();

            // Only a whole statement that is the enqueue call itself, and a target in the same block after it.
            if (statement is not ExpressionStatementSyntax { Expression: var expression }
                || (expression is AwaitExpressionSyntax awaited ? awaited.Expression : expression).Span != site.Span
                || statement.Parent is not BlockSyntax block
                || target is null || target.Parent != block || target.SpanStart <= statement.SpanStart)
            {
                return null;
            }

            return (block, statement, target);
        }
    }
}
