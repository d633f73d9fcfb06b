using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
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
using QueueLint.Rules;

namespace QueueLint.CodeFixes.Rules
{
    /// <summary>
    /// QL0040: after the statement that loads the row into a local, inserts <c>if (x is null) { report; return; }</c>
    /// (<c>continue;</c> inside a loop), turning <c>First</c>/<c>Single</c>/<c>Last</c> into their <c>…OrDefault</c>
    /// forms. The report is a <c>LogWarning</c> on the job's own logger when it has one (a field, property or
    /// primary-constructor parameter); otherwise the guard only ends the job: a deleted row is an expected end, not
    /// a failure, so the configured failure reporter is not called. No fix where the result is used in place, or
    /// where the function returns a value.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(EntityMayBeGoneFixer))]
    [Shared]
    public sealed class EntityMayBeGoneFixer : CodeFixProvider
    {
        public const string EquivalenceKey = RuleIdentifiers.EntityMayBeGone + ".NullGuard";

        private static readonly SolutionFixAllProvider s_fixAll = new SolutionFixAllProvider("End the jobs when the row is gone", ApplyAsync);

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.EntityMayBeGone);

        public override FixAllProvider GetFixAllProvider() => s_fixAll;

        public override Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            // Registered for every finding, so that Fix All (and dotnet format, which starts from the first finding)
            // reaches the fixable ones; an unfixable finding is left as it is.
            foreach (var diagnostic in context.Diagnostics)
            {
                s_fixAll.RegisterFix(context, diagnostic, "Check for null and end the job", EquivalenceKey);
            }

            return Task.CompletedTask;
        }

        private static Task<Solution> ApplyAsync(Solution solution, ImmutableArray<(Document Document, Diagnostic Diagnostic)> diagnostics, CancellationToken cancellationToken)
            => TextEdits.ApplyAsync(solution, diagnostics, (edits, diagnostic, token) =>
            {
                if (edits.FirstTime(diagnostic.Location.SourceSpan.Start) && Plan(edits.Root, edits.SemanticModel, edits.Text, diagnostic, token) is { } plan)
                {
                    edits.Changes.AddRange(plan.Changes);
                    if (plan.NeedsLogging)
                    {
                        edits.Usings.Add("Microsoft.Extensions.Logging");
                    }
                }
            }, cancellationToken);

        private static (List<TextChange> Changes, bool NeedsLogging)? Plan(CompilationUnitSyntax root, SemanticModel semanticModel, SourceText text, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (!diagnostic.Properties.TryGetValue(EntityMayBeGoneAnalyzer.ShapeProperty, out var shape) || shape == EntityMayBeGoneAnalyzer.InPlaceShape
                || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax call)
            {
                return null;
            }

            // var x = [await] call;  as a statement of a block.
            SyntaxNode value = call;
            while (value.Parent is AwaitExpressionSyntax or ParenthesizedExpressionSyntax)
            {
                value = value.Parent;
            }

            if (value.Parent is not EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }
                || declarator.Parent is not VariableDeclarationSyntax { Variables.Count: 1 }
                || declarator.Parent.Parent is not LocalDeclarationStatementSyntax { Parent: BlockSyntax, UsingKeyword.RawKind: 0 } statement
                || Exit(statement, semanticModel, cancellationToken) is not { } exit)
            {
                return null;
            }

            var changes = new List<TextChange>();
            if (shape == EntityMayBeGoneAnalyzer.ThrowingShape)
            {
                var name = call.Expression switch
                {
                    MemberAccessExpressionSyntax access => access.Name,
                    SimpleNameSyntax simple => simple,
                    _ => null,
                };
                if (name is null)
                {
                    return null;
                }

                var identifier = name.Identifier;
                var newName = identifier.ValueText.EndsWith("Async", System.StringComparison.Ordinal)
                    ? identifier.ValueText.Substring(0, identifier.ValueText.Length - 5) + "OrDefaultAsync"
                    : identifier.ValueText + "OrDefault";
                changes.Add(new TextChange(identifier.Span, newName));
            }

            var variable = declarator.Identifier.ValueText;
            var line = text.Lines.GetLineFromPosition(statement.SpanStart);
            var indent = SyntaxText.Indentation(line);
            var newLine = SyntaxText.NewLine(text, line);
            var report = Report(semanticModel, call, statement, cancellationToken, out var needsLogging);
            var guard = indent + "if (" + variable + " is null)" + newLine
                + indent + "{" + newLine
                + (report is null ? string.Empty : indent + "    " + report + newLine)
                + indent + "    " + exit + newLine
                + indent + "}" + newLine;
            var end = text.Lines.GetLineFromPosition(statement.Span.End);
            if (end.LineNumber + 1 < text.Lines.Count && text.Lines[end.LineNumber + 1].ToString().Trim() is { Length: > 0 } next && next != "}")
            {
                // A blank line after the guard's closing brace, as after any block.
                guard += newLine;
            }

            changes.Add(new TextChange(new TextSpan(end.EndIncludingLineBreak, 0), guard));
            return (changes, needsLogging);
        }

        /// <summary>How the guard ends the work: <c>continue;</c> in a loop, <c>return;</c> where nothing is returned.</summary>
        private static string? Exit(StatementSyntax statement, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            for (var node = statement.Parent; node is not null; node = node.Parent)
            {
                switch (node)
                {
                    case ForEachStatementSyntax or ForStatementSyntax or WhileStatementSyntax or DoStatementSyntax:
                        return "continue;";
                    case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or BaseMethodDeclarationSyntax or AccessorDeclarationSyntax:
                        var symbol = node is AnonymousFunctionExpressionSyntax
                            ? semanticModel.GetSymbolInfo(node, cancellationToken).Symbol as IMethodSymbol
                            : semanticModel.GetDeclaredSymbol(node, cancellationToken) as IMethodSymbol;
                        if (symbol is null)
                        {
                            return null;
                        }

                        if (symbol.ReturnsVoid)
                        {
                            return "return;";
                        }

                        return symbol.IsAsync && symbol.ReturnType is INamedTypeSymbol { IsGenericType: false, Name: "Task" or "ValueTask" }
                            ? "return;"
                            : null;
                }
            }

            return null;
        }

        /// <summary>The log call that says why the job ends, or null when the job has no logger.</summary>
        private static string? Report(SemanticModel semanticModel, InvocationExpressionSyntax call, StatementSyntax statement, CancellationToken cancellationToken, out bool needsLogging)
        {
            needsLogging = false;
            var enclosing = semanticModel.GetEnclosingSymbol(statement.SpanStart, cancellationToken);
            var inStatic = enclosing is null || enclosing.IsStatic;
            for (var current = enclosing; current is IMethodSymbol { MethodKind: MethodKind.LocalFunction or MethodKind.AnonymousFunction } local; current = current.ContainingSymbol)
            {
                inStatic |= local.IsStatic;
                enclosing = current.ContainingSymbol;
            }

            inStatic |= enclosing is null || enclosing.IsStatic;
            if (JobLoggers.Find(enclosing?.ContainingType, inStatic, semanticModel.Compilation) is not { } logger)
            {
                return null;
            }

            needsLogging = !JobLoggers.CanCall(semanticModel, statement.SpanStart, logger.Type, "LogWarning");
            var operation = semanticModel.GetOperation(call, cancellationToken) as IInvocationOperation;
            var symbols = JobModel.Get(semanticModel.Compilation).Symbols;
            var ef = operation is null ? default : EntityFramework.Classify(operation, symbols);
            var entity = ef.Entity?.Name ?? "The row";
            if (ef.Invocation is not null && EntityFramework.IsKeyLookup(ef, symbols, out var key) && key is not null && IsRepeatable(key.Syntax))
            {
                return $"{logger.Name}.LogWarning(\"{entity} {{{Placeholder(key.Syntax)}}} was not found; the job has nothing to do.\", {key.Syntax});";
            }

            return $"{logger.Name}.LogWarning(\"{entity} was not found; the job has nothing to do.\");";
        }

        /// <summary>A key expression that can be written again after the lookup: names and member accesses only.</summary>
        private static bool IsRepeatable(SyntaxNode key)
            => key switch
            {
                IdentifierNameSyntax => true,
                MemberAccessExpressionSyntax access => IsRepeatable(access.Expression),
                ThisExpressionSyntax => true,
                _ => false,
            };

        private static string Placeholder(SyntaxNode key)
        {
            var name = key switch
            {
                MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
                IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                _ => "Key",
            };
            return char.ToUpperInvariant(name[0]) + name.Substring(1);
        }
    }
}
