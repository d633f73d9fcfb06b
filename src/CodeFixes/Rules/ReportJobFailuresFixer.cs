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
    /// A hosted service's loop is guarded inside instead, so that one failed iteration is reported and the loop goes
    /// on, and shutdown's <c>OperationCanceledException</c> passes unreported.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ReportJobFailuresFixer))]
    [Shared]
    public sealed class ReportJobFailuresFixer : CodeFixProvider
    {
        public const string EquivalenceKey = RuleIdentifiers.ReportJobFailures + ".TryReport";
        private const string Title = "Catch and report the job's failures";

        private static readonly SolutionFixAllProvider s_fixAll = new(Title, ApplyAsync);
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

        private static async Task<(MethodDeclarationSyntax Method, IMethodSymbol Symbol, FailureReport Report)?> FindAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (semanticModel is null
                || root?.FindToken(diagnostic.Location.SourceSpan.Start).Parent is not MethodDeclarationSyntax { Parent: TypeDeclarationSyntax } method
                || (method.Body is null && method.ExpressionBody is null)
                || semanticModel.GetDeclaredSymbol(method, cancellationToken) is not { } symbol
                || await FailureReport.CreateAsync(document, semanticModel, symbol, cancellationToken).ConfigureAwait(false) is not { } report)
            {
                return null;
            }

            return (method, symbol, report);
        }

        private static async Task<Solution> ApplyAsync(Solution solution, ImmutableArray<(Document Document, Diagnostic Diagnostic)> items, CancellationToken cancellationToken)
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
                var methods = new Dictionary<MethodDeclarationSyntax, (IMethodSymbol Symbol, FailureReport Report, string Kind)>();
                var types = new Dictionary<TypeDeclarationSyntax, FailureReport>();
                foreach (var (_, diagnostic) in group)
                {
                    if (await FindAsync(document, diagnostic, cancellationToken).ConfigureAwait(false) is not { } found || methods.ContainsKey(found.Method))
                    {
                        continue;
                    }

                    var type = (TypeDeclarationSyntax)found.Method.Parent!;
                    var report = types.TryGetValue(type, out var shared) ? shared : found.Report;
                    types[type] = report;
                    diagnostic.Properties.TryGetValue(ReportJobFailuresAnalyzer.KindProperty, out var kind);
                    methods.Add(found.Method, (found.Symbol, report, kind ?? ""));
                }

                var needsLogging = false;
                var newRoot = root.ReplaceNodes(
                    methods.Keys.Cast<SyntaxNode>().Concat(types.Keys),
                    (original, rewritten) =>
                    {
                        if (original is MethodDeclarationSyntax method && methods.TryGetValue(method, out var entry))
                        {
                            needsLogging |= entry.Report.LoggerName is not null;
                            return Wrap((MethodDeclarationSyntax)rewritten, entry.Symbol, entry.Report, entry.Kind == nameof(JobEntryPointKind.HostedService), rethrow);
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

        private static MethodDeclarationSyntax Wrap(MethodDeclarationSyntax method, IMethodSymbol symbol, FailureReport report, bool hostedService, bool rethrow)
        {
            var returnsTask = AsyncEdits.IsTaskLike(symbol.ReturnType);
            if (returnsTask && !method.Modifiers.Any(SyntaxKind.AsyncKeyword))
            {
                method = (MethodDeclarationSyntax)AsyncEdits.MakeFunctionAsync(method);
            }

            var body = method.Body ?? ToBlock(method.ExpressionBody!.Expression, symbol, returnsTask);
            var exceptionName = FailureReport.ExceptionName(method);
            var token = hostedService ? symbol.Parameters.FirstOrDefault(p => p.Type.Name == "CancellationToken")?.Name : null;
            var reportStatement = report.CreateStatement(exceptionName, symbol);

            BlockSyntax newBody;
            if (token is not null && GuardableLoop(body) is { } loop)
            {
                var guarded = Guard(LoopBody(loop), reportStatement, exceptionName, token, rethrow: false, cancelled: SyntaxFactory.BreakStatement());
                newBody = body.ReplaceNode(loop, WithLoopBody(loop, SyntaxFactory.Block(guarded)));
            }
            else
            {
                var cancelled = token is null ? null : SyntaxFactory.ThrowStatement();
                newBody = SyntaxFactory.Block(Guard(body.Statements, reportStatement, exceptionName, token, rethrow, cancelled))
                    .WithOpenBraceToken(body.OpenBraceToken).WithCloseBraceToken(body.CloseBraceToken);
            }

            return method.WithExpressionBody(null).WithSemicolonToken(default)
                .WithBody(newBody.WithAdditionalAnnotations(Formatter.Annotation))
                .WithTrailingTrivia(method.ExpressionBody is null ? method.GetTrailingTrivia() : method.SemicolonToken.TrailingTrivia);
        }

        /// <summary><c>try { statements } [catch (OperationCanceledException) when (token.IsCancellationRequested) { cancelled }] catch (Exception ex) { report; [throw;] }</c>.</summary>
        private static TryStatementSyntax Guard(SyntaxList<StatementSyntax> statements, StatementSyntax report, string exceptionName, string? token, bool rethrow, StatementSyntax? cancelled)
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
