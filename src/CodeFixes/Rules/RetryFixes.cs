using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using QueueLint.Model.Retries;
using QueueLint.Model.Syntax;
using QueueLint.Rules;

namespace QueueLint.CodeFixes.Rules
{
    /// <summary>
    /// The rewrites of the retry fixers. Each diagnostic carries the <see cref="RetrySettingForm"/> of the setting it reports, which decides the <see cref="RetryFix"/>; a fix is a set
    /// of text changes, possibly in several documents, so Fix All can gather every change of a document and apply
    /// them at once (overlapping ones are skipped and left for the next pass).
    /// </summary>
    internal static class RetryFixes
    {
        public delegate Task<ImmutableArray<(DocumentId Document, TextChange Change)>> Compute(Document document, Diagnostic diagnostic, CancellationToken cancellationToken);

        public static Func<Solution, ImmutableArray<(Document Document, Diagnostic Diagnostic)>, CancellationToken, Task<Solution>> Apply(Compute compute)
            => async (solution, diagnostics, cancellationToken) =>
            {
                var changes = new Dictionary<DocumentId, List<TextChange>>();
                foreach (var (document, diagnostic) in diagnostics)
                {
                    var current = solution.GetDocument(document.Id) ?? document;
                    foreach (var (id, change) in await compute(current, diagnostic, cancellationToken).ConfigureAwait(false))
                    {
                        if (!changes.TryGetValue(id, out var list))
                        {
                            changes[id] = list = new List<TextChange>();
                        }

                        list.Add(change);
                    }
                }

                foreach (var pair in changes)
                {
                    var document = solution.GetDocument(pair.Key);
                    if (document is null)
                    {
                        continue;
                    }

                    var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
                    var accepted = new List<TextChange>();
                    var end = -1;
                    foreach (var change in pair.Value.Distinct().OrderBy(c => c.Span.Start).ThenBy(c => c.Span.End))
                    {
                        if (change.Span.End > text.Length)
                        {
                            continue;
                        }

                        // Overlapping changes are left for a later pass; insertions at one point are kept together.
                        if (change.Span.Start < end)
                        {
                            continue;
                        }

                        accepted.Add(change);
                        end = Math.Max(end, change.Span.End);
                    }

                    solution = solution.WithDocumentText(pair.Key, text.WithChanges(accepted));
                }

                return solution;
            };

        /// <summary>The rewrite of the setting a retry diagnostic reports, from the form the model found it written in.</summary>
        public static RetryFix FixOf(Diagnostic diagnostic)
        {
            if (!diagnostic.Properties.TryGetValue(RetryPolicyAnalyzer.FormProperty, out var value) || !Enum.TryParse<RetrySettingForm>(value, out var form))
            {
                return RetryFix.None;
            }

            return form switch
            {
                RetrySettingForm.PollyRetryWithoutDelay => RetryFix.PollyImmediateToWaitAndRetry,
                RetrySettingForm.PollyFlatDelays => RetryFix.PollyGrowingDelays,
                RetrySettingForm.StrategyOptions => diagnostic.Id == RuleIdentifiers.ExponentialWithoutJitter ? RetryFix.OptionsJitter : RetryFix.OptionsExponential,
                RetrySettingForm.MassTransitIntervals => RetryFix.MassTransitExponential,
                RetrySettingForm.DelaysArgument => RetryFix.RemoveArgument,
                RetrySettingForm.HandWrittenLoop => RetryFix.LoopDelay,
                RetrySettingForm.ExponentialExpression => RetryFix.AddRandomComponent,
                RetrySettingForm.ContribExponentialBackoff => RetryFix.ContribJitterBackoff,
                RetrySettingForm.AttemptCount => RetryFix.BoundAttempts,
                RetrySettingForm.PollyForever => RetryFix.PollyForeverToCounted,
                RetrySettingForm.WolverineDelays => RetryFix.WolverineGrowingDelays,
                RetrySettingForm.WolverineIndefinitely => RetryFix.WolverineBounded,
                RetrySettingForm.FunctionsFixedDelay => RetryFix.FunctionsExponentialBackoff,
                RetrySettingForm.DurableBackoffCoefficient => RetryFix.DurableBackoffCoefficient,
                _ => RetryFix.None,
            };
        }

        /// <summary>The text changes of the fix a retry diagnostic carries; empty when it cannot be applied here.</summary>
        public static async Task<ImmutableArray<(DocumentId, TextChange)>> ComputeAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var fix = FixOf(diagnostic);
            if (fix == RetryFix.None)
            {
                return ImmutableArray<(DocumentId, TextChange)>.Empty;
            }

            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null || !root.FullSpan.Contains(diagnostic.Location.SourceSpan))
            {
                return ImmutableArray<(DocumentId, TextChange)>.Empty;
            }

            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            var editor = new Edits(document, model, node.SpanStart);
            var changes = fix switch
            {
                RetryFix.PollyImmediateToWaitAndRetry => PollyImmediate(node, editor, cancellationToken),
                RetryFix.PollyGrowingDelays => PollyGrowing(node, editor, cancellationToken),
                RetryFix.OptionsExponential => Options(node, editor, exponential: true),
                RetryFix.OptionsJitter => Options(node, editor, exponential: false),
                RetryFix.MassTransitExponential => MassTransit(node, editor),
                RetryFix.RemoveArgument => RemoveArgument(node),
                RetryFix.LoopDelay => LoopDelay(node, editor, diagnostic),
                RetryFix.AddRandomComponent => AddRandom(node, editor, cancellationToken),
                RetryFix.ContribJitterBackoff => ContribJitter(node),
                RetryFix.BoundAttempts => Bound(node, diagnostic),
                RetryFix.PollyForeverToCounted => PollyForever(node, editor, diagnostic, cancellationToken),
                RetryFix.WolverineGrowingDelays => WolverineGrowing(node, editor),
                RetryFix.WolverineBounded => WolverineBounded(node, diagnostic),
                RetryFix.FunctionsExponentialBackoff => FunctionsExponential(node, editor),
                RetryFix.DurableBackoffCoefficient => DurableBackoff(node, editor),
                _ => null,
            };
            if (changes is null || changes.Count == 0)
            {
                return ImmutableArray<(DocumentId, TextChange)>.Empty;
            }

            return changes.Select(c => (document.Id, c)).ToImmutableArray();
        }

        private static List<TextChange>? PollyImmediate(SyntaxNode node, Edits edits, CancellationToken cancellationToken)
        {
            if (node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } invocation
                || SyntaxNames.InvokedName(invocation) is not { } name
                || edits.Model.GetOperation(invocation, cancellationToken) is not Microsoft.CodeAnalysis.Operations.IInvocationOperation operation)
            {
                return null;
            }

            string count = "1";
            ArgumentSyntax? onRetry = null;
            foreach (var argument in operation.Arguments)
            {
                if (argument.IsImplicit || argument.Syntax is not ArgumentSyntax syntax)
                {
                    continue;
                }

                if (argument.Parameter?.Name == "retryCount")
                {
                    count = syntax.Expression.ToString();
                }
                else if (argument.Parameter?.Name is "onRetry" or "onRetryAsync")
                {
                    onRetry = syntax;
                }
            }

            string? handler = null;
            if (onRetry is not null)
            {
                handler = WithDelayParameters(onRetry);
                if (handler is null)
                {
                    return null;
                }
            }

            var newName = name.Identifier.ValueText.EndsWith("Async", StringComparison.Ordinal) ? "WaitAndRetryAsync" : "WaitAndRetry";
            var delays = edits.ContribBackoff is { } backoff
                ? backoff + ".DecorrelatedJitterBackoffV2(" + edits.TimeSpan + ".FromSeconds(1), " + count + ")"
                : count + ", attempt => " + edits.Growing("attempt");
            var arguments = "(" + delays + (handler is null ? string.Empty : ", " + handler) + ")";
            return new List<TextChange>
            {
                new(name.Identifier.Span, newName),
                new(invocation.ArgumentList.Span, arguments),
            };
        }

        /// <summary>Retry's <c>(exception, retryCount[, context])</c> handler as WaitAndRetry's <c>(exception, delay, retryCount, context)</c>.</summary>
        private static string? WithDelayParameters(ArgumentSyntax argument)
        {
            var prefix = argument.NameColon is { } nameColon ? nameColon.ToString() + " " : string.Empty;
            if (argument.Expression is not ParenthesizedLambdaExpressionSyntax { ParameterList.Parameters: { } parameters } lambda
                || parameters.Count is < 2 or > 3
                || parameters.Any(p => p.Type is not null))
            {
                return null;
            }

            var names = parameters.Select(p => p.Identifier.ValueText).ToList();
            var list = "(" + names[0] + ", _, " + names[1] + ", " + (names.Count == 3 ? names[2] : "_") + ")";
            return prefix + lambda.ToString().Replace(lambda.ParameterList.ToString(), list);
        }

        private static List<TextChange>? PollyGrowing(SyntaxNode node, Edits edits, CancellationToken cancellationToken)
        {
            if (node is ArgumentSyntax argument)
            {
                node = argument.Expression;
            }

            switch (node)
            {
                case SimpleLambdaExpressionSyntax { ExpressionBody: { } body } simple:
                    var parameter = simple.Parameter.Identifier.ValueText == "_" ? "attempt" : simple.Parameter.Identifier.ValueText;
                    return new List<TextChange>
                    {
                        new(simple.Parameter.Span, parameter),
                        new(body.Span, edits.Growing(parameter)),
                    };
                case ParenthesizedLambdaExpressionSyntax { ExpressionBody: { } body, ParameterList.Parameters: { Count: > 0 } parameters }:
                    var first = parameters[0].Identifier.ValueText == "_" ? "attempt" : parameters[0].Identifier.ValueText;
                    return new List<TextChange>
                    {
                        new(parameters[0].Identifier.Span, first),
                        new(body.Span, edits.Growing(first)),
                    };
                case ExpressionSyntax expression:
                    string? count = null;
                    string? median = null;
                    switch (expression)
                    {
                        case ArrayCreationExpressionSyntax { Initializer: { } init }:
                            count = init.Expressions.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
                            break;
                        case ImplicitArrayCreationExpressionSyntax { Initializer: { } init }:
                            count = init.Expressions.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
                            break;
                        case ObjectCreationExpressionSyntax { Initializer: { } init }:
                            count = init.Expressions.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
                            break;
                        case InvocationExpressionSyntax { ArgumentList.Arguments: { Count: >= 2 } args } when edits.ContribBackoff is not null:
                            median = args[0].Expression.ToString();
                            count = args[1].Expression.ToString();
                            break;
                    }

                    if (count is null)
                    {
                        return null;
                    }

                    var replacement = edits.ContribBackoff is { } backoff
                        ? backoff + ".DecorrelatedJitterBackoffV2(" + (median ?? edits.TimeSpan + ".FromSeconds(1)") + ", " + count + ")"
                        : count + ", attempt => " + edits.Growing("attempt");
                    return new List<TextChange> { new(expression.Span, replacement) };
                default:
                    return null;
            }
        }

        private static List<TextChange>? Options(SyntaxNode node, Edits edits, bool exponential)
        {
            var backoffType = edits.Name("DelayBackoffType", "Polly") + ".Exponential";
            var changes = new List<TextChange>();

            // The type of `new RetryStrategyOptions { … }`: the default (constant) applies; add the two settings.
            if (node.FirstAncestorOrSelf<BaseObjectCreationExpressionSyntax>() is { } creation
                && (creation is ObjectCreationExpressionSyntax { Type: var type } ? type.Span.Contains(node.Span) : creation.NewKeyword.Span.Contains(node.Span)))
            {
                var settings = exponential ? new[] { ("BackoffType", backoffType), ("UseJitter", "true") } : new[] { ("UseJitter", "true") };
                return SetInInitializer(creation, settings, edits);
            }

            if (node.FirstAncestorOrSelf<AssignmentExpressionSyntax>() is not { } assignment)
            {
                return null;
            }

            if (assignment.Parent is InitializerExpressionSyntax initializer && initializer.Parent is BaseObjectCreationExpressionSyntax owner)
            {
                var settings = exponential ? new[] { ("BackoffType", backoffType), ("UseJitter", "true") } : new[] { ("UseJitter", "true") };
                return SetInInitializer(owner, settings, edits);
            }

            // options.BackoffType = …; or o.Retry.BackoffType = …; in a statement.
            if (assignment.Left is not MemberAccessExpressionSyntax { Expression: { } receiver } || assignment.Parent is not ExpressionStatementSyntax statement)
            {
                return null;
            }

            var body = statement.Ancestors().FirstOrDefaultBody() ?? statement.Parent!;
            var wanted = exponential ? new[] { ("BackoffType", backoffType), ("UseJitter", "true") } : new[] { ("UseJitter", "true") };
            var missing = new List<string>();
            foreach (var (property, value) in wanted)
            {
                var existing = body.DescendantNodes().OfType<AssignmentExpressionSyntax>().LastOrDefault(a =>
                    a.Left is MemberAccessExpressionSyntax { Expression: { } r, Name.Identifier.ValueText: var p } && p == property && r.ToString() == receiver.ToString());
                if (existing is not null)
                {
                    changes.Add(new TextChange(existing.Right.Span, value));
                }
                else
                {
                    missing.Add(receiver + "." + property + " = " + value + ";");
                }
            }

            if (missing.Count > 0)
            {
                var line = edits.Text.Lines.GetLineFromPosition(statement.SpanStart);
                var indentation = SyntaxText.Indentation(line);
                var newLine = SyntaxText.NewLine(edits.Text, line);
                changes.Add(new TextChange(new TextSpan(statement.Span.End, 0), string.Concat(missing.Select(m => newLine + indentation + m))));
            }

            return changes;
        }

        private static List<TextChange> SetInInitializer(BaseObjectCreationExpressionSyntax creation, (string Property, string Value)[] settings, Edits edits)
        {
            var changes = new List<TextChange>();
            if (creation.Initializer is not { } initializer)
            {
                var text = " { " + string.Join(", ", settings.Select(s => s.Property + " = " + s.Value)) + " }";
                changes.Add(new TextChange(new TextSpan(creation.Span.End, 0), text));
                return changes;
            }

            var missing = new List<string>();
            foreach (var (property, value) in settings)
            {
                var existing = initializer.Expressions.OfType<AssignmentExpressionSyntax>().FirstOrDefault(a => a.Left is IdentifierNameSyntax { Identifier.ValueText: var p } && p == property);
                if (existing is not null)
                {
                    changes.Add(new TextChange(existing.Right.Span, value));
                }
                else
                {
                    missing.Add(property + " = " + value);
                }
            }

            if (missing.Count == 0)
            {
                return changes;
            }

            var expressions = initializer.Expressions;
            if (expressions.Count == 0)
            {
                changes.Add(new TextChange(TextSpan.FromBounds(initializer.OpenBraceToken.Span.End, Math.Max(initializer.OpenBraceToken.Span.End, initializer.CloseBraceToken.SpanStart)), " " + string.Join(", ", missing) + " "));
                return changes;
            }

            var last = expressions[expressions.Count - 1];
            var multiline = edits.Text.Lines.GetLineFromPosition(initializer.OpenBraceToken.SpanStart).LineNumber != edits.Text.Lines.GetLineFromPosition(last.SpanStart).LineNumber;
            string separator;
            if (multiline)
            {
                var line = edits.Text.Lines.GetLineFromPosition(last.SpanStart);
                separator = "," + SyntaxText.NewLine(edits.Text, line) + SyntaxText.Indentation(line);
            }
            else
            {
                separator = ", ";
            }

            var insertAt = expressions.SeparatorCount == expressions.Count ? expressions.GetSeparator(expressions.Count - 1).Span.End : last.Span.End;
            var prefix = expressions.SeparatorCount == expressions.Count ? separator.Substring(1) : separator;
            var joined = string.Join(separator, missing);
            var suffix = expressions.SeparatorCount == expressions.Count ? "," : string.Empty;
            changes.Add(new TextChange(new TextSpan(insertAt, 0), prefix + joined + suffix));
            return changes;
        }

        private static List<TextChange>? MassTransit(SyntaxNode node, Edits edits)
        {
            if (node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } invocation || SyntaxNames.InvokedName(invocation) is not { } name)
            {
                return null;
            }

            var arguments = invocation.ArgumentList.Arguments;
            string count;
            if (name.Identifier.ValueText == "Intervals")
            {
                var array = arguments.Count == 1 ? arguments[0].Expression switch
                {
                    ArrayCreationExpressionSyntax { Initializer: { } init } => init.Expressions.Count,
                    ImplicitArrayCreationExpressionSyntax { Initializer: { } init } => init.Expressions.Count,
                    _ => 1,
                } : arguments.Count;
                count = array.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (arguments.Count > 0)
            {
                count = arguments[0].Expression.ToString();
            }
            else
            {
                return null;
            }

            var timeSpan = edits.TimeSpan;
            return new List<TextChange>
            {
                new(name.Identifier.Span, "Exponential"),
                new(invocation.ArgumentList.Span, "(" + count + ", " + timeSpan + ".FromSeconds(1), " + timeSpan + ".FromMinutes(1), " + timeSpan + ".FromSeconds(2))"),
            };
        }

        private static List<TextChange>? RemoveArgument(SyntaxNode node)
        {
            switch (node.FirstAncestorOrSelf<AttributeArgumentSyntax>())
            {
                case { Parent: AttributeArgumentListSyntax list } argument:
                    if (list.Arguments.Count == 1)
                    {
                        return new List<TextChange> { new(list.Span, string.Empty) };
                    }

                    var index = list.Arguments.IndexOf(argument);
                    var span = index > 0
                        ? TextSpan.FromBounds(list.Arguments.GetSeparator(index - 1).SpanStart, argument.Span.End)
                        : TextSpan.FromBounds(argument.SpanStart, list.Arguments[1].SpanStart);
                    return new List<TextChange> { new(span, string.Empty) };
            }

            if (node.FirstAncestorOrSelf<AssignmentExpressionSyntax>() is { Parent: InitializerExpressionSyntax initializer } assignment)
            {
                var expressions = initializer.Expressions;
                var index = expressions.IndexOf(assignment);
                var span = index > 0
                    ? TextSpan.FromBounds(expressions.GetSeparator(index - 1).SpanStart, assignment.Span.End)
                    : expressions.Count > 1 ? TextSpan.FromBounds(assignment.SpanStart, expressions[1].SpanStart) : assignment.Span;
                return new List<TextChange> { new(span, string.Empty) };
            }

            return null;
        }

        private static List<TextChange>? LoopDelay(SyntaxNode node, Edits edits, Diagnostic diagnostic)
        {
            if (!diagnostic.Properties.TryGetValue(RetryPolicyAnalyzer.CounterProperty, out var counter) || counter is null)
            {
                return null;
            }

            // A constant delay: computed from the counter instead.
            if (node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is { ArgumentList.Arguments.Count: > 0 } delay
                && SyntaxNames.InvokedName(delay)?.Identifier.ValueText is "Delay" or "Sleep")
            {
                return new List<TextChange> { new(delay.ArgumentList.Arguments[0].Expression.Span, edits.Growing(counter)) };
            }

            // No delay at all: wait before the next attempt, at the end of the catch blocks (or of the loop body).
            var loop = node.FirstAncestorOrSelf<StatementSyntax>(s => s is ForStatementSyntax or WhileStatementSyntax or DoStatementSyntax);
            var body = loop switch
            {
                ForStatementSyntax f => f.Statement,
                WhileStatementSyntax w => w.Statement,
                DoStatementSyntax d => d.Statement,
                _ => null,
            };
            if (body is not BlockSyntax block)
            {
                return null;
            }

            var function = loop!.Ancestors().FirstOrDefault(a => a is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax);
            var isAsync = function switch
            {
                BaseMethodDeclarationSyntax method => method.Modifiers.Any(SyntaxKind.AsyncKeyword),
                LocalFunctionStatementSyntax local => local.Modifiers.Any(SyntaxKind.AsyncKeyword),
                AnonymousFunctionExpressionSyntax lambda => lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword),
                _ => false,
            };
            var wait = isAsync
                ? "await " + edits.Name("Task", "System.Threading.Tasks") + ".Delay(" + edits.Growing(counter) + ");"
                : edits.Name("Thread", "System.Threading") + ".Sleep(" + edits.Growing(counter) + ");";

            var blocks = block.DescendantNodes(n => !RetryShapes.IsFunction(n) && !(n != block && RetryShapes.IsLoop(n)))
                .OfType<CatchClauseSyntax>()
                .Select(c => c.Block)
                .ToList();
            if (blocks.Count == 0)
            {
                blocks.Add(block);
            }

            var changes = new List<TextChange>();
            foreach (var target in blocks)
            {
                var statements = target.Statements;
                var anchor = statements.Count > 0 && statements.Last() is ContinueStatementSyntax ? statements.Last() : null;
                var reference = anchor ?? (statements.Count > 0 ? statements.Last() : null);
                string indentation;
                if (reference is not null)
                {
                    indentation = SyntaxText.Indentation(edits.Text.Lines.GetLineFromPosition(reference.SpanStart));
                }
                else
                {
                    indentation = SyntaxText.Indentation(edits.Text.Lines.GetLineFromPosition(target.OpenBraceToken.SpanStart)) + "    ";
                }

                var newLine = SyntaxText.NewLine(edits.Text);
                if (anchor is not null)
                {
                    changes.Add(new TextChange(new TextSpan(anchor.SpanStart, 0), wait + newLine + indentation));
                }
                else if (reference is not null)
                {
                    changes.Add(new TextChange(new TextSpan(reference.Span.End, 0), newLine + indentation + wait));
                }
                else
                {
                    var braceLine = edits.Text.Lines.GetLineFromPosition(target.OpenBraceToken.SpanStart);
                    var closeIndentation = SyntaxText.Indentation(edits.Text.Lines.GetLineFromPosition(target.CloseBraceToken.SpanStart));
                    changes.Add(new TextChange(TextSpan.FromBounds(target.OpenBraceToken.Span.End, Math.Max(target.OpenBraceToken.Span.End, target.CloseBraceToken.SpanStart)), SyntaxText.NewLine(edits.Text, braceLine) + indentation + wait + newLine + closeIndentation));
                }
            }

            return changes;
        }

        private static List<TextChange>? AddRandom(SyntaxNode node, Edits edits, CancellationToken cancellationToken)
        {
            var expression = node switch
            {
                LambdaExpressionSyntax { ExpressionBody: { } body } => body,
                ArgumentSyntax argument => argument.Expression,
                ExpressionSyntax other => other,
                _ => null,
            };
            if (expression is null || edits.RandomShared is not { } random)
            {
                return null;
            }

            var type = edits.Model.GetTypeInfo(expression, cancellationToken).Type;
            string jitter;
            if (type?.Name == "TimeSpan")
            {
                jitter = edits.TimeSpan + ".FromMilliseconds(" + random + ".Next(0, 1000))";
            }
            else if (type?.SpecialType == SpecialType.System_Int32)
            {
                jitter = random + ".Next(0, 1000)";
            }
            else
            {
                return null;
            }

            var text = expression is ConditionalExpressionSyntax or AssignmentExpressionSyntax or LambdaExpressionSyntax ? "(" + expression + ")" : expression.ToString();
            return new List<TextChange> { new(expression.Span, text + " + " + jitter) };
        }

        private static List<TextChange>? ContribJitter(SyntaxNode node)
        {
            var invocation = node as InvocationExpressionSyntax ?? (node as ArgumentSyntax)?.Expression as InvocationExpressionSyntax ?? node.FirstAncestorOrSelf<InvocationExpressionSyntax>();
            if (invocation is null || SyntaxNames.InvokedName(invocation) is not { Identifier.ValueText: "ExponentialBackoff" } name || invocation.ArgumentList.Arguments.Count > 2)
            {
                return null;
            }

            var changes = new List<TextChange> { new(name.Identifier.Span, "DecorrelatedJitterBackoffV2") };
            foreach (var argument in invocation.ArgumentList.Arguments)
            {
                if (argument.NameColon is { Name.Identifier.ValueText: "initialDelay" } nameColon)
                {
                    changes.Add(new TextChange(nameColon.Name.Span, "medianFirstRetryDelay"));
                }
            }

            return changes;
        }

        private static List<TextChange>? Bound(SyntaxNode node, Diagnostic diagnostic)
        {
            if (!diagnostic.Properties.TryGetValue(RetryPolicyAnalyzer.BoundProperty, out var bound) || bound is null)
            {
                return null;
            }

            var value = node switch
            {
                AttributeArgumentSyntax argument => argument.Expression,
                AssignmentExpressionSyntax assignment => assignment.Right,
                ArgumentSyntax argument => argument.Expression,
                ExpressionSyntax expression => expression,
                _ => null,
            };
            return value is null ? null : new List<TextChange> { new(value.Span, bound) };
        }

        /// <summary>
        /// Azure Functions: <c>[FixedDelayRetry(n, "00:00:10")]</c> becomes <c>[ExponentialBackoffRetry(n, "00:00:10", max)]</c>,
        /// whose randomized delay doubles from the fixed one up to the maximum: where the doubling stands at the last
        /// retry (sixteen times the delay when the count is not a positive constant), at most an hour, at least the delay.
        /// </summary>
        private static List<TextChange>? FunctionsExponential(SyntaxNode node, Edits edits)
        {
            if (node.FirstAncestorOrSelf<AttributeSyntax>() is not { ArgumentList.Arguments: { Count: 2 } arguments } attribute
                || AzureFunctionsRetryAdapter.ReadInterval(arguments[1].Expression, edits.Model) is not { Ticks: > 0 } delay)
            {
                return null;
            }

            var count = RetryShapes.ReadInt(arguments[0].Expression, edits.Model);
            var factor = count is > 0 ? Math.Pow(2, Math.Min(count.Value - 1, 20)) : 16;
            var hour = TimeSpan.FromHours(1);
            var maximum = delay.TotalHours * factor >= 1 ? (delay > hour ? delay : hour) : TimeSpan.FromTicks((long)(delay.Ticks * factor));
            var name = attribute.Name is QualifiedNameSyntax qualified ? qualified.Right : attribute.Name;
            var written = name.ToString();
            var replacement = written.EndsWith("Attribute", StringComparison.Ordinal) ? "ExponentialBackoffRetryAttribute" : "ExponentialBackoffRetry";
            return new List<TextChange>
            {
                new(name.Span, replacement),
                new(new TextSpan(arguments[1].Span.End, 0), ", " + SymbolDisplay.FormatLiteral(maximum.ToString("c", System.Globalization.CultureInfo.InvariantCulture), quote: true)),
            };
        }

        /// <summary>
        /// Durable Functions: the backoff coefficient becomes 2, so that each retry waits twice as long as the one before
        /// (the first still waits <c>firstRetryInterval</c>): a written coefficient is replaced; a constructor that takes
        /// it (the isolated <c>RetryPolicy</c>) gets the <c>backoffCoefficient</c> argument, otherwise (the in-process
        /// <c>RetryOptions</c>) the <c>BackoffCoefficient</c> property is set in the initializer.
        /// </summary>
        private static List<TextChange>? DurableBackoff(SyntaxNode node, Edits edits)
        {
            if (node.FirstAncestorOrSelf<BaseObjectCreationExpressionSyntax>() is not { ArgumentList: { } arguments } creation)
            {
                return null;
            }

            // The written coefficient, not a target-typed `new(…)` reported at its keyword (found as the creation itself).
            if (node is ExpressionSyntax written && written != creation && node.Parent is ArgumentSyntax or AssignmentExpressionSyntax)
            {
                return new List<TextChange> { new(written.Span, "2") };
            }

            if (edits.Model.GetSymbolInfo(creation).Symbol is IMethodSymbol constructor && constructor.Parameters.Any(p => p.Name == "backoffCoefficient"))
            {
                return new List<TextChange> { new(new TextSpan(arguments.CloseParenToken.SpanStart, 0), (arguments.Arguments.Count > 0 ? ", " : string.Empty) + "backoffCoefficient: 2") };
            }

            return SetInInitializer(creation, new[] { ("BackoffCoefficient", "2") }, edits);
        }

        /// <summary>
        /// Wolverine: <c>RetryTimes(n)</c> becomes <c>RetryWithCooldown</c> with n delays doubling from 100 ms; a flat
        /// <c>RetryWithCooldown</c>/<c>ScheduleRetry</c> list, or a flat <c>[RetryNow]</c>/<c>[ScheduleRetry]</c>
        /// one, keeps its length and its first delay, and doubles from there.
        /// </summary>
        private static List<TextChange>? WolverineGrowing(SyntaxNode node, Edits edits)
        {
            if (node.FirstAncestorOrSelf<AttributeSyntax>() is { ArgumentList: { Arguments: { Count: > 1 } attributeArguments } } attribute)
            {
                if (RetryShapes.ReadInt(attributeArguments[1].Expression, edits.Model) is not int firstValue || firstValue <= 0)
                {
                    return null;
                }

                var values = new List<string>();
                for (var i = 1; i < attributeArguments.Count; i++)
                {
                    values.Add((firstValue * (1L << (i - 1))).ToString(System.Globalization.CultureInfo.InvariantCulture));
                }

                var span = TextSpan.FromBounds(attributeArguments[1].SpanStart, attributeArguments[attributeArguments.Count - 1].Span.End);
                return new List<TextChange> { new(span, string.Join(", ", values)) };
            }

            if (node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } invocation || SyntaxNames.InvokedName(invocation) is not { } name)
            {
                return null;
            }

            var arguments = invocation.ArgumentList.Arguments;
            int count;
            TimeSpan first;
            var changes = new List<TextChange>();
            if (name.Identifier.ValueText == "RetryTimes")
            {
                if (arguments.Count != 1 || RetryShapes.ReadInt(arguments[0].Expression, edits.Model) is not int times || times <= 0)
                {
                    return null;
                }

                count = times;
                first = TimeSpan.FromMilliseconds(100);
                changes.Add(new TextChange(name.Identifier.Span, "RetryWithCooldown"));
            }
            else
            {
                var delays = arguments.Count == 1 && arguments[0].Expression is ArrayCreationExpressionSyntax { Initializer: { } init }
                    ? init.Expressions
                    : arguments.Count == 1 && arguments[0].Expression is ImplicitArrayCreationExpressionSyntax { Initializer: { } implicitInit } ? implicitInit.Expressions : default;
                count = delays.Count > 0 ? delays.Count : arguments.Count;
                var firstExpression = delays.Count > 0 ? delays[0] : arguments.Count > 0 ? arguments[0].Expression : null;
                if (count == 0 || RetryShapes.ReadDuration(firstExpression, edits.Model) is not { } read || read <= TimeSpan.Zero)
                {
                    return null;
                }

                first = read;
            }

            var written = new List<string>();
            for (var i = 0; i < count; i++)
            {
                written.Add(edits.Duration(TimeSpan.FromTicks(first.Ticks * (1L << Math.Min(i, 30)))));
            }

            changes.Add(new TextChange(invocation.ArgumentList.Span, "(" + string.Join(", ", written) + ")"));
            return changes;
        }

        /// <summary>Wolverine: <c>ScheduleRetryIndefinitely</c> keeps its delays and stops after them; <c>RequeueIndefinitely()</c> requeues up to the bound (Wolverine takes at most 25).</summary>
        private static List<TextChange>? WolverineBounded(SyntaxNode node, Diagnostic diagnostic)
        {
            if (node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } invocation || SyntaxNames.InvokedName(invocation) is not { } name)
            {
                return null;
            }

            if (name.Identifier.ValueText == "ScheduleRetryIndefinitely")
            {
                return new List<TextChange> { new(name.Identifier.Span, "ScheduleRetry") };
            }

            if (!diagnostic.Properties.TryGetValue(RetryPolicyAnalyzer.BoundProperty, out var bound) || !int.TryParse(bound, out var attempts))
            {
                return null;
            }

            return new List<TextChange>
            {
                new(name.Identifier.Span, "Requeue"),
                new(invocation.ArgumentList.Span, "(" + Math.Min(Math.Max(attempts, 1), 25).ToString(System.Globalization.CultureInfo.InvariantCulture) + ")"),
            };
        }

        private static List<TextChange>? PollyForever(SyntaxNode node, Edits edits, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (!diagnostic.Properties.TryGetValue(RetryPolicyAnalyzer.BoundProperty, out var bound) || bound is null
                || node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } invocation
                || SyntaxNames.InvokedName(invocation) is not { } name)
            {
                return null;
            }

            var newName = name.Identifier.ValueText.Replace("Forever", string.Empty);
            var arguments = invocation.ArgumentList.Arguments;
            var candidates = new List<string>();
            var rest = string.Join(", ", arguments.Select(a => a.ToString()).ToArray());
            candidates.Add("(" + bound + (rest.Length > 0 ? ", " + rest : string.Empty) + ")");

            // RetryForever(exception => …) has no counted twin taking the exception alone; the counted form also passes the attempt.
            if (arguments.Count == 1 && arguments[0].Expression is SimpleLambdaExpressionSyntax simple)
            {
                candidates.Add("(" + bound + ", (" + simple.Parameter.Identifier.ValueText + ", _) => " + simple.Body + ")");
            }

            foreach (var candidate in candidates)
            {
                var rewritten = invocation.ReplaceToken(name.Identifier, SyntaxFactory.Identifier(newName))
                    .WithArgumentList(SyntaxFactory.ParseArgumentList(candidate));
                if (edits.Model.GetSpeculativeSymbolInfo(invocation.SpanStart, rewritten, SpeculativeBindingOption.BindAsExpression).Symbol is IMethodSymbol)
                {
                    return new List<TextChange>
                    {
                        new(name.Identifier.Span, newName),
                        new(invocation.ArgumentList.Span, candidate),
                    };
                }
            }

            return null;
        }

        /// <summary>Names as the document can write them, and the growing delay expression.</summary>
        private sealed class Edits
        {
            private readonly int _position;

            public Edits(Document document, SemanticModel model, int position)
            {
                Model = model;
                _position = position;
                Text = model.SyntaxTree.GetText();
                TimeSpan = Name("TimeSpan", "System");
                var random = model.Compilation.GetTypeByMetadataName("System.Random");
                RandomShared = random is not null && random.GetMembers("Shared").Length > 0 ? Name("Random", "System") + ".Shared" : null;
                var backoff = model.Compilation.GetTypeByMetadataName("Polly.Contrib.WaitAndRetry.Backoff");
                ContribBackoff = backoff is null ? null : Name("Backoff", "Polly.Contrib.WaitAndRetry");
            }

            public SemanticModel Model { get; }

            public SourceText Text { get; }

            public string TimeSpan { get; }

            public string? RandomShared { get; }

            public string? ContribBackoff { get; }

            /// <summary>A duration as the <c>TimeSpan</c> factory that writes it in whole units.</summary>
            public string Duration(TimeSpan value)
            {
                string Of(string factory, double amount) => TimeSpan + "." + factory + "(" + amount.ToString(System.Globalization.CultureInfo.InvariantCulture) + ")";
                if (value.Ticks % System.TimeSpan.TicksPerMinute == 0)
                {
                    return Of("FromMinutes", value.TotalMinutes);
                }

                return value.Ticks % System.TimeSpan.TicksPerSecond == 0 ? Of("FromSeconds", value.TotalSeconds) : Of("FromMilliseconds", value.TotalMilliseconds);
            }

            public string Name(string name, string containingNamespace)
            {
                foreach (var symbol in Model.LookupNamespacesAndTypes(_position, name: name))
                {
                    if (symbol.ContainingNamespace?.ToDisplayString() == containingNamespace)
                    {
                        return name;
                    }
                }

                return containingNamespace + "." + name;
            }

            /// <summary>2, 4, 8… seconds from the attempt, plus up to a second at random where <c>Random.Shared</c> exists.</summary>
            public string Growing(string attempt)
            {
                var growing = TimeSpan + ".FromSeconds(" + Name("Math", "System") + ".Pow(2, " + attempt + "))";
                return RandomShared is { } random ? growing + " + " + TimeSpan + ".FromMilliseconds(" + random + ".Next(0, 1000))" : growing;
            }
        }
    }
}
