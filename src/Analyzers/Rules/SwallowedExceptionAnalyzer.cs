using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using QueueLint.Model;
using QueueLint.Model.Failures;
using QueueLint.Model.Jobs;
using QueueLint.Model.Syntax;

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
                var catchesEverything = clause.CatchesEverything(context.Symbols);
                if (HasComment(syntax.Block) && !(returnsToFramework && catchesEverything))
                {
                    continue;
                }

                // A catch-all of a method that job code calls may hand its caller a fallback (null, an empty list, zeros):
                // reported when a caller in job code takes it as real data, without checking for it.
                var fallbackToCaller = !returnsToFramework && !context.Method.IsEntryPoint && InMethodItself(syntax)
                    && catchesEverything && !context.Method.Method.ReturnsVoid && !HasOutParameter(context.Method.Method);
                var logs = false;
                var returnsFallback = false;
                if (!OnlyGivesUp(clause.Handler, context.Symbols, returnsToFramework, fallbackToCaller, ref logs, ref returnsFallback))
                {
                    continue;
                }

                // A catch of one named failure that logs a message about it is a decision written down, as a comment
                // is: the exception was expected, and the log says what the job did instead. So is a catch that only
                // logs in a method job code calls, and carries on: the helper says what it did instead (one that hands
                // its caller a fallback is judged by what the caller makes of it, below).
                if (logs && (!catchesEverything || (!returnsToFramework && !returnsFallback)))
                {
                    continue;
                }

                // A method job code calls that gives up on one named failure (a best-effort delete ignoring a missing
                // directory) handles a case it expects; only the entry point itself ends the job on it.
                if (!returnsToFramework && !catchesEverything)
                {
                    continue;
                }

                // An exception type of the application's own is a signal its code raises on purpose (a rate limit
                // reached, a row already gone): catching it by name and stopping is the job's chosen way out, the
                // handling QL0002 asks for. A library's exception caught the same way is a failure the job hides.
                if (!catchesEverything && clause.ExceptionType is { } caught && caught.IsInSource())
                {
                    continue;
                }

                // A "Safe" helper (SafeParser.ToInt, SafeGet) promises a fallback instead of an exception: its callers
                // take the value as it is meant.
                if (returnsFallback && IsSafeByName(context.Method.Method))
                {
                    continue;
                }

                string? trustingCaller = null;
                if (returnsFallback && (trustingCaller = FindTrustingCaller(context)) is null)
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
                    trustingCaller is not null ? " and returns a fallback value that '" + trustingCaller + "' treats as real data"
                        : logs ? " (its log call drops the exception object)" : ""));
            }
        }

        /// <summary>
        /// Whether every statement of the handler gives up quietly: nothing, a jump, a fallback value, or a message — a log
        /// call, or a text returned to the caller (both set <paramref name="logs"/>).
        /// </summary>
        private static bool OnlyGivesUp(IBlockOperation handler, KnownSymbols symbols, bool returnsToFramework, bool fallbackToCaller, ref bool logs, ref bool returnsFallback)
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
                    // Text of its own ("parse_failed") names what went wrong: the caller gets a message, as from a log call.
                    case IReturnOperation { ReturnedValue.ConstantValue: { HasValue: true, Value: string { Length: > 0 } } } when fallbackToCaller:
                        logs = true;
                        continue;
                    case IReturnOperation { ReturnedValue: { } value } when fallbackToCaller && IsFallback(value):
                        returnsFallback = true;
                        continue;
                    case IBlockOperation block when OnlyGivesUp(block, symbols, returnsToFramework, fallbackToCaller, ref logs, ref returnsFallback):
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

        /// <summary>
        /// A value that stands for "nothing": <c>null</c>, <c>default</c>, a constant, a tuple of them (<c>(0, 0)</c>), an
        /// empty collection (<c>new List&lt;T&gt;()</c>, <c>Array.Empty&lt;T&gt;()</c>, <c>Enumerable.Empty&lt;T&gt;()</c>).
        /// </summary>
        private static bool IsFallback(IOperation value)
        {
            value = value.WithoutImplicitConversions();
            switch (value)
            {
                case ILiteralOperation or IDefaultValueOperation:
                case { ConstantValue.HasValue: true }:
                    return true;
                case ITupleOperation tuple:
                    foreach (var element in tuple.Elements)
                    {
                        if (!IsFallback(element))
                        {
                            return false;
                        }
                    }

                    return true;
                case IObjectCreationOperation { Arguments.Length: 0 } creation:
                    return (creation.Initializer is null || creation.Initializer.Initializers.IsEmpty) && IsCollection(creation.Type);
                case IArrayCreationOperation { DimensionSizes: { Length: 1 } sizes }:
                    return sizes[0].ConstantValue is { HasValue: true, Value: 0 };
                case IInvocationOperation { TargetMethod: { Name: "Empty", ContainingType: var type } }:
                    return type.ToDisplayString() is "System.Array" or "System.Linq.Enumerable";
                default:
                    return false;
            }
        }

        private static bool IsCollection(ITypeSymbol? type)
        {
            if (type is null || type.SpecialType == SpecialType.System_String)
            {
                return false;
            }

            foreach (var implemented in type.AllInterfaces)
            {
                if (implemented.SpecialType == SpecialType.System_Collections_IEnumerable)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool HasOutParameter(IMethodSymbol method)
        {
            foreach (var parameter in method.Parameters)
            {
                if (parameter.RefKind == RefKind.Out)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The first caller in job code that takes the method's result as real data: it stores, passes on, returns,
        /// deconstructs or dereferences the result (or the local it is put in) and never checks it — no <c>is null</c>,
        /// comparison, <c>?.</c>, <c>??</c>, or use in a condition (<c>if (items.Count == 0)</c>). Null when every caller
        /// checks it or drops it.
        /// </summary>
        private static bool IsSafeByName(IMethodSymbol method)
            => method.Name.StartsWith("Safe", System.StringComparison.Ordinal)
               || method.ContainingType.Name.StartsWith("Safe", System.StringComparison.Ordinal);

        private static string? FindTrustingCaller(JobCodeContext context)
        {
            foreach (var (call, caller) in context.JobCode.FindCallsTo(context.Method.Method, context.Model.Compilation, context.CancellationToken))
            {
                if (TakesAsData(call))
                {
                    return caller.Method.ToJobName();
                }
            }

            return null;
        }

        private static bool TakesAsData(IInvocationOperation call)
        {
            IOperation value = call;
            while (value.Parent is IAwaitOperation or IConversionOperation)
            {
                value = value.Parent;
            }

            ILocalSymbol? local = value.Parent switch
            {
                IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
                ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when assignment.Value == value => target.Local,
                _ => null,
            };
            if (local is null)
            {
                return value.Parent is not (IExpressionStatementOperation or null) && !IsCheck(value);
            }

            var root = value;
            while (root.Parent is not null)
            {
                root = root.Parent;
            }

            var used = false;
            foreach (var operation in root.Descendants())
            {
                if (operation is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local) && !reference.IsDeclaration
                    && !(reference.Parent is ISimpleAssignmentOperation write && write.Target == reference))
                {
                    if (IsCheck(reference))
                    {
                        return false;
                    }

                    used = true;
                }
            }

            return used;
        }

        /// <summary>Whether a value is tested where it is read: compared, matched, null-conditionally read, coalesced, or part of a condition.</summary>
        private static bool IsCheck(IOperation value)
        {
            var child = value;
            for (var parent = value.Parent; parent is not null; child = parent, parent = parent.Parent)
            {
                switch (parent)
                {
                    case IIsPatternOperation or IIsTypeOperation:
                    case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals or BinaryOperatorKind.LessThan
                        or BinaryOperatorKind.LessThanOrEqual or BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual }:
                    case ICoalesceOperation coalesce when coalesce.Value == child:
                    case IConditionalAccessOperation access when access.Operation == child:
                    case IConditionalOperation conditional when conditional.Condition == child:
                    case IWhileLoopOperation loop when loop.Condition == child:
                        return true;
                    case IConversionOperation or IPropertyReferenceOperation or IInvocationOperation or IArgumentOperation or IUnaryOperation
                        or IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr }:
                        // Climb through reads of the value (.Count, .Any(), !x) to what they feed.
                        continue;
                    default:
                        return false;
                }
            }

            return false;
        }

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
