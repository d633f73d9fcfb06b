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
using QueueLint.Rules;

namespace QueueLint.CodeFixes.Rules
{
    /// <summary>
    /// QL0011, the try/report wrapper: wraps the entry point's body in
    /// <c>try { … } catch (Exception ex) { &lt;report&gt;; throw; }</c> (see <see cref="FailureReport"/> for the report).
    /// The rewrite of the method and its class is shared with QL0014's per-iteration guard (<see cref="LostJobFailureFixer"/>).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ReportJobFailuresFixer))]
    [Shared]
    public sealed class ReportJobFailuresFixer : CodeFixProvider
    {
        public const string EquivalenceKey = RuleIdentifiers.ReportJobFailures + ".TryReport";
        private const string Title = "Catch and report the job's failures";

        private static readonly SolutionFixAllProvider s_fixAll = new(Title, (solution, items, cancellationToken) => RewriteAsync(solution, items, WrapBody, cancellationToken));
        private static readonly FixAllProvider s_fixAllWithCentral = ReportFailedJobsCentrally.WithFixAll(s_fixAll);

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.ReportJobFailures);

        public override FixAllProvider GetFixAllProvider() => s_fixAllWithCentral;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            foreach (var diagnostic in context.Diagnostics)
            {
                // First, where offered: dotnet format applies the first fix of a finding.
                await ReportFailedJobsCentrally.RegisterAsync(context, diagnostic).ConfigureAwait(false);
                if (await FindAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false) is not null)
                {
                    s_fixAll.RegisterFix(context, diagnostic, Title, EquivalenceKey);
                }
            }
        }

        /// <summary>The method a diagnostic is reported on, and how to report from it; null when the fix cannot apply.</summary>
        internal static async Task<(MethodDeclarationSyntax Method, IMethodSymbol Symbol, FailureReport Report)?> FindAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (semanticModel is null
                || root?.FindToken(diagnostic.Location.SourceSpan.Start).Parent is not MethodDeclarationSyntax { Parent: TypeDeclarationSyntax } method
                || (method.Body is null && method.ExpressionBody is null)
                || semanticModel.GetDeclaredSymbol(method, cancellationToken) is not { } symbol
                || await FailureReport.CreateAsync(document, semanticModel, symbol, cancellationToken, addsParameter: true).ConfigureAwait(false) is not { } report)
            {
                return null;
            }

            return (method, symbol, report);
        }

        /// <summary>
        /// Rewrites the body of every method a diagnostic of <paramref name="items"/> is reported on with
        /// <paramref name="wrapBody"/>, and adds the logger each class needs (one per class).
        /// </summary>
        internal static async Task<Solution> RewriteAsync(Solution solution, ImmutableArray<(Document Document, Diagnostic Diagnostic)> items, WrapBodyFunc wrapBody, CancellationToken cancellationToken)
        {
            foreach (var group in items.GroupBy(i => i.Document.Id))
            {
                var document = solution.GetDocument(group.Key)!;
                var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
                if (root is null || semanticModel is null)
                {
                    continue;
                }

                var rethrow = ReportJobFailuresAnalyzer.Rethrow.Get(document.Project.AnalyzerOptions.AnalyzerConfigOptionsProvider.GetOptions(root.SyntaxTree));
                var methods = new Dictionary<MethodDeclarationSyntax, (IMethodSymbol Symbol, FailureReport Report)>();
                var types = new Dictionary<TypeDeclarationSyntax, FailureReport>();
                foreach (var (_, diagnostic) in group)
                {
                    if (await FindAsync(document, diagnostic, cancellationToken).ConfigureAwait(false) is not { } found || methods.ContainsKey(found.Method))
                    {
                        continue;
                    }

                    var type = (TypeDeclarationSyntax)found.Method.Parent!;
                    // A logger parameter is the method's own; a logger member is shared by the class's methods.
                    var report = found.Report;
                    if (report.ParameterType is null)
                    {
                        report = types.TryGetValue(type, out var shared) ? shared : report;
                        types[type] = report;
                    }

                    methods.Add(found.Method, (found.Symbol, report));
                }

                var needsLogging = false;
                var newRoot = root.ReplaceNodes(
                    methods.Keys.Cast<SyntaxNode>().Concat(types.Keys),
                    (original, rewritten) =>
                    {
                        if (original is MethodDeclarationSyntax method && methods.TryGetValue(method, out var entry))
                        {
                            needsLogging |= entry.Report.LoggerName is not null;
                            return Wrap((MethodDeclarationSyntax)rewritten, entry.Symbol, entry.Report, rethrow, wrapBody);
                        }

                        return original is TypeDeclarationSyntax type && types.TryGetValue(type, out var report)
                            ? report.AddLogger((TypeDeclarationSyntax)rewritten)
                            : rewritten;
                    });

                if (needsLogging && newRoot is CompilationUnitSyntax unit && !LogErrorIsVisible(semanticModel, methods.Keys.First()))
                {
                    newRoot = SyntaxText.AddUsing(unit, "Microsoft.Extensions.Logging");
                }

                document = document.WithSyntaxRoot(newRoot);
                document = await DocumentCleanup.CleanUpAsync(document, cancellationToken).ConfigureAwait(false);
                solution = document.Project.Solution;
            }

            return solution;
        }

        private static bool LogErrorIsVisible(SemanticModel semanticModel, SyntaxNode at)
            => JobModel.Get(semanticModel.Compilation).Symbols.ILogger is { } logger && JobLoggers.CanCall(semanticModel, at.SpanStart, logger, "LogError");

        /// <summary>The new body of a method whose statements are <paramref name="body"/>, reporting with <paramref name="report"/>.</summary>
        internal delegate BlockSyntax WrapBodyFunc(BlockSyntax body, IMethodSymbol symbol, StatementSyntax report, string exceptionName, bool rethrow);

        private static MethodDeclarationSyntax Wrap(MethodDeclarationSyntax method, IMethodSymbol symbol, FailureReport report, bool rethrow, WrapBodyFunc wrapBody)
        {
            var returnsTask = SignatureChange.IsTaskLike(symbol.ReturnType);
            if (returnsTask && !method.Modifiers.Any(SyntaxKind.AsyncKeyword))
            {
                method = (MethodDeclarationSyntax)SignatureChange.MakeFunctionAsync(method, symbol);
            }

            var body = method.Body ?? ToBlock(method.ExpressionBody!.Expression, symbol, returnsTask);
            var exceptionName = FailureReport.ExceptionName(method);
            var newBody = wrapBody(body, symbol, report.CreateStatement(exceptionName, symbol), exceptionName, rethrow);

            return report.AddLoggerParameter(method.WithExpressionBody(null).WithSemicolonToken(default)
                .WithBody(newBody.WithAdditionalAnnotations(Formatter.Annotation))
                .WithTrailingTrivia(method.ExpressionBody is null ? method.GetTrailingTrivia() : method.SemicolonToken.TrailingTrivia));
        }

        private static BlockSyntax WrapBody(BlockSyntax body, IMethodSymbol symbol, StatementSyntax report, string exceptionName, bool rethrow)
            => WholeBody(body, Guard(body.Statements, report, exceptionName, token: null, rethrow, cancelled: null));

        /// <summary><paramref name="body"/>, its statements replaced by <paramref name="statement"/>.</summary>
        internal static BlockSyntax WholeBody(BlockSyntax body, StatementSyntax statement)
            => SyntaxFactory.Block(statement).WithOpenBraceToken(body.OpenBraceToken).WithCloseBraceToken(body.CloseBraceToken);

        /// <summary><c>try { statements } [catch (OperationCanceledException) when (token.IsCancellationRequested) { cancelled }] catch (Exception ex) { report; [throw;] }</c>.</summary>
        internal static TryStatementSyntax Guard(SyntaxList<StatementSyntax> statements, StatementSyntax report, string exceptionName, string? token, bool rethrow, StatementSyntax? cancelled)
        {
            var catches = new List<CatchClauseSyntax>();
            if (token is not null && cancelled is not null)
            {
                catches.Add(SyntaxFactory.CatchClause(
                    SyntaxFactory.CatchDeclaration(QualifiedType("System.OperationCanceledException")),
                    SyntaxFactory.CatchFilterClause(SyntaxFactory.ParseExpression(token + ".IsCancellationRequested")),
                    SyntaxFactory.Block(cancelled)));
            }

            var handler = rethrow ? SyntaxFactory.Block(report, SyntaxFactory.ThrowStatement()) : SyntaxFactory.Block(report);
            catches.Add(SyntaxFactory.CatchClause(
                SyntaxFactory.CatchDeclaration(QualifiedType("System.Exception"), SyntaxFactory.Identifier(exceptionName)),
                null,
                handler));
            return SyntaxFactory.TryStatement(SyntaxFactory.Block(statements.Select(s => s.WithoutLeadingTrivia().WithLeadingTrivia(s.GetLeadingTrivia().Where(t => !t.IsKind(SyntaxKind.WhitespaceTrivia))))), SyntaxFactory.List(catches), null);
        }

        private static TypeSyntax QualifiedType(string name)
            => SyntaxFactory.ParseTypeName(name).WithAdditionalAnnotations(DocumentCleanup.QualifiedName);

        private static BlockSyntax ToBlock(ExpressionSyntax expression, IMethodSymbol symbol, bool returnsTask)
        {
            var returnsValue = returnsTask ? symbol.ReturnType is INamedTypeSymbol { IsGenericType: true } : !symbol.ReturnsVoid;
            StatementSyntax statement = returnsValue
                ? SyntaxFactory.ReturnStatement(expression.WithoutTrivia())
                : SyntaxFactory.ExpressionStatement(expression.WithoutTrivia());
            return SyntaxFactory.Block(statement);
        }
    }
}
