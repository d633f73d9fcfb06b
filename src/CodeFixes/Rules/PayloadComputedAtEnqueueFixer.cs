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
using QueueLint.Rules;

namespace QueueLint.CodeFixes.Rules
{
    /// <summary>
    /// QL0003: moves the call out of the job expression into a local declared just before the enqueue
    /// statement, so that the code says when it runs. Several calls of one statement keep their order.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PayloadComputedAtEnqueueFixer))]
    [Shared]
    public sealed class PayloadComputedAtEnqueueFixer : CodeFixProvider
    {
        public const string EquivalenceKey = RuleIdentifiers.PayloadComputedAtEnqueue + ".ExtractLocal";

        private static readonly string[] s_verbPrefixes = { "Get", "Load", "Fetch", "Find", "Read", "Build", "Compute", "Create", "Calculate" };
        private static readonly SolutionFixAllProvider s_fixAll = new SolutionFixAllProvider("Extract the payload computations to locals", ApplyAsync);

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.PayloadComputedAtEnqueue);

        public override FixAllProvider GetFixAllProvider() => s_fixAll;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (var diagnostic in context.Diagnostics)
            {
                if (root is null || FindCall(root, diagnostic) is not { } call || FindStatement(call) is null)
                {
                    continue;
                }

                s_fixAll.RegisterFix(context, diagnostic, "Extract to a local before the job is enqueued", EquivalenceKey);
            }
        }

        private static async Task<Solution> ApplyAsync(Solution solution, ImmutableArray<(Document Document, Diagnostic Diagnostic)> diagnostics, CancellationToken cancellationToken)
        {
            foreach (var group in diagnostics.GroupBy(d => d.Document.Id))
            {
                var document = solution.GetDocument(group.Key);
                var root = document is null ? null : await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                var semanticModel = document is null ? null : await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
                if (document is null || root is null || semanticModel is null)
                {
                    continue;
                }

                var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
                var changes = new List<TextChange>();
                var calls = new List<(InvocationExpressionSyntax Call, StatementSyntax Statement, string? Parameter)>();
                foreach (var (_, diagnostic) in group)
                {
                    if (FindCall(root, diagnostic) is { } call && FindStatement(call) is { } statement && !calls.Any(c => c.Call == call))
                    {
                        diagnostic.Properties.TryGetValue(PayloadComputedAtEnqueueAnalyzer.ParameterProperty, out var parameter);
                        calls.Add((call, statement, parameter));
                    }
                }

                foreach (var byStatement in calls.GroupBy(c => c.Statement))
                {
                    var statement = byStatement.Key;
                    var used = UsedNames(statement, semanticModel);
                    var line = text.Lines.GetLineFromPosition(statement.SpanStart);
                    var indent = SyntaxText.Indentation(line);
                    var newLine = SyntaxText.NewLine(text, line);
                    var declarations = new StringBuilder();
                    foreach (var (call, _, parameter) in byStatement.OrderBy(c => c.Call.SpanStart))
                    {
                        var name = SyntaxText.UniqueName(parameter ?? NameFromMethod(call), used);
                        declarations.Append(indent).Append("var ").Append(name).Append(" = ").Append(call.WithoutTrivia().ToString()).Append(';').Append(newLine);
                        changes.Add(new TextChange(call.Span, name));
                    }

                    changes.Add(new TextChange(new TextSpan(line.Start, 0), declarations.ToString()));
                }

                solution = solution.WithDocumentText(document.Id, text.WithChanges(changes));
            }

            return solution;
        }

        private static InvocationExpressionSyntax? FindCall(SyntaxNode root, Diagnostic diagnostic)
            => root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) as InvocationExpressionSyntax;

        /// <summary>The enqueue statement, when it sits directly in a block (where a declaration can go before it).</summary>
        private static StatementSyntax? FindStatement(SyntaxNode call)
        {
            var statement = call.FirstAncestorOrSelf<StatementSyntax>();
            return statement is ExpressionStatementSyntax or LocalDeclarationStatementSyntax or ReturnStatementSyntax
                   && statement.Parent is BlockSyntax
                ? statement
                : null;
        }

        private static HashSet<string> UsedNames(StatementSyntax statement, SemanticModel semanticModel)
        {
            var used = new HashSet<string>(StringComparer.Ordinal);
            foreach (var symbol in semanticModel.LookupSymbols(statement.SpanStart))
            {
                used.Add(symbol.Name);
            }

            // Names declared later in the same member would clash too.
            var member = statement.FirstAncestorOrSelf<MemberDeclarationSyntax>() ?? (SyntaxNode)statement;
            foreach (var token in member.DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.IdentifierToken))
                {
                    used.Add(token.ValueText);
                }
            }

            return used;
        }

        private static string NameFromMethod(InvocationExpressionSyntax call)
        {
            var name = call.Expression switch
            {
                MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
                SimpleNameSyntax simple => simple.Identifier.ValueText,
                _ => "value",
            };
            foreach (var prefix in s_verbPrefixes)
            {
                if (name.Length > prefix.Length && name.StartsWith(prefix, StringComparison.Ordinal) && char.IsUpper(name[prefix.Length]))
                {
                    name = name.Substring(prefix.Length);
                    break;
                }
            }

            name = char.ToLowerInvariant(name[0]) + name.Substring(1);
            return SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None ? name : "@" + name;
        }
    }
}
