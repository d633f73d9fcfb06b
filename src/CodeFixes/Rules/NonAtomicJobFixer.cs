using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using QueueLint.Model;
using QueueLint.Model.Data;
using QueueLint.Model.Syntax;

namespace QueueLint.CodeFixes.Rules
{
    /// <summary>
    /// QL0032: opens a transaction on the context that saves, before the first statement of the block that uses it,
    /// and commits after the statement of the last save: <c>await using var transaction = await
    /// db.Database.BeginTransactionAsync();</c> … <c>await transaction.CommitAsync();</c> (the synchronous forms in
    /// synchronous code). A using declaration keeps the locals of the wrapped statements in scope and rolls back when
    /// the job leaves early or throws. No fix when the commits are not all on one context in one block.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(NonAtomicJobFixer))]
    [Shared]
    public sealed class NonAtomicJobFixer : CodeFixProvider
    {
        public const string EquivalenceKey = RuleIdentifiers.NonAtomicJob + ".Transaction";

        private static readonly SolutionFixAllProvider s_fixAll = new SolutionFixAllProvider("Commit the job's changes in one transaction", ApplyAsync);

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.NonAtomicJob);

        public override FixAllProvider GetFixAllProvider() => s_fixAll;

        public override Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            // Registered for every finding, so that Fix All (and dotnet format, which starts from the first finding)
            // reaches the fixable ones; an unfixable finding is left as it is.
            foreach (var diagnostic in context.Diagnostics)
            {
                s_fixAll.RegisterFix(context, diagnostic, "Commit the changes in one transaction", EquivalenceKey);
            }

            return Task.CompletedTask;
        }

        private static Task<Solution> ApplyAsync(Solution solution, ImmutableArray<(Document Document, Diagnostic Diagnostic)> diagnostics, CancellationToken cancellationToken)
            => TextEdits.ApplyAsync(solution, diagnostics, (edits, diagnostic, token) =>
            {
                var facts = JobModel.Get(edits.SemanticModel.Compilation).GetEntityFrameworkJobFacts(edits.Document.Project.AnalyzerOptions, token);
                if (Plan(edits.Root, edits.SemanticModel, edits.Text, diagnostic, facts, edits, token) is { } plan)
                {
                    edits.Changes.AddRange(plan);
                }
            }, cancellationToken);

        private static List<TextChange>? Plan(SyntaxNode root, SemanticModel semanticModel, SourceText text, Diagnostic diagnostic, EntityFrameworkJobFacts facts, DocumentTextEdits edits, CancellationToken cancellationToken)
        {
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            var function = node.AncestorsAndSelf().FirstOrDefault(n => n is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax);
            var body = function switch
            {
                BaseMethodDeclarationSyntax method => method.Body,
                LocalFunctionStatementSyntax local => local.Body,
                AnonymousFunctionExpressionSyntax lambda => lambda.Block,
                _ => null,
            };
            if (function is null || body is null || !edits.FirstTime(body))
            {
                return null;
            }

            var symbols = JobModel.Get(semanticModel.Compilation).Symbols;
            if (semanticModel.GetOperation(body, cancellationToken) is not { } operation)
            {
                return null;
            }

            // The direct commits of this function (not of nested lambdas or local functions), all on one context.
            var commits = new List<(IInvocationOperation Call, EfOperationKind Kind)>();
            ISymbol? contextSymbol = null;
            SyntaxNode? contextSyntax = null;
            foreach (var descendant in operation.Descendants())
            {
                if (descendant is not IInvocationOperation invocation)
                {
                    continue;
                }

                // A service that saves on its own may use another context: wrapping this method would not make it atomic.
                if (invocation.TargetMethod.IsInSource() && facts.Saves(invocation.TargetMethod, cancellationToken))
                {
                    return null;
                }

                if (!EntityFramework.MayBeOperation(invocation.TargetMethod.Name))
                {
                    continue;
                }

                var kind = EntityFramework.Classify(invocation, symbols).Kind;
                if (kind is not (EfOperationKind.Save or EfOperationKind.ExecuteUpdate or EfOperationKind.ExecuteDelete or EfOperationKind.RawSql))
                {
                    continue;
                }

                if (invocation.Syntax.Ancestors().TakeWhile(a => a != body).Any(a => a is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
                    || ContextOf(invocation, symbols) is not { } commitContext)
                {
                    return null;
                }

                if (contextSymbol is null)
                {
                    contextSymbol = commitContext.Symbol;
                    contextSyntax = commitContext.Syntax;
                }
                else if (!SymbolEqualityComparer.Default.Equals(contextSymbol, commitContext.Symbol))
                {
                    return null;
                }

                commits.Add((invocation, kind));
            }

            if (commits.Count < 2 || contextSymbol is null || contextSyntax is null)
            {
                return null;
            }

            // The innermost block holding every commit, and the statements of it that hold the first and the last.
            var first = commits[0].Call.Syntax;
            var last = commits[commits.Count - 1].Call.Syntax;
            var block = first.Ancestors().OfType<BlockSyntax>().FirstOrDefault(b => b.Span.Contains(last.Span));
            if (block is null || !body.Span.Contains(block.Span)
                || block.Ancestors().TakeWhile(a => a != body).Any(a => a is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
            {
                return null;
            }

            var firstStatement = block.Statements.FirstOrDefault(s => s.Span.Contains(first.Span));
            var lastStatement = block.Statements.LastOrDefault(s => s.Span.Contains(last.Span));
            if (firstStatement is null || lastStatement is null)
            {
                return null;
            }

            // Start at the first statement that uses the context: the changes that the saves commit begin there.
            var start = firstStatement;
            foreach (var statement in block.Statements)
            {
                if (statement == firstStatement)
                {
                    break;
                }

                if (Uses(statement, contextSymbol, semanticModel, cancellationToken))
                {
                    start = statement;
                    break;
                }
            }

            var isAsync = function switch
            {
                BaseMethodDeclarationSyntax method => method.Modifiers.Any(SyntaxKind.AsyncKeyword),
                LocalFunctionStatementSyntax local => local.Modifiers.Any(SyntaxKind.AsyncKeyword),
                AnonymousFunctionExpressionSyntax lambda => lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword),
                _ => false,
            };
            var token = CancellationTokenOf(commits[commits.Count - 1].Call) ?? string.Empty;
            var used = new HashSet<string>(function.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText));
            var name = SyntaxText.UniqueName("transaction", used);
            var contextText = contextSyntax.ToString();

            var startLine = text.Lines.GetLineFromPosition(start.SpanStart);
            var indent = SyntaxText.Indentation(startLine);
            var newLine = SyntaxText.NewLine(text, startLine);
            var open = isAsync
                ? $"{indent}await using var {name} = await {contextText}.Database.BeginTransactionAsync({token});{newLine}"
                : $"{indent}using var {name} = {contextText}.Database.BeginTransaction();{newLine}";
            var commit = isAsync
                ? $"{indent}await {name}.CommitAsync({token});{newLine}"
                : $"{indent}{name}.Commit();{newLine}";
            var endLine = text.Lines.GetLineFromPosition(lastStatement.Span.End);
            return new List<TextChange>
            {
                new TextChange(new TextSpan(startLine.Start, 0), open),
                new TextChange(new TextSpan(endLine.EndIncludingLineBreak, 0), commit),
            };
        }

        /// <summary>The context a commit runs on: the field, property, parameter or local holding the <c>DbContext</c>.</summary>
        private static (ISymbol Symbol, SyntaxNode Syntax)? ContextOf(IInvocationOperation invocation, KnownSymbols symbols)
        {
            var source = invocation.Instance ?? (invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null);
            for (var i = 0; source is not null && i < 32; i++)
            {
                source = source.WithoutImplicitConversions();
                if (source.Type.InheritsFrom(symbols.EfDbContext))
                {
                    return source switch
                    {
                        IFieldReferenceOperation field => (field.Field, field.Syntax),
                        IPropertyReferenceOperation property => (property.Property, property.Syntax),
                        IParameterReferenceOperation parameter => (parameter.Parameter, parameter.Syntax),
                        ILocalReferenceOperation local => (local.Local, local.Syntax),
                        _ => null,
                    };
                }

                source = source switch
                {
                    IPropertyReferenceOperation property => property.Instance,
                    IInvocationOperation call => call.Instance ?? (call.Arguments.Length > 0 ? call.Arguments[0].Value : null),
                    _ => null,
                };
            }

            return null;
        }

        private static bool Uses(StatementSyntax statement, ISymbol contextSymbol, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            foreach (var identifier in statement.DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                if (identifier.Identifier.ValueText == contextSymbol.Name
                    && SymbolEqualityComparer.Default.Equals(semanticModel.GetSymbolInfo(identifier, cancellationToken).Symbol, contextSymbol))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The token the last save is given, when it is a plain name, so that the transaction observes it too.</summary>
        private static string? CancellationTokenOf(IInvocationOperation save)
        {
            foreach (var argument in save.Arguments)
            {
                if (argument.ArgumentKind == ArgumentKind.Explicit
                    && argument.Value.Type?.Name == "CancellationToken"
                    && argument.Value.Syntax is IdentifierNameSyntax or MemberAccessExpressionSyntax)
                {
                    return argument.Value.Syntax.ToString();
                }
            }

            return null;
        }
    }
}
