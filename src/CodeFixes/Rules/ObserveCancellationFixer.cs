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
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;
using QueueLint.Model;
using QueueLint.Model.Hangfire;
using QueueLint.Model.Jobs;
using QueueLint.Model.Syntax;
using QueueLint.Rules;

namespace QueueLint.CodeFixes.Rules
{
    /// <summary>
    /// QL0050: lets job code see its token. A finding names one method and lists, as additional locations, each call
    /// and loop there that ignores the token, with the shape of the fix each needs; every one is fixed. A loop checks
    /// it in its condition; a call that could take it is given it; a method that has none gets a <c>CancellationToken</c> parameter (with its overrides, implementations and the
    /// member it implements, all in source), passes it on to the calls inside that take one, and every call of it passes
    /// the caller's token, or <c>CancellationToken.None</c> in a Hangfire job expression (Hangfire substitutes its own)
    /// and where the caller has none. Registered for every finding, so that Fix All started from one it cannot fix (a
    /// contract declared in a library, a method group use) still fixes the others.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ObserveCancellationFixer))]
    [Shared]
    public sealed class ObserveCancellationFixer : CodeFixProvider
    {
        public const string EquivalenceKey = RuleIdentifiers.ObserveCancellation + ".PassToken";

        private const string Title = "Observe the job's cancellation token";

        private const string ParameterName = "cancellationToken";

        private static readonly SolutionFixAllProvider s_fixAll = new SolutionFixAllProvider(Title, ApplyAsync);

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.ObserveCancellation);

        public override FixAllProvider GetFixAllProvider() => s_fixAll;

        public override Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            foreach (var diagnostic in context.Diagnostics)
            {
                s_fixAll.RegisterFix(context, diagnostic, Title, EquivalenceKey);
            }

            return Task.CompletedTask;
        }

        private enum WorkKind
        {
            CheckInLoop,
            PassToCall,
            AddParameter,
        }

        private sealed class Work
        {
            public Work(WorkKind kind, DocumentId document, SyntaxNode node, string? token)
            {
                Kind = kind;
                Document = document;
                Node = node;
                Token = token;
            }

            public WorkKind Kind { get; }

            public DocumentId Document { get; set; }

            public SyntaxNode Node { get; }

            public string? Token { get; }

            public SyntaxAnnotation Annotation { get; } = new();
        }

        private static async Task<Solution> ApplyAsync(Solution solution, ImmutableArray<(Document Document, Diagnostic Diagnostic)> diagnostics, CancellationToken cancellationToken)
        {
            var work = new List<Work>();
            foreach (var (document, diagnostic) in diagnostics)
            {
                // One finding per method: a shape for each call or loop it lists, or for its own location.
                var locations = diagnostic.AdditionalLocations.Count > 0 ? (IReadOnlyList<Location>)diagnostic.AdditionalLocations : new[] { diagnostic.Location };
                if (!diagnostic.Properties.TryGetValue(ObserveCancellationAnalyzer.ShapeProperty, out var shapes) || shapes is null)
                {
                    continue;
                }

                var shape = shapes.Split(ObserveCancellationAnalyzer.ShapeSeparator);
                for (var i = 0; i < locations.Count && i < shape.Length; i++)
                {
                    if (await FindWorkAsync(document, diagnostic, locations[i], shape[i], cancellationToken).ConfigureAwait(false) is { } item
                        && !work.Any(w => w.Kind == item.Kind && w.Node == item.Node))
                    {
                        work.Add(item);
                    }
                }
            }

            var original = solution;
            var changed = false;

            // Mark every place first: each step changes the solution, and the marks find the places again.
            foreach (var group in work.GroupBy(w => w.Document))
            {
                var document = solution.GetDocument(group.Key)!;
                var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                var byNode = group.GroupBy(w => w.Node).ToDictionary(g => g.Key, g => g.Select(w => w.Annotation).ToArray());
                root = root!.ReplaceNodes(byNode.Keys, (original, rewritten) => rewritten.WithAdditionalAnnotations(byNode[original]));
                solution = solution.WithDocumentSyntaxRoot(group.Key, root);
            }

            // Loops and single calls first: a parameter added later changes the text around them.
            foreach (var item in work.OrderBy(w => w.Kind == WorkKind.AddParameter ? 1 : 0))
            {
                var document = solution.GetDocument(item.Document);
                var root = document is null ? null : await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                var node = root?.GetAnnotatedNodes(item.Annotation).FirstOrDefault();
                if (document is null || root is null || node is null)
                {
                    continue;
                }

                switch (item.Kind)
                {
                    case WorkKind.CheckInLoop when item.Token is not null:
                        solution = solution.WithDocumentSyntaxRoot(document.Id, root.ReplaceNode(node, CheckInLoop(node, item.Token)));
                        changed = true;
                        break;
                    case WorkKind.PassToCall when item.Token is not null && node is InvocationExpressionSyntax call:
                    {
                        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
                        if (semanticModel is not null && WithToken(call, item.Token, semanticModel, cancellationToken) is { } passed)
                        {
                            solution = solution.WithDocumentSyntaxRoot(document.Id, root.ReplaceNode(call, passed));
                            changed = true;
                        }

                        break;
                    }

                    case WorkKind.AddParameter when node is MethodDeclarationSyntax declaration:
                    {
                        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
                        if (semanticModel?.GetDeclaredSymbol(declaration, cancellationToken) is { } method)
                        {
                            var added = await AddParameterAsync(solution, method, cancellationToken).ConfigureAwait(false);
                            changed |= added != solution;
                            solution = added;
                        }

                        break;
                    }
                }
            }

            // The marks alone are no change: a finding with nothing to fix leaves the solution as it was.
            return changed ? solution : original;
        }

        private static async Task<Work?> FindWorkAsync(Document document, Diagnostic diagnostic, Location location, string shape, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || semanticModel is null || !root.FullSpan.Contains(location.SourceSpan))
            {
                return null;
            }

            diagnostic.Properties.TryGetValue(ObserveCancellationAnalyzer.TokenProperty, out var token);
            var node = root.FindNode(location.SourceSpan, getInnermostNodeForTie: true);
            switch (shape)
            {
                case ObserveCancellationAnalyzer.ShapeAddParameter:
                    return node.FirstAncestorOrSelf<MethodDeclarationSyntax>() is { } method ? new Work(WorkKind.AddParameter, document.Id, method, null) : null;

                case ObserveCancellationAnalyzer.ShapeLoop:
                    return node.FirstAncestorOrSelf<StatementSyntax>() is { } loop && loop is WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax
                        ? new Work(WorkKind.CheckInLoop, document.Id, loop, token)
                        : null;

                case ObserveCancellationAnalyzer.ShapePassToCall when token is not null:
                    return node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is { } call ? new Work(WorkKind.PassToCall, document.Id, call, token) : null;

                case ObserveCancellationAnalyzer.ShapePassToCall:
                    // No token in reach: the method that waits gets one.
                    return node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is { } wait && AsyncRewrite.EnclosingFunction(wait) is MethodDeclarationSyntax waiting
                        ? new Work(WorkKind.AddParameter, document.Id, waiting, null)
                        : null;

                case ObserveCancellationAnalyzer.ShapeHandOn:
                {
                    if (node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } handOn
                        || semanticModel.GetSymbolInfo(handOn, cancellationToken).Symbol is not IMethodSymbol callee)
                    {
                        return null;
                    }

                    callee = (callee.ReducedFrom ?? callee).OriginalDefinition;
                    foreach (var reference in callee.DeclaringSyntaxReferences)
                    {
                        if (await reference.GetSyntaxAsync(cancellationToken).ConfigureAwait(false) is MethodDeclarationSyntax declaration
                            && document.Project.Solution.GetDocument(declaration.SyntaxTree) is { } calleeDocument)
                        {
                            return new Work(WorkKind.AddParameter, calleeDocument.Id, declaration, null);
                        }
                    }

                    return null;
                }

                default:
                    return null;
            }
        }

        /// <summary><c>while (!token.IsCancellationRequested &amp;&amp; condition)</c>; a loop with no condition or <c>true</c> gets the check alone.</summary>
        private static SyntaxNode CheckInLoop(SyntaxNode loop, string token)
        {
            ExpressionSyntax Check(ExpressionSyntax? condition)
            {
                var check = SyntaxFactory.ParseExpression("!" + token + ".IsCancellationRequested");
                if (condition is null || condition.IsKind(SyntaxKind.TrueLiteralExpression))
                {
                    return check.WithTriviaFrom(condition ?? check);
                }

                var right = SyntaxFactory.ParenthesizedExpression(condition.WithoutTrivia()).WithAdditionalAnnotations(Simplifier.Annotation);
                return SyntaxFactory.BinaryExpression(SyntaxKind.LogicalAndExpression, check, right).WithTriviaFrom(condition);
            }

            return loop switch
            {
                WhileStatementSyntax whileLoop => whileLoop.WithCondition(Check(whileLoop.Condition)),
                DoStatementSyntax doLoop => doLoop.WithCondition(Check(doLoop.Condition)),
                ForStatementSyntax forLoop => forLoop.WithCondition(forLoop.Condition is null ? Check(null).WithLeadingTrivia(SyntaxFactory.Space) : Check(forLoop.Condition)),
                _ => loop,
            };
        }

        /// <summary>The call given <paramref name="token"/>: as the optional parameter it leaves out, or as the extra argument of an overload.</summary>
        private static InvocationExpressionSyntax? WithToken(InvocationExpressionSyntax call, string token, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            if (semanticModel.GetOperation(call, cancellationToken) is not IInvocationOperation invocation
                || !Cancellation.CouldTakeToken(invocation, JobModel.Get(semanticModel.Compilation).Symbols, out var omitted, out var overload))
            {
                return null;
            }

            var value = SyntaxFactory.ParseExpression(token);
            // Positional when the left-out parameter is the next one; named when arguments before it are left out too.
            var named = call.ArgumentList.Arguments.Any(a => a.NameColon is not null)
                || (omitted is not null && omitted.Ordinal != call.ArgumentList.Arguments.Count);
            var parameterName = omitted?.Name ?? overload?.Parameters.Last().Name ?? ParameterName;
            var argument = named
                ? SyntaxFactory.Argument(SyntaxFactory.NameColon(SyntaxFactory.IdentifierName(parameterName)), default, value)
                : SyntaxFactory.Argument(value);
            return call.WithArgumentList(call.ArgumentList.AddArguments(argument));
        }

        /// <summary>
        /// Adds a token parameter to <paramref name="method"/> and the members it must stay in step with, passes it on
        /// inside them, and passes a token at every call (<see cref="SignatureChange.AddParameterAsync"/>). Leaves the
        /// solution as it is when any part cannot follow.
        /// </summary>
        private static async Task<Solution> AddParameterAsync(Solution solution, IMethodSymbol method, CancellationToken cancellationToken)
        {
            if (method.DeclaringSyntaxReferences.FirstOrDefault()?.SyntaxTree is not { } tree
                || solution.GetDocument(tree) is not { } document
                || await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } model
                || method.Parameters.Any(p => Cancellation.CarriesToken(p.Type, JobModel.Get(model.Compilation).Symbols)))
            {
                return solution;
            }

            // A call passes its own token; one in a Hangfire job expression, or with none in reach, passes None.
            var none = AsyncRewrite.QualifiedExpression("System.Threading.CancellationToken.None");
            var parameter = new SignatureChange.NewParameter(
                "System.Threading.CancellationToken",
                ParameterName,
                call => (AsyncRewrite.IsInExpressionTree(call.Call, call.SemanticModel, cancellationToken) ? null : AsyncRewrite.TokenExpressionAt(call.Call, call.SemanticModel, cancellationToken)) is { } token
                    ? SyntaxFactory.ParseExpression(token)
                    : none,
                none,
                "Loads jobs queued before the method took a cancellation token.");
            var change = new SignatureChange(solution);
            var keepOldSignature = await KeepsOldSignatureAsync(document, method, cancellationToken).ConfigureAwait(false);
            var declarations = await change.AddParameterAsync(method, parameter, keepOldSignature, cancellationToken).ConfigureAwait(false);
            if (declarations.IsEmpty)
            {
                return solution;
            }

            // Inside the changed methods, calls that could take the new token are given it.
            foreach (var (declarationDocument, declaration) in declarations)
            {
                var semanticModel = await declarationDocument.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
                foreach (var inner in declaration.DescendantNodes().OfType<InvocationExpressionSyntax>())
                {
                    if (!AsyncRewrite.IsInExpressionTree(inner, semanticModel!, cancellationToken)
                        && AsyncRewrite.TokenExpressionAt(inner, semanticModel!, cancellationToken) is null
                        && WithToken(inner, ParameterName, semanticModel!, cancellationToken) is { } passed)
                    {
                        change.Replace(declarationDocument.Id, inner, current => ((InvocationExpressionSyntax)current).WithArgumentList(passed.ArgumentList.WithTriviaFrom(((InvocationExpressionSyntax)current).ArgumentList)));
                    }
                }
            }

            return await change.ApplyAsync(cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// A Hangfire job method listed in the project's job contract file keeps its old signature as a forwarding
        /// overload: jobs already queued name it, and would no longer load.
        /// </summary>
        private static async Task<bool> KeepsOldSignatureAsync(Document document, IMethodSymbol method, CancellationToken cancellationToken)
        {
            if (!document.Project.AdditionalDocuments.Any(d => d.Name == JobContract.FileName)
                || await document.Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false) is not { } compilation)
            {
                return false;
            }

            var jobCode = JobModel.Get(compilation).GetJobCode(document.Project.AnalyzerOptions, cancellationToken);
            return jobCode.Find(method, cancellationToken) is { IsEntryPoint: true, EntryKind: JobEntryPointKind.HangfireJob };
        }
    }
}
