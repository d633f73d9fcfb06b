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
        /// inside them, and passes a token at every call. Leaves the solution as it is when any part cannot follow.
        /// </summary>
        private static async Task<Solution> AddParameterAsync(Solution solution, IMethodSymbol method, CancellationToken cancellationToken)
        {
            var family = await GetFamilyAsync(solution, method, cancellationToken).ConfigureAwait(false);
            if (family.IsEmpty)
            {
                return solution;
            }

            var declarations = new List<(Document Document, MethodDeclarationSyntax Declaration, IMethodSymbol Symbol)>();
            foreach (var member in family)
            {
                if (member.DeclaringSyntaxReferences.Length != 1
                    || await member.DeclaringSyntaxReferences[0].GetSyntaxAsync(cancellationToken).ConfigureAwait(false) is not MethodDeclarationSyntax declaration
                    || solution.GetDocument(declaration.SyntaxTree) is not { } document)
                {
                    return solution;
                }

                declarations.Add((document, declaration, member));
            }

            var symbols = JobModel.Get((await declarations[0].Document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false))!.Compilation).Symbols;
            if (method.Parameters.Any(p => Cancellation.CarriesToken(p.Type, symbols)))
            {
                return solution;
            }

            var index = method.Parameters.Length;
            for (var i = 0; i < method.Parameters.Length; i++)
            {
                if (method.Parameters[i].IsOptional || method.Parameters[i].IsParams)
                {
                    index = i;
                    break;
                }
            }

            // Every call passes a token; anything else (a method group, a delegate) would no longer compile.
            var calls = new List<(Document Document, InvocationExpressionSyntax Call, ExpressionSyntax Token)>();
            var seen = new HashSet<(DocumentId, Microsoft.CodeAnalysis.Text.TextSpan)>();
            foreach (var member in family)
            {
                foreach (var reference in await SymbolFinder.FindReferencesAsync(member, solution, cancellationToken).ConfigureAwait(false))
                {
                    foreach (var location in reference.Locations)
                    {
                        if (!seen.Add((location.Document.Id, location.Location.SourceSpan)))
                        {
                            continue;
                        }

                        var root = await location.Document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                        var semanticModel = await location.Document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
                        var name = root!.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true);
                        var callee = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
                        if (callee.Parent is not InvocationExpressionSyntax call || call.Expression != callee || semanticModel is null)
                        {
                            return solution;
                        }

                        var token = AsyncRewrite.IsInExpressionTree(call, semanticModel, cancellationToken)
                            ? null
                            : AsyncRewrite.TokenExpressionAt(call, semanticModel, cancellationToken);
                        calls.Add((location.Document, call, token is null ? AsyncRewrite.QualifiedExpression("System.Threading.CancellationToken.None") : SyntaxFactory.ParseExpression(token)));
                    }
                }
            }

            // Inside the changed methods, calls that could take the new token are given it.
            var passOn = new List<(Document Document, InvocationExpressionSyntax Call, InvocationExpressionSyntax Passed)>();
            foreach (var (document, declaration, _) in declarations)
            {
                var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
                foreach (var inner in declaration.DescendantNodes().OfType<InvocationExpressionSyntax>())
                {
                    if (!AsyncRewrite.IsInExpressionTree(inner, semanticModel!, cancellationToken)
                        && AsyncRewrite.TokenExpressionAt(inner, semanticModel!, cancellationToken) is null
                        && WithToken(inner, ParameterName, semanticModel!, cancellationToken) is { } passed)
                    {
                        passOn.Add((document, inner, passed));
                    }
                }
            }

            var editor = new SolutionEditor(solution);
            foreach (var (document, call, token) in calls)
            {
                var documentEditor = await editor.GetDocumentEditorAsync(document.Id, cancellationToken).ConfigureAwait(false);
                documentEditor.ReplaceNode(call, (current, _) => AddArgument((InvocationExpressionSyntax)current, index, token));
            }

            foreach (var (document, call, passed) in passOn)
            {
                var documentEditor = await editor.GetDocumentEditorAsync(document.Id, cancellationToken).ConfigureAwait(false);
                documentEditor.ReplaceNode(call, (current, _) => ((InvocationExpressionSyntax)current).WithArgumentList(passed.ArgumentList.WithTriviaFrom(((InvocationExpressionSyntax)current).ArgumentList)));
            }

            var keepOldSignature = family.Length == 1 && await KeepsOldSignatureAsync(declarations[0].Document, method, cancellationToken).ConfigureAwait(false);
            foreach (var (document, declaration, _) in declarations)
            {
                var documentEditor = await editor.GetDocumentEditorAsync(document.Id, cancellationToken).ConfigureAwait(false);
                if (keepOldSignature)
                {
                    documentEditor.InsertAfter(declaration, Forwarder(declaration, index));
                }

                documentEditor.ReplaceNode(declaration, (current, _) => AddParameter((MethodDeclarationSyntax)current, index));
            }

            return editor.GetChangedSolution();
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

        /// <summary><c>public Task Ship(int id) =&gt; Ship(id, CancellationToken.None);</c>, with the method's attributes.</summary>
        private static MethodDeclarationSyntax Forwarder(MethodDeclarationSyntax declaration, int index)
        {
            var arguments = declaration.ParameterList.Parameters.Select(p => SyntaxFactory.Argument(SyntaxFactory.IdentifierName(p.Identifier.ValueText))).ToList();
            arguments.Insert(System.Math.Min(index, arguments.Count), SyntaxFactory.Argument(AsyncRewrite.QualifiedExpression("System.Threading.CancellationToken.None")));
            var call = SyntaxFactory.InvocationExpression(SyntaxFactory.IdentifierName(declaration.Identifier.ValueText), SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(arguments)));
            var comment = SyntaxFactory.Comment("// Loads jobs queued before the method took a cancellation token.");
            return declaration
                .WithModifiers(SyntaxFactory.TokenList(declaration.Modifiers.Where(m => !m.IsKind(SyntaxKind.AsyncKeyword))))
                .WithBody(null)
                .WithExpressionBody(SyntaxFactory.ArrowExpressionClause(call))
                .WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken))
                .WithLeadingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed, comment, SyntaxFactory.ElasticCarriageReturnLineFeed)
                .WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed)
                .WithAdditionalAnnotations(Microsoft.CodeAnalysis.Formatting.Formatter.Annotation);
        }

        /// <summary>
        /// The method with the members that must change with it: what it overrides or implements, up to the roots, and
        /// every override and implementation of those. Empty when one of them is declared outside the solution.
        /// </summary>
        private static async Task<ImmutableArray<IMethodSymbol>> GetFamilyAsync(Solution solution, IMethodSymbol method, CancellationToken cancellationToken)
        {
            var roots = new List<IMethodSymbol> { method };
            for (var overridden = method.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
            {
                roots.Add(overridden);
            }

            foreach (var member in AsyncRewrite.ImplementedInterfaceMembers(method))
            {
                roots.Add(member.OriginalDefinition);
            }

            var family = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
            foreach (var root in roots)
            {
                family.Add(root.OriginalDefinition);
                if (root.IsAbstract || root.IsVirtual || root.IsOverride || root.ContainingType.TypeKind == TypeKind.Interface)
                {
                    foreach (var derived in await SymbolFinder.FindOverridesAsync(root, solution, cancellationToken: cancellationToken).ConfigureAwait(false))
                    {
                        family.Add((IMethodSymbol)derived.OriginalDefinition);
                    }

                    foreach (var implementation in await SymbolFinder.FindImplementationsAsync(root, solution, cancellationToken: cancellationToken).ConfigureAwait(false))
                    {
                        family.Add((IMethodSymbol)implementation.OriginalDefinition);
                    }
                }
            }

            foreach (var member in family)
            {
                if (!member.IsInSource() || member.PartialDefinitionPart is not null || member.PartialImplementationPart is not null || member.MethodKind != MethodKind.Ordinary)
                {
                    return ImmutableArray<IMethodSymbol>.Empty;
                }
            }

            return family.ToImmutableArray();
        }

        private static MethodDeclarationSyntax AddParameter(MethodDeclarationSyntax declaration, int index)
        {
            var used = new HashSet<string>(declaration.ParameterList.Parameters.Select(p => p.Identifier.ValueText));
            var name = SyntaxText.UniqueName(ParameterName, used);
            var parameter = SyntaxFactory.Parameter(SyntaxFactory.Identifier(name))
                .WithType(SyntaxFactory.ParseTypeName("System.Threading.CancellationToken").WithAdditionalAnnotations(Simplifier.Annotation).WithTrailingTrivia(SyntaxFactory.Space));
            var parameters = declaration.ParameterList.Parameters;
            return declaration.WithParameterList(declaration.ParameterList.WithParameters(parameters.Insert(System.Math.Min(index, parameters.Count), parameter)));
        }

        private static InvocationExpressionSyntax AddArgument(InvocationExpressionSyntax call, int index, ExpressionSyntax token)
        {
            var arguments = call.ArgumentList.Arguments;
            if (arguments.Any(a => a.NameColon is not null) || arguments.Count < index)
            {
                return call.WithArgumentList(call.ArgumentList.AddArguments(
                    SyntaxFactory.Argument(SyntaxFactory.NameColon(SyntaxFactory.IdentifierName(ParameterName)), default, token)));
            }

            return call.WithArgumentList(call.ArgumentList.WithArguments(arguments.Insert(index, SyntaxFactory.Argument(token))));
        }
    }
}
