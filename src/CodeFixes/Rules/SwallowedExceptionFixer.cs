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
using Microsoft.CodeAnalysis.Formatting;
using QueueLint.Model;

namespace QueueLint.CodeFixes.Rules
{
    /// <summary>
    /// QL0012: the catch reports the exception and rethrows it. A log call that dropped the exception gets it as its
    /// first argument; otherwise the report call of <see cref="FailureReport"/> is added. Inside a loop (a guard that
    /// lets the next item or iteration go on) the catch reports and keeps its jumps instead of rethrowing.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SwallowedExceptionFixer))]
    [Shared]
    public sealed class SwallowedExceptionFixer : CodeFixProvider
    {
        public const string EquivalenceKey = RuleIdentifiers.SwallowedException + ".ReportAndRethrow";
        private const string Title = "Report the exception and rethrow";

        private static readonly SolutionFixAllProvider s_fixAll = new(Title, ApplyAsync);

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.SwallowedException);

        public override FixAllProvider GetFixAllProvider() => s_fixAll;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            foreach (var diagnostic in context.Diagnostics)
            {
                if (await FindAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false) is not null)
                {
                    s_fixAll.RegisterFix(context, diagnostic, Title, EquivalenceKey);
                }
            }
        }

        private sealed class Target
        {
            public Target(CatchClauseSyntax clause, IMethodSymbol method, FailureReport? report, ImmutableArray<bool> logCalls)
            {
                Clause = clause;
                Method = method;
                Report = report;
                LogCalls = logCalls;
            }

            public CatchClauseSyntax Clause { get; }

            public IMethodSymbol Method { get; }

            /// <summary>How to report, or null when a log call of the catch itself takes the exception.</summary>
            public FailureReport? Report { get; }

            /// <summary>For each statement of the handler: whether it is a logger call that can take the exception.</summary>
            public ImmutableArray<bool> LogCalls { get; }
        }

        private static async Task<Target?> FindAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (semanticModel is null
                || root?.FindToken(diagnostic.Location.SourceSpan.Start).Parent is not CatchClauseSyntax clause
                || clause.FirstAncestorOrSelf<BaseMethodDeclarationSyntax>() is not MethodDeclarationSyntax declaration
                || semanticModel.GetDeclaredSymbol(declaration, cancellationToken) is not { } method)
            {
                return null;
            }

            var symbols = JobModel.Get(semanticModel.Compilation).Symbols;
            var logCalls = clause.Block.Statements.Select(s => IsLoggerCall(s, semanticModel, symbols, cancellationToken)).ToImmutableArray();
            if (logCalls.Contains(true))
            {
                return new Target(clause, method, null, logCalls);
            }

            var report = await FailureReport.CreateAsync(document, semanticModel, method, cancellationToken).ConfigureAwait(false);
            return report is null ? null : new Target(clause, method, report, logCalls);
        }

        private static async Task<Solution> ApplyAsync(Solution solution, ImmutableArray<(Document Document, Diagnostic Diagnostic)> items, CancellationToken cancellationToken)
        {
            foreach (var group in items.GroupBy(i => i.Document.Id))
            {
                var document = solution.GetDocument(group.Key)!;
                var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                if (root is null)
                {
                    continue;
                }

                var targets = new Dictionary<CatchClauseSyntax, Target>();
                var types = new Dictionary<TypeDeclarationSyntax, FailureReport>();
                foreach (var (_, diagnostic) in group)
                {
                    if (await FindAsync(document, diagnostic, cancellationToken).ConfigureAwait(false) is not { } target || targets.ContainsKey(target.Clause))
                    {
                        continue;
                    }

                    if (target.Report is not null && target.Clause.FirstAncestorOrSelf<TypeDeclarationSyntax>() is { } type)
                    {
                        // One report per class: a logger is injected once, however many catches use it.
                        if (types.TryGetValue(type, out var shared))
                        {
                            target = new Target(target.Clause, target.Method, shared, target.LogCalls);
                        }
                        else
                        {
                            types.Add(type, target.Report);
                        }
                    }

                    targets.Add(target.Clause, target);
                }

                var newRoot = root.ReplaceNodes(
                    targets.Keys.Cast<SyntaxNode>().Concat(types.Keys),
                    (original, rewritten) =>
                    {
                        if (original is CatchClauseSyntax clause && targets.TryGetValue(clause, out var target))
                        {
                            return Rewrite(clause, (CatchClauseSyntax)rewritten, target);
                        }

                        return original is TypeDeclarationSyntax type && types.TryGetValue(type, out var report)
                            ? report.AddLogger((TypeDeclarationSyntax)rewritten)
                            : rewritten;
                    });

                if (newRoot is CompilationUnitSyntax unit && targets.Values.Any(t => t.Report?.LoggerName is not null) && !unit.Usings.Any(u => u.Name?.ToString() == "Microsoft.Extensions.Logging"))
                {
                    var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
                    var logger = semanticModel is null ? null : JobModel.Get(semanticModel.Compilation).Symbols.ILogger;
                    if (semanticModel is not null && logger is not null && !JobLoggers.CanCall(semanticModel, targets.Keys.First().SpanStart, logger, "LogError"))
                    {
                        newRoot = SyntaxText.AddUsing(unit, "Microsoft.Extensions.Logging");
                    }
                }

                document = await DocumentCleanup.CleanUpAsync(document.WithSyntaxRoot(newRoot), cancellationToken).ConfigureAwait(false);
                solution = document.Project.Solution;
            }

            return solution;
        }

        private static CatchClauseSyntax Rewrite(CatchClauseSyntax original, CatchClauseSyntax clause, Target target)
        {
            var exceptionName = clause.Declaration is { Identifier.ValueText.Length: > 0 } named
                ? named.Identifier.ValueText
                : FailureReport.ExceptionName(original.FirstAncestorOrSelf<MemberDeclarationSyntax>() ?? (SyntaxNode)original, original);
            if (clause.Declaration is null)
            {
                clause = clause.WithCatchKeyword(clause.CatchKeyword.WithTrailingTrivia(SyntaxFactory.Space)).WithDeclaration(
                    SyntaxFactory.CatchDeclaration(
                        SyntaxFactory.ParseTypeName("System.Exception").WithAdditionalAnnotations(DocumentCleanup.QualifiedName),
                        SyntaxFactory.Identifier(exceptionName)).WithTrailingTrivia(clause.CatchKeyword.TrailingTrivia));
            }
            else if (clause.Declaration.Identifier.ValueText.Length == 0)
            {
                clause = clause.WithDeclaration(clause.Declaration.WithIdentifier(SyntaxFactory.Identifier(exceptionName)));
            }

            var inLoop = InLoop(original);
            var statements = new List<StatementSyntax>();
            if (target.Report is not null)
            {
                statements.Add(target.Report.CreateStatement(exceptionName, target.Method));
            }

            var handler = clause.Block.Statements;
            for (var i = 0; i < handler.Count; i++)
            {
                var statement = handler[i];
                if (i < target.LogCalls.Length && target.LogCalls[i])
                {
                    statements.Add(WithException(statement, exceptionName));
                }
                else if (inLoop || !GivesUp(statement))
                {
                    statements.Add(statement);
                }
            }

            if (!inLoop)
            {
                statements.Add(SyntaxFactory.ThrowStatement());
            }

            var block = SyntaxFactory.Block(statements).WithOpenBraceToken(clause.Block.OpenBraceToken).WithCloseBraceToken(clause.Block.CloseBraceToken);
            return clause.WithBlock(block.WithAdditionalAnnotations(Formatter.Annotation));
        }

        /// <summary>A jump or a fallback value: after a rethrow it would never run.</summary>
        private static bool GivesUp(StatementSyntax statement)
            => statement is ReturnStatementSyntax or ContinueStatementSyntax or BreakStatementSyntax or EmptyStatementSyntax
               || statement is ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } };

        /// <summary>A catch inside a loop of its method guards one item or iteration: it reports and lets the loop go on.</summary>
        private static bool InLoop(SyntaxNode clause)
        {
            foreach (var ancestor in clause.Ancestors())
            {
                switch (ancestor)
                {
                    case WhileStatementSyntax:
                    case ForStatementSyntax:
                    case ForEachStatementSyntax:
                    case DoStatementSyntax:
                        return true;
                    case MemberDeclarationSyntax:
                    case AnonymousFunctionExpressionSyntax:
                    case LocalFunctionStatementSyntax:
                        return false;
                }
            }

            return false;
        }

        private static bool IsLoggerCall(StatementSyntax statement, SemanticModel semanticModel, KnownSymbols symbols, CancellationToken cancellationToken)
        {
            if (statement is not ExpressionStatementSyntax { Expression: InvocationExpressionSyntax invocation }
                || semanticModel.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol method)
            {
                return false;
            }

            var definition = method.ReducedFrom ?? method;
            return SymbolEqualityComparer.Default.Equals(definition.ContainingType, symbols.LoggerExtensions)
                   && definition.Parameters.Length >= 2
                   && (definition.Parameters[1].Type.Name == "String" || definition.Parameters[1].Type.Name == "LogLevel")
                   && definition.Name.StartsWith("Log", System.StringComparison.Ordinal);
        }

        /// <summary><c>_logger.LogWarning("…", x)</c> becomes <c>_logger.LogWarning(ex, "…", x)</c>; <c>Log(level, "…")</c> takes it after the level.</summary>
        private static StatementSyntax WithException(StatementSyntax statement, string exceptionName)
        {
            var invocation = (InvocationExpressionSyntax)((ExpressionStatementSyntax)statement).Expression;
            var arguments = invocation.ArgumentList.Arguments;
            var isLog = invocation.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Log" };
            var argument = SyntaxFactory.Argument(SyntaxFactory.IdentifierName(exceptionName));
            var index = isLog && arguments.Count > 0 ? 1 : 0;
            return statement.ReplaceNode(invocation.ArgumentList, invocation.ArgumentList.WithArguments(arguments.Insert(index, argument)));
        }
    }
}
