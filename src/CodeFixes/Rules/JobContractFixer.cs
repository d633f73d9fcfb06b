using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using QueueLint.Model.Hangfire;
using QueueLint.Rules;

namespace QueueLint.CodeFixes.Rules
{
    /// <summary>
    /// QL0060: adds missing job methods to <c>QueueLint.Jobs.txt</c> (in sorted place, all at once for Fix All),
    /// and restores a changed job method's old signature as an overload that forwards to the new one.
    /// One equivalence key for both, so that one Fix All (what <c>dotnet format</c> runs) applies every fix.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(JobContractFixer))]
    [Shared]
    public sealed class JobContractFixer : CodeFixProvider
    {
        public const string EquivalenceKey = RuleIdentifiers.JobContract + ".Contract";

        private static readonly SolutionFixAllProvider s_fixAll = new SolutionFixAllProvider("Update the job contract", ApplyAsync);

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.JobContract);

        public override FixAllProvider GetFixAllProvider() => s_fixAll;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            // Registered for every finding, a no-op where no fix applies: dotnet format runs the Fix All of the
            // first finding's action, and that finding may be an unfixable one.
            foreach (var diagnostic in context.Diagnostics)
            {
                var title = diagnostic.Properties.TryGetValue(JobContractAnalyzer.MissingLineProperty, out var line) && line is not null
                    ? "Add '" + line + "' to " + JobContract.FileName
                    : await BuildOverloadAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false) is not null
                        ? "Keep the old signature as a forwarding overload"
                        : "Update the job contract";
                s_fixAll.RegisterFix(context, diagnostic, title, EquivalenceKey);
            }
        }

        private static TextDocument? FindContract(Project project)
            => project.AdditionalDocuments.FirstOrDefault(d => d.FilePath is { } path ? JobContract.IsContractFile(path) : JobContract.IsContractFile(d.Name));

        private static async Task<Solution> ApplyAsync(Solution solution, ImmutableArray<(Document Document, Diagnostic Diagnostic)> diagnostics, CancellationToken cancellationToken)
        {
            var missing = new Dictionary<ProjectId, SortedSet<string>>();
            var overloads = new Dictionary<MethodDeclarationSyntax, List<(Document Document, MethodDeclarationSyntax Overload)>>();
            foreach (var (document, diagnostic) in diagnostics)
            {
                if (diagnostic.Properties.TryGetValue(JobContractAnalyzer.MissingLineProperty, out var line) && line is not null)
                {
                    if (!missing.TryGetValue(document.Project.Id, out var lines))
                    {
                        lines = new SortedSet<string>(StringComparer.Ordinal);
                        missing.Add(document.Project.Id, lines);
                    }

                    lines.Add(line);
                }
                else if (await BuildOverloadAsync(document, diagnostic, cancellationToken).ConfigureAwait(false) is { } overload)
                {
                    if (!overloads.TryGetValue(overload.Method, out var list))
                    {
                        list = new List<(Document, MethodDeclarationSyntax)>();
                        overloads.Add(overload.Method, list);
                    }

                    // Two listed lines may ask for the same old signature.
                    if (!list.Any(o => o.Overload.ParameterList.ToString() == overload.Overload.ParameterList.ToString()))
                    {
                        list.Add((document, overload.Overload));
                    }
                }
            }

            foreach (var group in overloads.GroupBy(o => o.Key.SyntaxTree))
            {
                var document = solution.GetDocument(group.Key);
                if (document is null)
                {
                    continue;
                }

                var root = await group.Key.GetRootAsync(cancellationToken).ConfigureAwait(false);
                var map = group.ToDictionary(g => g.Key, g => g.Value);
                root = root.ReplaceNodes(
                    map.Keys.Select(m => m.Parent!).Distinct(),
                    (original, current) =>
                    {
                        var type = (TypeDeclarationSyntax)current;
                        var members = type.Members;
                        // From the last method up, so that each insertion leaves the earlier indexes valid.
                        var inserts = map.Where(p => p.Key.Parent == original)
                            .Select(p => (Index: ((TypeDeclarationSyntax)original).Members.IndexOf(p.Key), Overloads: p.Value))
                            .OrderByDescending(p => p.Index);
                        foreach (var (index, overloadsOfMethod) in inserts)
                        {
                            members = members.InsertRange(index + 1, overloadsOfMethod.Select(v => (MemberDeclarationSyntax)v.Overload));
                        }

                        return type.WithMembers(members);
                    });
                solution = solution.WithDocumentSyntaxRoot(document.Id, root);
            }

            foreach (var pair in missing)
            {
                if (solution.GetProject(pair.Key) is not { } project || FindContract(project) is not { } contract)
                {
                    continue;
                }

                var text = await contract.GetTextAsync(cancellationToken).ConfigureAwait(false);
                solution = solution.WithAdditionalDocumentText(contract.Id, SourceText.From(Merge(text, pair.Value), text.Encoding));
            }

            return solution;
        }

        /// <summary>
        /// Inserts each new line before the first listed line that sorts after it, so that a sorted file stays
        /// sorted; comments and blank lines stay where they are, and lines already there are not repeated.
        /// </summary>
        private static string Merge(SourceText text, SortedSet<string> lines)
        {
            var newLine = SyntaxText.NewLine(text);
            var existing = new HashSet<string>(JobContract.ReadEntries(text).Select(e => JobContract.Normalize(e.Line)), StringComparer.Ordinal);
            var pending = new Queue<string>(lines.Where(l => !existing.Contains(JobContract.Normalize(l))));
            var builder = new StringBuilder();
            foreach (var line in text.Lines)
            {
                var content = line.ToString();
                var trimmed = content.Trim();
                if (trimmed.Length > 0 && trimmed[0] != '#')
                {
                    while (pending.Count > 0 && string.CompareOrdinal(pending.Peek(), trimmed) < 0)
                    {
                        builder.Append(pending.Dequeue()).Append(newLine);
                    }
                }

                builder.Append(content);
                if (line.EndIncludingLineBreak > line.End)
                {
                    builder.Append(text.ToString(TextSpan.FromBounds(line.End, line.EndIncludingLineBreak)));
                }
            }

            if (pending.Count > 0 && builder.Length > 0 && builder[builder.Length - 1] != '\n')
            {
                builder.Append(newLine);
            }

            while (pending.Count > 0)
            {
                builder.Append(pending.Dequeue()).Append(newLine);
            }

            return builder.ToString();
        }

        /// <summary>
        /// The forwarding overload for a changed job method: the listed parameter types, each passed on to the
        /// new parameter in its place when it converts implicitly; new trailing parameters need defaults. Null when
        /// that mapping does not exist, or for generic, abstract or interface methods.
        /// </summary>
        private static async Task<(MethodDeclarationSyntax Method, MethodDeclarationSyntax Overload)?> BuildOverloadAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (!diagnostic.Properties.TryGetValue(JobContractAnalyzer.ChangedLineProperty, out var line) || line is null
                || !JobContract.TryParse(line, out _, out _, out var parameterTexts, out var genericMethod) || genericMethod)
            {
                return null;
            }

            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || semanticModel is null
                || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<MethodDeclarationSyntax>() is not { } located
                || located.Parent is not TypeDeclarationSyntax type)
            {
                return null;
            }

            var oldTypes = new ITypeSymbol[parameterTexts.Length];
            for (var i = 0; i < oldTypes.Length; i++)
            {
                if (JobContract.ResolveType(semanticModel.Compilation, parameterTexts[i], out _) is not { } oldType)
                {
                    return null;
                }

                oldTypes[i] = oldType;
            }

            var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);

            // The finding names one method of that name; when the old signature cannot forward to that one (another
            // fix of the same run may have added an overload of it), any other method of that name that it can forward to.
            if (BuildOverload(located, oldTypes, semanticModel, text, cancellationToken) is { } overload)
            {
                return (located, overload);
            }

            foreach (var member in type.Members)
            {
                if (member != located && member is MethodDeclarationSyntax other && other.Identifier.ValueText == located.Identifier.ValueText
                    && BuildOverload(other, oldTypes, semanticModel, text, cancellationToken) is { } otherOverload)
                {
                    return (other, otherOverload);
                }
            }

            return null;
        }

        private static MethodDeclarationSyntax? BuildOverload(MethodDeclarationSyntax declaration, ITypeSymbol[] oldTypes, SemanticModel semanticModel, SourceText text, CancellationToken cancellationToken)
        {
            if (semanticModel.GetDeclaredSymbol(declaration, cancellationToken) is not { } method
                || method.IsGenericMethod || method.IsAbstract || method.ContainingType.TypeKind != TypeKind.Class)
            {
                return null;
            }

            // Only the shapes whose meaning is plain: parameters kept in place (same type or widened implicitly),
            // new trailing parameters with defaults, old trailing parameters dropped.
            var compilation = semanticModel.Compilation;
            var newParameters = method.Parameters;
            for (var j = 0; j < newParameters.Length; j++)
            {
                if (j >= oldTypes.Length)
                {
                    if (!newParameters[j].HasExplicitDefaultValue)
                    {
                        return null;
                    }

                    continue;
                }

                var target = newParameters[j].Type;
                if (!SymbolEqualityComparer.Default.Equals(oldTypes[j], target)
                    && compilation.ClassifyConversion(oldTypes[j], target) is not { IsImplicit: true, IsUserDefined: false })
                {
                    return null;
                }
            }

            var kept = Math.Min(oldTypes.Length, newParameters.Length);
            var names = new HashSet<string>(newParameters.Select(p => p.Name), StringComparer.Ordinal);
            var oldNames = new string[oldTypes.Length];
            for (var i = 0; i < oldNames.Length; i++)
            {
                oldNames[i] = i < kept ? newParameters[i].Name : SyntaxText.UniqueName("unused" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), names);
            }

            var position = declaration.SpanStart;
            var parameters = string.Join(", ", oldTypes.Select((t, i) => t.ToMinimalDisplayString(semanticModel, position) + " " + oldNames[i]));
            // Every parameter of the new method is passed, kept ones cast where the type changed and defaults named,
            // so that the call cannot bind to the overload itself.
            var arguments = new List<string>();
            for (var j = 0; j < newParameters.Length; j++)
            {
                if (j < kept)
                {
                    arguments.Add(SymbolEqualityComparer.Default.Equals(oldTypes[j], newParameters[j].Type)
                        ? oldNames[j]
                        : "(" + newParameters[j].Type.ToMinimalDisplayString(semanticModel, position) + ")" + oldNames[j]);
                }
                else if (declaration.ParameterList.Parameters[j].Default is { } defaultValue)
                {
                    arguments.Add(newParameters[j].Name + ": " + defaultValue.Value.ToString());
                }
                else if (newParameters[j].Type is { Name: "CancellationToken", ContainingNamespace: { Name: "Threading", ContainingNamespace.Name: "System" } } token)
                {
                    // A token the new method gained: queued jobs of the old signature run without one.
                    arguments.Add(newParameters[j].Name + ": " + token.ToMinimalDisplayString(semanticModel, position) + ".None");
                }
                else
                {
                    return null;
                }
            }

            var modifiers = string.Join(" ", declaration.Modifiers.Where(m => m.IsKind(SyntaxKind.PublicKeyword) || m.IsKind(SyntaxKind.InternalKeyword)
                || m.IsKind(SyntaxKind.ProtectedKeyword) || m.IsKind(SyntaxKind.PrivateKeyword) || m.IsKind(SyntaxKind.StaticKeyword)).Select(m => m.Text));
            var declarationLine = text.Lines.GetLineFromPosition(declaration.SpanStart);
            var newLine = SyntaxText.NewLine(text, declarationLine);
            var indentation = SyntaxText.Indentation(declarationLine);
            var source = newLine + indentation + "// Loads jobs queued with the signature listed in " + JobContract.FileName + "." + newLine
                + indentation + (modifiers.Length > 0 ? modifiers + " " : string.Empty) + declaration.ReturnType.ToString() + " " + method.Name
                + "(" + parameters + ") => " + method.Name + "(" + string.Join(", ", arguments) + ");" + newLine;
            return SyntaxFactory.ParseMemberDeclaration(source) as MethodDeclarationSyntax;
        }

    }
}
