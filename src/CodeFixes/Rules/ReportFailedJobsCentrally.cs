using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Text;
using QueueLint.Rules;

namespace QueueLint.CodeFixes.Rules
{
    /// <summary>
    /// QL0011's second fix, <i>Report failed jobs centrally</i>: one reporter for the whole framework (a Hangfire
    /// filter on <c>FailedState</c>, a Quartz job listener, a MassTransit consume observer, a Coravel <c>OnError</c>
    /// handler) and its registration where the application configures the framework (see
    /// <see cref="CentralReporter"/>). One equivalence key per framework: Fix All at any scope adds the reporter and its
    /// registration once, and every finding of that framework goes quiet. Offered only where a registration site
    /// exists; it is registered before the try/report wrapper, so that <c>dotnet format</c>, which applies the first
    /// fix of the first finding, reports a framework's failures in one place rather than in every job.
    /// </summary>
    internal static class ReportFailedJobsCentrally
    {
        private static readonly Dictionary<string, SolutionFixAllProvider> s_fixAll = CentralReporter.All.ToDictionary(
            r => r.EquivalenceKey,
            r => new SolutionFixAllProvider(r.Title, (solution, items, cancellationToken) => ApplyAsync(r, solution, items, cancellationToken)),
            StringComparer.Ordinal);

        /// <summary>
        /// The Fix All of every central key: a reporter for each framework whose findings are in scope and whose
        /// registration is found, so that one Fix All, and one <c>dotnet format</c> run (which takes the Fix All of the
        /// first fix it meets), reports every framework's failures centrally, not only the first finding's.
        /// </summary>
        private static readonly SolutionFixAllProvider s_fixAllFrameworks = new("Report failed jobs centrally", ApplyAllAsync);

        /// <summary>Fix All for QL0011's fixes: the central fix's own for its keys, <paramref name="tryReport"/> for the rest.</summary>
        public static FixAllProvider WithFixAll(FixAllProvider tryReport) => new KeyedFixAllProvider(tryReport);

        /// <summary>Registers the central fix of <paramref name="diagnostic"/> when its framework has a registration site.</summary>
        public static async Task RegisterAsync(CodeFixContext context, Diagnostic diagnostic)
        {
            diagnostic.Properties.TryGetValue(ReportJobFailuresAnalyzer.KindProperty, out var kind);
            if (CentralReporter.For(kind) is { } reporter
                && await RegistrationSites.FindAsync(reporter, context.Document.Project, context.CancellationToken).ConfigureAwait(false) is not null)
            {
                s_fixAll[reporter.EquivalenceKey].RegisterFix(context, diagnostic, reporter.Title, reporter.EquivalenceKey);
            }
        }

        private static async Task<Solution> ApplyAllAsync(Solution solution, ImmutableArray<(Document Document, Diagnostic Diagnostic)> items, CancellationToken cancellationToken)
        {
            foreach (var reporter in CentralReporter.All)
            {
                solution = await ApplyAsync(reporter, solution, items, cancellationToken).ConfigureAwait(false);
            }

            return solution;
        }

        private static async Task<Solution> ApplyAsync(CentralReporter reporter, Solution solution, ImmutableArray<(Document Document, Diagnostic Diagnostic)> items, CancellationToken cancellationToken)
        {
            var projects = new List<ProjectId>();
            foreach (var (document, diagnostic) in items)
            {
                diagnostic.Properties.TryGetValue(ReportJobFailuresAnalyzer.KindProperty, out var kind);
                if (CentralReporter.For(kind) == reporter && !projects.Contains(document.Project.Id))
                {
                    projects.Add(document.Project.Id);
                }
            }

            // Jobs of several projects registered in one host: the reporter is added there once.
            var registered = new HashSet<ProjectId>();
            foreach (var projectId in projects)
            {
                if (solution.GetProject(projectId) is { } project
                    && await RegistrationSites.FindAsync(reporter, project, cancellationToken).ConfigureAwait(false) is { } found
                    && registered.Add(found.Document.Project.Id))
                {
                    solution = await AddReporterAsync(reporter, found.Document, found.Report, found.Sites, cancellationToken).ConfigureAwait(false);
                }
            }

            return solution;
        }

        private static async Task<Solution> AddReporterAsync(CentralReporter reporter, Document document, CentralReport report, List<RegistrationSite> sites, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is not CompilationUnitSyntax unit || semanticModel is null)
            {
                return document.Project.Solution;
            }

            var compilation = semanticModel.Compilation;
            var solution = document.Project.Solution;
            var ns = sites[0].Node.FirstAncestorOrSelf<BaseNamespaceDeclarationSyntax>()?.Name.ToString() ?? document.Project.DefaultNamespace;
            ns = string.IsNullOrEmpty(ns) ? null : ns;

            string? classText = null;
            var typeName = "";
            var newLine = SyntaxText.NewLine(await document.GetTextAsync(cancellationToken).ConfigureAwait(false));
            var fileScoped = unit.Members.OfType<FileScopedNamespaceDeclarationSyntax>().Any()
                || (!unit.Members.OfType<NamespaceDeclarationSyntax>().Any() && ((CSharpParseOptions)unit.SyntaxTree.Options).LanguageVersion >= LanguageVersion.CSharp10);

            // dotnet format's workspace lists a new file in the project file, which the SDK then includes twice: there
            // the class goes into the registration's file; elsewhere (the IDE) into a file of its own.
            var ownFile = document.Project.Solution.Workspace.Kind != WorkspaceKind.MSBuild;
            var namespaceDeclaration = sites[0].Node.FirstAncestorOrSelf<NamespaceDeclarationSyntax>();
            var fileScopedDeclaration = unit.Members.OfType<FileScopedNamespaceDeclarationSyntax>().FirstOrDefault();
            var indent = ownFile ? (ns is not null && !fileScoped ? "    " : "")
                : namespaceDeclaration is not null ? LineIndent(namespaceDeclaration) + "    "
                : ns is not null && fileScopedDeclaration is null ? "    " : "";
            if (reporter.ClassName is { } baseName && reporter.InterfaceName is { } interfaceName)
            {
                if (compilation.GetTypeByMetadataName(interfaceName) is not { } contract)
                {
                    return solution;
                }

                var className = UniqueClassName(baseName, document.Project, compilation);
                typeName = ns is null ? className : ns + "." + className;
                classText = ReporterText(reporter, report, className, contract, indent, newLine, SyntaxGenerator.GetGenerator(document));

                // The framework's signatures carry nullable annotations; the class says so where the project does not.
                if (compilation.Options.NullableContextOptions == NullableContextOptions.Disable)
                {
                    classText = "#nullable enable" + newLine + classText + (ownFile ? "" : "#nullable restore" + newLine);
                }
            }

            SyntaxNode newRoot;
            if (sites[0].Kind == RegistrationKind.StatementAfter)
            {
                // After the statement in its block, or after the top-level statement.
                var statement = (StatementSyntax)sites[0].Node;
                var anchor = statement.Parent is GlobalStatementSyntax global ? (SyntaxNode)global : statement;
                var added = Qualified(SyntaxFactory.ParseStatement(reporter.Registration(sites[0], typeName, report)))
                    .WithLeadingTrivia(statement.GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia)))
                    .WithTrailingTrivia(statement.GetTrailingTrivia());
                newRoot = unit.InsertNodesAfter(anchor, new[] { anchor is GlobalStatementSyntax ? SyntaxFactory.GlobalStatement(added) : (SyntaxNode)added });
            }
            else
            {
                newRoot = unit.ReplaceNodes(sites.Select(s => (InvocationExpressionSyntax)s.Node), (original, rewritten) => Register(sites.First(s => s.Node == original), rewritten, typeName, report));
            }

            if (sites.Any(s => s.Provider is not null) && !GetRequiredServiceIsVisible(semanticModel, sites[0].Node.SpanStart))
            {
                newRoot = SyntaxText.AddUsing((CompilationUnitSyntax)newRoot, "Microsoft.Extensions.DependencyInjection");
            }

            if (sites[0].Import is { } import)
            {
                newRoot = SyntaxText.AddUsing((CompilationUnitSyntax)newRoot, import);
            }

            if (classText is null)
            {
                return (await DocumentCleanup.CleanUpAsync(document.WithSyntaxRoot(newRoot), cancellationToken).ConfigureAwait(false)).Project.Solution;
            }

            var reporterName = typeName.Split('.').Last();
            if (ownFile)
            {
                var text = ns is null ? classText
                    : fileScoped ? "namespace " + ns + ";" + newLine + newLine + classText
                    : "namespace " + ns + newLine + "{" + newLine + classText + "}" + newLine;
                var fileName = reporterName + ".cs";
                var directory = Path.GetDirectoryName(document.FilePath);
                var id = DocumentId.CreateNewId(document.Project.Id);
                solution = solution.WithDocumentSyntaxRoot(document.Id, newRoot)
                    .AddDocument(id, fileName, SourceText.From(text), document.Folders, directory is null ? null : Path.Combine(directory, fileName));
                var added = solution.GetDocument(id)!;
                var addedRoot = (await added.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
                added = await DocumentCleanup.CleanUpAsync(added.WithSyntaxRoot(addedRoot.ReplaceNodes(addedRoot.DescendantNodes().OfType<ClassDeclarationSyntax>(), (_, c) => Qualified(c))), cancellationToken).ConfigureAwait(false);
                document = added.Project.Solution.GetDocument(document.Id)!;
            }
            else
            {
                // In the registration's file: at the end of its namespace, or of the file.
                var registration = (CompilationUnitSyntax)newRoot;
                var enclosing = namespaceDeclaration is null ? null : registration.DescendantNodes().OfType<NamespaceDeclarationSyntax>().LastOrDefault(n => n.Name.ToString() == ns);
                // A file with no namespace (top-level statements) gets a block one: nothing else may follow statements.
                var fileScopedHere = registration.Members.OfType<FileScopedNamespaceDeclarationSyntax>().FirstOrDefault();
                var wrapped = enclosing is not null || fileScopedHere is not null || ns is null ? classText : "namespace " + ns + newLine + "{" + newLine + classText + "}" + newLine;
                var member = Qualified(SyntaxFactory.ParseCompilationUnit(newLine + wrapped, options: (CSharpParseOptions)unit.SyntaxTree.Options).Members[0]);
                newRoot = enclosing is not null ? registration.ReplaceNode(enclosing, enclosing.AddMembers(member))
                    : fileScopedHere is not null ? registration.ReplaceNode(fileScopedHere, fileScopedHere.AddMembers(member))
                    : registration.AddMembers(member);
                document = document.WithSyntaxRoot(newRoot);
            }

            return (await DocumentCleanup.CleanUpAsync(document, cancellationToken).ConfigureAwait(false)).Project.Solution;
        }

        private static string LineIndent(SyntaxNode node)
        {
            var line = node.SyntaxTree.GetText().Lines.GetLineFromPosition(node.SpanStart).ToString();
            return line.Substring(0, line.Length - line.TrimStart().Length);
        }

        /// <summary>The registration call rewritten: a statement appended to its lambda, or a chained handler.</summary>
        private static InvocationExpressionSyntax Register(RegistrationSite site, InvocationExpressionSyntax invocation, string typeName, CentralReport report)
        {
            var registration = site.Reporter.Registration(site, typeName, report);
            if (site.Kind == RegistrationKind.AppendToLambda)
            {
                var lambda = invocation.ArgumentList.Arguments.Select(a => a.Expression).OfType<LambdaExpressionSyntax>().First();
                var statement = Qualified(SyntaxFactory.ParseStatement(registration))
                    .WithLeadingTrivia(SyntaxFactory.ElasticMarker).WithTrailingTrivia(SyntaxFactory.ElasticMarker).WithAdditionalAnnotations(Formatter.Annotation);
                return invocation.ReplaceNode(lambda, AppendTo(lambda, statement, site));
            }

            var handler = Qualified(SyntaxFactory.ParseExpression(registration));
            return SyntaxFactory.InvocationExpression(
                    SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, invocation.WithoutTrailingTrivia(), SyntaxFactory.IdentifierName("OnError")),
                    SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(handler))))
                .WithTrailingTrivia(invocation.GetTrailingTrivia());
        }

        private static LambdaExpressionSyntax AppendTo(LambdaExpressionSyntax lambda, StatementSyntax statement, RegistrationSite site)
        {
            BlockSyntax body;
            if (lambda.Block is { } block)
            {
                var last = block.Statements.LastOrDefault();
                body = block.AddStatements(last is null ? statement : statement.WithLeadingTrivia(last.GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia))).WithTrailingTrivia(last.GetTrailingTrivia()));
            }
            else
            {
                // An expression body becomes a block laid out under the line the lambda starts on.
                var indent = LineIndent(site.Lambda!);
                var newLine = SyntaxFactory.EndOfLine(SyntaxText.NewLine(site.Lambda!.SyntaxTree.GetText()));
                var inner = SyntaxFactory.TriviaList(SyntaxFactory.Whitespace(indent + "    "));
                body = SyntaxFactory.Block(
                        SyntaxFactory.Token(SyntaxFactory.TriviaList(newLine, SyntaxFactory.Whitespace(indent)), SyntaxKind.OpenBraceToken, SyntaxFactory.TriviaList(newLine)),
                        SyntaxFactory.List(new[]
                        {
                            SyntaxFactory.ExpressionStatement(lambda.ExpressionBody!.WithoutTrivia()).WithLeadingTrivia(inner).WithTrailingTrivia(newLine),
                            statement.WithLeadingTrivia(inner).WithTrailingTrivia(newLine),
                        }),
                        SyntaxFactory.Token(SyntaxFactory.TriviaList(SyntaxFactory.Whitespace(indent)), SyntaxKind.CloseBraceToken, default));
                lambda = lambda.WithArrowToken(lambda.ArrowToken.WithTrailingTrivia());
            }

            var withBody = lambda.WithExpressionBody(null).WithBlock(body);
            if (site.Provider is { } provider && withBody is SimpleLambdaExpressionSyntax simple)
            {
                // AddHangfire(config => …) becomes AddHangfire((provider, config) => …), the overload with the provider.
                var parameters = SyntaxFactory.ParameterList(SyntaxFactory.SeparatedList(new[] { SyntaxFactory.Parameter(SyntaxFactory.Identifier(provider)), simple.Parameter.WithoutTrivia() }))
                    .WithTrailingTrivia(simple.Parameter.GetTrailingTrivia());
                return SyntaxFactory.ParenthesizedLambdaExpression(simple.AsyncKeyword, parameters, simple.ArrowToken, body).WithTriviaFrom(simple);
            }

            if (site.Provider is { } name && withBody is ParenthesizedLambdaExpressionSyntax { ParameterList.Parameters.Count: 1 } single)
            {
                return single.WithParameterList(single.ParameterList.WithParameters(single.ParameterList.Parameters.Insert(0, SyntaxFactory.Parameter(SyntaxFactory.Identifier(name)))));
            }

            return withBody;
        }

        /// <summary>The reporter class as text, indented by <paramref name="indent"/>, ending with a line break.</summary>
        private static string ReporterText(CentralReporter reporter, CentralReport report, string className, INamedTypeSymbol contract, string indent, string newLine, SyntaxGenerator generator)
        {
            var properties = new List<MemberDeclarationSyntax>();
            var methods = new List<MemberDeclarationSyntax>();
            foreach (var member in contract.GetMembers().Concat(contract.AllInterfaces.SelectMany(i => i.GetMembers())))
            {
                if (member.IsStatic || !(member.IsAbstract || member.IsVirtual))
                {
                    continue;
                }

                if (member is IPropertySymbol { IsAbstract: true, IsIndexer: false, SetMethod: null } property)
                {
                    // Quartz's listener Name: the class's name.
                    var value = property.Type.SpecialType == SpecialType.System_String ? SymbolDisplay.FormatLiteral(className, quote: true) : "default";
                    properties.Add(SyntaxFactory.PropertyDeclaration((TypeSyntax)generator.TypeExpression(property.Type), property.Name)
                        .WithModifiers(SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.PublicKeyword)))
                        .WithExpressionBody(SyntaxFactory.ArrowExpressionClause(SyntaxFactory.ParseExpression(value)))
                        .WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken)));
                }
                else if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary } method
                    && reporter.ReportingBody(method, report) is var reporting
                    && (method.IsAbstract || reporting is not null))
                {
                    // Members with a default body (Quartz 4's listener) are left to it, except the one that reports.
                    methods.Add(Implement(method, reporting, generator));
                }
            }

            // Laid out as text, member by member, a blank line between them; the names written in full are shortened
            // and imported by the cleanup.
            var texts = new List<string>();
            if (report.UsesLogger)
            {
                var logger = "Microsoft.Extensions.Logging.ILogger<" + className + ">";
                texts.Add("private readonly " + logger + " _logger;");
                texts.Add("public " + className + "(" + logger + " logger) => _logger = logger;");
            }

            texts.AddRange(properties.Concat(methods).Select(m => BlankLineAfterBlocks(m.NormalizeWhitespace("    ", newLine).ToFullString(), newLine)));
            var members = string.Join(newLine + newLine, texts.Select(t => Indent(t, indent + "    ", newLine)));
            return indent + "public sealed class " + className + " : " + generator.TypeExpression(contract).NormalizeWhitespace().ToFullString() + newLine
                + indent + "{" + newLine + members + newLine + indent + "}" + newLine;
        }

        private static string Indent(string text, string indent, string newLine)
            => string.Join(newLine, text.Split(new[] { newLine }, StringSplitOptions.None).Select(line => line.Length == 0 ? line : indent + line));

        /// <summary>A blank line after a closing brace that other statements follow, as the code around it is written.</summary>
        private static string BlankLineAfterBlocks(string text, string newLine)
        {
            var lines = text.Split(new[] { newLine }, StringSplitOptions.None).ToList();
            for (var i = lines.Count - 2; i >= 0; i--)
            {
                if (lines[i].Trim() == "}" && lines[i + 1].Trim() is { Length: > 0 } next && next != "}")
                {
                    lines.Insert(i + 1, "");
                }
            }

            return string.Join(newLine, lines);
        }

        /// <summary>An interface method implemented from its symbol; <paramref name="body"/> reports, the others only complete.</summary>
        private static MethodDeclarationSyntax Implement(IMethodSymbol method, string? body, SyntaxGenerator generator)
        {
            var declaration = ((MethodDeclarationSyntax)generator.MethodDeclaration(method))
                .WithModifiers(SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.PublicKeyword)));
            var completed = Completed(method.ReturnType);
            if (body is not null)
            {
                var returns = completed is null ? "" : " return " + completed + ";";
                return declaration.WithExpressionBody(null).WithSemicolonToken(default).WithBody((BlockSyntax)SyntaxFactory.ParseStatement("{ " + body + returns + " }"));
            }

            return completed is null
                ? declaration.WithExpressionBody(null).WithSemicolonToken(default).WithBody(SyntaxFactory.Block())
                : declaration.WithBody(null).WithExpressionBody(SyntaxFactory.ArrowExpressionClause(SyntaxFactory.ParseExpression(completed))).WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken));
        }

        /// <summary>What a member that has nothing to do returns: a completed task, or nothing.</summary>
        private static string? Completed(ITypeSymbol returnType)
            => returnType.SpecialType == SpecialType.System_Void ? null
                : returnType is INamedTypeSymbol { Name: "Task", Arity: 0 } task && task.ContainingNamespace.ToDisplayString() == "System.Threading.Tasks" ? "System.Threading.Tasks.Task.CompletedTask"
                : "default";

        private static string UniqueClassName(string name, Project project, Compilation compilation)
        {
            var used = new HashSet<string>(StringComparer.Ordinal);
            foreach (var document in project.Documents)
            {
                used.Add(Path.GetFileNameWithoutExtension(document.Name));
            }

            var candidate = name;
            for (var i = 2; used.Contains(candidate) || compilation.ContainsSymbolsWithName(candidate, SymbolFilter.Type); i++)
            {
                candidate = name + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return candidate;
        }

        private static bool GetRequiredServiceIsVisible(SemanticModel semanticModel, int position)
            => semanticModel.Compilation.GetTypeByMetadataName("System.IServiceProvider") is { } provider
               && semanticModel.LookupSymbols(position, provider, "GetRequiredService", includeReducedExtensionMethods: true).Length > 0;

        /// <summary>Names written in full, shortened and imported by the cleanup.</summary>
        private static TNode Qualified<TNode>(TNode node)
            where TNode : SyntaxNode
            => node.WithAdditionalAnnotations(DocumentCleanup.QualifiedName);

        /// <summary>The central fix's Fix All for its keys; the try/report wrapper's for its own key and for none.</summary>
        private sealed class KeyedFixAllProvider : FixAllProvider
        {
            private readonly FixAllProvider _tryReport;

            public KeyedFixAllProvider(FixAllProvider tryReport) => _tryReport = tryReport;

            public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() => _tryReport.GetSupportedFixAllScopes();

            public override Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
                => fixAllContext.CodeActionEquivalenceKey is { } key && s_fixAll.ContainsKey(key)
                    ? s_fixAllFrameworks.GetFixAsync(fixAllContext)
                    : _tryReport.GetFixAsync(fixAllContext);
        }
    }
}
