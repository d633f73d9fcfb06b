using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using QueueLint.Rules;

namespace QueueLint.CodeFixes.Rules
{
    /// <summary>
    /// QL0014, an escaping hosted loop: each iteration is guarded,
    /// <c>try { … } catch (OperationCanceledException) when (token.IsCancellationRequested) { break; } catch (Exception ex) { &lt;report&gt;; }</c>,
    /// so that one failed iteration is reported and the loop goes on, and shutdown ends it. A body with no single loop
    /// is guarded whole: a failure is reported and ends the service, not the host. Settings that discard failures get
    /// no fix (their page shows the reporting form); Fix All passes over them, whichever finding comes first.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LostJobFailureFixer))]
    [Shared]
    public sealed class LostJobFailureFixer : CodeFixProvider
    {
        public const string EquivalenceKey = RuleIdentifiers.LostJobFailure + ".GuardIteration";
        private const string Title = "Catch and report each iteration's failure";

        // The Fix All applies to every fixable finding in scope and ignores the key it is asked with: dotnet format asks
        // the first finding for its fix, and that may be a discard setting, which has none.
        private static readonly SolutionFixAllProvider s_fixAll = new(Title, (solution, items, cancellationToken) => ReportJobFailuresFixer.RewriteAsync(solution, Escaping(items), GuardBody, cancellationToken));

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.LostJobFailure);

        public override FixAllProvider GetFixAllProvider() => s_fixAll;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            foreach (var diagnostic in context.Diagnostics)
            {
                if (diagnostic.Properties.ContainsKey(LostJobFailureAnalyzer.EscapesProperty)
                    && await ReportJobFailuresFixer.FindAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false) is not null)
                {
                    s_fixAll.RegisterFix(context, diagnostic, Title, EquivalenceKey);
                }
            }
        }

        private static ImmutableArray<(Document Document, Diagnostic Diagnostic)> Escaping(ImmutableArray<(Document Document, Diagnostic Diagnostic)> items)
            => items.Where(i => i.Diagnostic.Properties.ContainsKey(LostJobFailureAnalyzer.EscapesProperty)).ToImmutableArray();

        private static BlockSyntax GuardBody(BlockSyntax body, IMethodSymbol symbol, StatementSyntax report, string exceptionName, bool rethrow)
        {
            var token = symbol.Parameters.FirstOrDefault(p => p.Type.Name == "CancellationToken")?.Name;
            if (GuardableLoop(body) is { } loop)
            {
                var guarded = ReportJobFailuresFixer.Guard(LoopBody(loop), report, exceptionName, token, rethrow: false, cancelled: SyntaxFactory.BreakStatement());
                return body.ReplaceNode(loop, WithLoopBody(loop, SyntaxFactory.Block(guarded)));
            }

            // No loop to go on with: the failure is reported and ends the service; shutdown passes as it came.
            return ReportJobFailuresFixer.WholeBody(body, ReportJobFailuresFixer.Guard(body.Statements, report, exceptionName, token, rethrow: false, cancelled: SyntaxFactory.ThrowStatement()));
        }

        /// <summary>The one loop of a hosted service's body that holds all its work, or null.</summary>
        private static StatementSyntax? GuardableLoop(BlockSyntax body)
        {
            StatementSyntax? loop = null;
            foreach (var statement in body.Statements)
            {
                if (statement is WhileStatementSyntax or ForStatementSyntax or DoStatementSyntax or ForEachStatementSyntax)
                {
                    if (loop is not null)
                    {
                        return null;
                    }

                    loop = statement;
                }
                else if (statement.DescendantNodes().Any(n => n is AwaitExpressionSyntax or ThrowStatementSyntax || (n is InvocationExpressionSyntax call && !IsSetupCall(call))))
                {
                    return null;
                }
            }

            return loop;
        }

        /// <summary>Logging and token registration around a service's loop: the analyzer does not count them as work either.</summary>
        private static bool IsSetupCall(InvocationExpressionSyntax call)
            => call.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: var name }
               && (name.StartsWith("Log", System.StringComparison.Ordinal) || name is "IsEnabled" or "BeginScope" or "Register");

        private static SyntaxList<StatementSyntax> LoopBody(StatementSyntax loop)
        {
            var statement = loop switch
            {
                WhileStatementSyntax w => w.Statement,
                ForStatementSyntax f => f.Statement,
                DoStatementSyntax d => d.Statement,
                ForEachStatementSyntax e => e.Statement,
                _ => throw new System.ArgumentException("not a loop", nameof(loop)),
            };
            return statement is BlockSyntax block ? block.Statements : SyntaxFactory.SingletonList(statement);
        }

        private static StatementSyntax WithLoopBody(StatementSyntax loop, BlockSyntax body)
            => loop switch
            {
                WhileStatementSyntax w => w.WithStatement(body),
                ForStatementSyntax f => f.WithStatement(body),
                DoStatementSyntax d => d.WithStatement(body),
                ForEachStatementSyntax e => e.WithStatement(body),
                _ => loop,
            };
    }
}
