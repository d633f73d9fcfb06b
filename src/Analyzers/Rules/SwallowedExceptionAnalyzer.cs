using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using QueueLint.Model;

namespace QueueLint.Rules
{
    /// <summary>
    /// QL0012: a catch in job code that neither rethrows nor reports the exception, and does nothing else either:
    /// empty, only <c>return</c>/<c>continue</c>/<c>break</c> or a fallback value, or a log call without the exception
    /// object. A catch that does other work handles the failure in its own way and is left alone.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class SwallowedExceptionAnalyzer : JobCodeAnalyzer
    {
        /// <summary>Diagnostic property, present when the catch only logs without the exception object.</summary>
        public const string LogsWithoutExceptionProperty = "LogsWithoutException";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.SwallowedException);

        internal override void AnalyzeMethod(JobCodeContext context)
        {
            foreach (var syntax in context.Method.GetSyntax(context.CancellationToken).CatchClauses)
            {
                if (context.SemanticModel.GetOperation(syntax, context.CancellationToken) is not ICatchClauseOperation clause
                    || clause.CatchesCancellation(context.Symbols)
                    || clause.ReportsOrRethrows())
                {
                    continue;
                }

                // A commented catch is a documented decision about a known failure, except a catch-all that ends the
                // job itself as succeeded. A fallback value leaves the failure to the caller, who sees it, unless the
                // caller is the framework.
                var returnsToFramework = context.Method.IsEntryPoint && InMethodItself(syntax);
                if (HasComment(syntax.Block) && !(returnsToFramework && clause.CatchesEverything(context.Symbols)))
                {
                    continue;
                }

                var logs = false;
                if (!OnlyGivesUp(clause.Handler, context.Symbols, returnsToFramework, ref logs))
                {
                    continue;
                }

                var end = syntax.Declaration?.Span.End ?? syntax.CatchKeyword.Span.End;
                var location = Location.Create(syntax.SyntaxTree, Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(syntax.CatchKeyword.SpanStart, end));
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.SwallowedException,
                    location,
                    logs ? ImmutableDictionary<string, string?>.Empty.Add(LogsWithoutExceptionProperty, "true") : ImmutableDictionary<string, string?>.Empty,
                    context.Method.Method.ToJobName(),
                    logs ? " (its log call drops the exception object)" : ""));
            }
        }

        /// <summary>Whether every statement of the handler gives up quietly: nothing, a jump, a fallback value, or a message.</summary>
        private static bool OnlyGivesUp(IBlockOperation handler, KnownSymbols symbols, bool returnsToFramework, ref bool logs)
        {
            foreach (var statement in handler.Operations)
            {
                switch (statement)
                {
                    case IEmptyOperation:
                    case IBranchOperation { BranchKind: BranchKind.Continue or BranchKind.Break }:
                        continue;
                    case IReturnOperation { ReturnedValue: var value } when value is null || (returnsToFramework && IsPlainValue(value)):
                        continue;
                    case IBlockOperation block when OnlyGivesUp(block, symbols, returnsToFramework, ref logs):
                        continue;
                    case IExpressionStatementOperation { Operation: ISimpleAssignmentOperation assignment } when IsPlainValue(assignment.Value):
                        continue;
                    case IExpressionStatementOperation { Operation: IInvocationOperation invocation } when IsMessageLog(invocation.TargetMethod, symbols):
                        logs = true;
                        continue;
                    default:
                        return false;
                }
            }

            return true;
        }

        private static bool HasComment(BlockSyntax block)
        {
            // A comment starts with a slash: the trivia of a block whose text has none (most) are not walked.
            if (block.SyntaxTree.TryGetText(out var text) && !ContainsSlash(text, block.FullSpan))
            {
                return false;
            }

            foreach (var trivia in block.DescendantTrivia())
            {
                if (trivia.IsKind(SyntaxKind.SingleLineCommentTrivia) || trivia.IsKind(SyntaxKind.MultiLineCommentTrivia))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool ContainsSlash(Microsoft.CodeAnalysis.Text.SourceText text, Microsoft.CodeAnalysis.Text.TextSpan span)
        {
            for (var i = span.Start; i < span.End; i++)
            {
                if (text[i] == '/')
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Whether the catch belongs to the method's own body, not to a lambda or local function in it.</summary>
        private static bool InMethodItself(SyntaxNode node)
        {
            foreach (var ancestor in node.Ancestors())
            {
                switch (ancestor)
                {
                    case AnonymousFunctionExpressionSyntax:
                    case LocalFunctionStatementSyntax:
                        return false;
                    case BaseMethodDeclarationSyntax:
                        return true;
                }
            }

            return true;
        }

        /// <summary>A fallback value: a constant, <c>default</c>, <c>null</c>, a local or parameter, or a static property (<c>Task.CompletedTask</c>).</summary>
        private static bool IsPlainValue(IOperation value)
            => value.WithoutImplicitConversions() switch
            {
                ILiteralOperation or IDefaultValueOperation or ILocalReferenceOperation or IParameterReferenceOperation => true,
                IFieldReferenceOperation { Field.IsStatic: true } => true,
                IPropertyReferenceOperation { Property.IsStatic: true } => true,
                { ConstantValue.HasValue: true } => true,
                _ => false,
            };

        /// <summary>A logger, console or trace call: it writes a message, and here without the exception object.</summary>
        private static bool IsMessageLog(IMethodSymbol method, KnownSymbols symbols)
        {
            var type = method.ContainingType;
            if (SymbolEqualityComparer.Default.Equals(type, symbols.LoggerExtensions)
                || (method.Name == "Log" && type.IsOrImplements(symbols.ILogger)))
            {
                return true;
            }

            if (!method.Name.StartsWith("Write", System.StringComparison.Ordinal))
            {
                return false;
            }

            var name = type.ToDisplayString();
            return name is "System.Console" or "System.IO.TextWriter" or "System.Diagnostics.Debug" or "System.Diagnostics.Trace";
        }
    }
}
