using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using QueueLint.Model.Syntax;

namespace QueueLint.Model.Retries
{
    /// <summary>
    /// Retries written by hand: a loop that repeats a call after it failed (from a catch block whose try block
    /// leaves the loop on success, or after an HTTP failure status), or a method that calls itself from a catch
    /// block. A loop that repeats while it waits for a state (a poll loop) repeats on success too, and is not
    /// a retry; so is a loop whose try block calls nothing, whose status test reads no call made in the loop, or that
    /// steps along a chain (<c>ex = ex.InnerException</c>): nothing failed is called again. A delay in the loop (<c>Task.Delay</c>, <c>Thread.Sleep</c>) is constant unless it is computed from
    /// something that changes between attempts.
    /// </summary>
    internal static class HandWrittenRetryAdapter
    {
        /// <summary>Cheap syntax test before anything is bound.</summary>
        public static bool IsCandidateLoop(SyntaxNode loop)
        {
            var body = LoopBody(loop);
            if (body is null)
            {
                return false;
            }

            foreach (var node in body.DescendantNodes(n => !RetryShapes.IsFunction(n) && !(n != body && RetryShapes.IsLoop(n))))
            {
                if (node is TryStatementSyntax { Catches.Count: > 0 } || (node is IfStatementSyntax branch && MentionsFailureStatus(branch.Condition)))
                {
                    return true;
                }
            }

            return false;
        }

        public static RetryPolicy? ReadLoop(StatementSyntax loop, SemanticModel model, KnownSymbols symbols)
        {
            var body = LoopBody(loop)!;
            var retried = false;
            var catchExits = false;
            foreach (var node in body.DescendantNodes(n => !RetryShapes.IsFunction(n) && !(n != body && RetryShapes.IsLoop(n))))
            {
                switch (node)
                {
                    case TryStatementSyntax { Catches.Count: > 0, Block.Statements.Count: > 0 } attempt when MakesCall(attempt.Block) && LeavesOnSuccess(attempt.Block, model):
                        foreach (var clause in attempt.Catches)
                        {
                            // Trying again at once after an optimistic-concurrency conflict re-reads and writes again: it
                            // resolves the conflict rather than retrying a failure, and wants no backoff.
                            if (CanRepeat(clause.Block, model) && !CatchesConflict(clause))
                            {
                                retried = true;
                            }

                            catchExits |= HasExit(clause.Block) || ComparesInFilter(clause);
                        }

                        break;
                    case IfStatementSyntax branch when MentionsFailureStatus(branch.Condition) && Leaves(branch.Statement) && ChecksCallMadeInLoop(branch.Condition, body):
                        retried = true;
                        break;
                }
            }

            // A loop that steps along a chain (ex = ex.InnerException) tries the next link, not the same call again; one
            // that indexes by its counter (providers[i]) falls back to the next item.
            if (!retried || WalksChain(body) || TriesNextItem(loop, body))
            {
                return null;
            }

            var header = HeaderLocation(loop);
            var policy = new RetryPolicy(RetryLibrary.HandWritten, loop)
            {
                BackoffLocation = header,
                AttemptsLocation = header,
            };

            // while (true) / for (;;): only success ends it, unless a catch block gives up.
            var condition = loop switch
            {
                WhileStatementSyntax w => w.Condition,
                DoStatementSyntax d => d.Condition,
                ForStatementSyntax f => f.Condition,
                _ => null,
            };
            policy.Unbounded = !catchExits && (condition is null || model.GetConstantValue(condition) is { HasValue: true, Value: true });

            policy.Counter = CounterName(loop, body);
            policy.Attempts = ReadAttempts(loop, policy.Counter, model);

            // A loop counts every attempt, the first one too: two attempts are one retry.
            policy.AtMostOneRetry = !policy.Unbounded && policy.Attempts is <= 2;
            ReadDelay(policy, body, () => VaryingNames(loop, body), model, symbols);
            return policy;
        }

        /// <summary>
        /// A catch of an optimistic-concurrency conflict, by its exception's name (<see cref="RetryShapes.IsConcurrencyConflict"/>),
        /// of a <c>DbUpdateException</c> that a filter narrows (to a unique-key conflict, the same race on an insert), or
        /// one whose filter or block tests for <c>PreconditionFailed</c> (HTTP 412: an ETag that no longer matches, the
        /// optimistic concurrency of Azure tables, blobs and Cosmos DB). Such a retry reads the row again: its immediate
        /// repetition is the cure for the conflict, not a hammering retry.
        /// </summary>
        private static bool CatchesConflict(CatchClauseSyntax clause)
        {
            if (clause.Declaration?.Type is { } type
                && SyntaxNames.Rightmost(type) is var name
                && (RetryShapes.IsConcurrencyConflict(name) || (name == "DbUpdateException" && clause.Filter is not null)))
            {
                return true;
            }

            return TestsPreconditionFailed(clause.Filter) || TestsPreconditionFailed(clause.Block);
        }

        private static bool TestsPreconditionFailed(SyntaxNode? node)
        {
            if (node is null)
            {
                return false;
            }

            foreach (var descendant in node.DescendantNodes())
            {
                if (descendant is IdentifierNameSyntax { Identifier.ValueText: "PreconditionFailed" })
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A method (or local function) that calls itself from one of its catch blocks.</summary>
        public static RetryPolicy? ReadRecursion(SyntaxNode declaration, InvocationExpressionSyntax call, CatchClauseSyntax clause, SemanticModel model, KnownSymbols symbols)
        {
            var self = model.GetDeclaredSymbol(declaration) as IMethodSymbol;
            if (self is null || CatchesConflict(clause) || !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(call).Symbol?.OriginalDefinition, self.OriginalDefinition))
            {
                return null;
            }

            var policy = new RetryPolicy(RetryLibrary.HandWritten, call)
            {
                BackoffLocation = call.GetLocation(),
                AttemptsLocation = call.GetLocation(),
            };

            // The same arguments again, and no way out of the catch block but the call: only success ends it.
            var varying = VaryingParameters(self, call, out var sameArguments);
            policy.Unbounded = sameArguments && !HasExit(clause.Block, except: call);
            ReadDelay(policy, clause.Block, () => varying, model, symbols);
            if (policy.BackoffForm == RetrySettingForm.HandWrittenLoop)
            {
                policy.BackoffForm = RetrySettingForm.None;
            }

            return policy;
        }

        /// <summary>The names of the methods declared in a file, read from its type declarations (not their bodies); null when none.</summary>
        public static HashSet<string>? MethodNames(SyntaxNode? root)
        {
            HashSet<string>? names = null;
            if (root is null)
            {
                return null;
            }

            foreach (var node in root.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax))
            {
                if (node is MethodDeclarationSyntax method)
                {
                    (names ??= new HashSet<string>(StringComparer.Ordinal)).Add(method.Identifier.ValueText);
                }
            }

            return names;
        }

        /// <summary>
        /// A method that calls itself when a response has a failure status (<c>if (response.StatusCode ==
        /// HttpStatusCode.TooManyRequests) { await Task.Delay(d); return await SendAsync(request); }</c>). Only success
        /// ends it unless it passes itself an attempt counter that grows and is compared with a bound, or the branch
        /// has another way out. A call from a catch block is read by <see cref="ReadRecursion"/>.
        /// </summary>
        public static RetryPolicy? ReadStatusRecursion(InvocationExpressionSyntax call, SemanticModel model, KnownSymbols symbols)
        {
            if (call.Expression is not (SimpleNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax }))
            {
                return null;
            }

            var name = SyntaxNames.InvokedName(call)?.Identifier.ValueText;
            IfStatementSyntax? branch = null;
            MethodDeclarationSyntax? declaration = null;
            SyntaxNode child = call;
            foreach (var ancestor in call.Ancestors())
            {
                if (RetryShapes.IsFunction(ancestor) || ancestor is CatchClauseSyntax)
                {
                    return null;
                }

                if (ancestor is IfStatementSyntax test && branch is null && child == test.Statement && IsFailureStatusTest(test.Condition))
                {
                    branch = test;
                }

                if (ancestor is MethodDeclarationSyntax method)
                {
                    declaration = method;
                    break;
                }

                child = ancestor;
            }

            if (branch is null || declaration is null || declaration.Identifier.ValueText != name
                || model.GetDeclaredSymbol(declaration) is not { } self
                || !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(call).Symbol?.OriginalDefinition, self.OriginalDefinition))
            {
                return null;
            }

            // SendAsync(request, retry: false) under if (… && retry): the call it makes cannot retry again, one retry in all.
            if (TurnsOffTest(call, branch.Condition, self))
            {
                return null;
            }

            var policy = new RetryPolicy(RetryLibrary.HandWritten, call)
            {
                BackoffLocation = call.GetLocation(),
                AttemptsLocation = call.GetLocation(),
            };
            var varying = VaryingParameters(self, call, out _);
            policy.Unbounded = !GrowsCheckedCounter(declaration, call, self) && !HasExit(branch.Statement, except: call);
            ReadDelay(policy, branch.Statement, () => varying, model, symbols);
            return policy;
        }

        /// <summary>The recursive call passes <c>false</c> for a parameter that the retrying branch's test reads.</summary>
        private static bool TurnsOffTest(InvocationExpressionSyntax call, ExpressionSyntax condition, IMethodSymbol self)
        {
            var arguments = call.ArgumentList.Arguments;
            for (var i = 0; i < arguments.Count; i++)
            {
                if (!arguments[i].Expression.IsKind(SyntaxKind.FalseLiteralExpression))
                {
                    continue;
                }

                var parameter = arguments[i].NameColon is { } named ? named.Name.Identifier.ValueText
                    : i < self.Parameters.Length ? self.Parameters[i].Name
                    : null;
                if (parameter is not null && Names(condition, parameter))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The parameters a recursive call passes something else than themselves; <paramref name="same"/> when it passes each one on.</summary>
        private static List<string> VaryingParameters(IMethodSymbol self, InvocationExpressionSyntax call, out bool same)
        {
            var varying = new List<string>();
            var parameters = self.Parameters;
            var arguments = call.ArgumentList.Arguments;
            same = arguments.Count == parameters.Length;
            for (var i = 0; i < arguments.Count; i++)
            {
                var expected = i < parameters.Length ? parameters[i].Name : null;
                if (arguments[i].Expression is not IdentifierNameSyntax { Identifier.ValueText: var passed } || passed != expected)
                {
                    same = false;
                    if (expected is not null)
                    {
                        varying.Add(expected);
                    }
                }
            }

            return varying;
        }

        /// <summary>
        /// The call passes a parameter computed from itself (<c>attempt + 1</c>, <c>left - 1</c>) that the method compares
        /// with something (<c>attempt &lt; 3</c>, <c>left is &gt; 0</c>): an attempt counter with a bound.
        /// </summary>
        private static bool GrowsCheckedCounter(MethodDeclarationSyntax declaration, InvocationExpressionSyntax call, IMethodSymbol self)
        {
            var arguments = call.ArgumentList.Arguments;
            for (var i = 0; i < arguments.Count && i < self.Parameters.Length; i++)
            {
                var parameter = arguments[i].NameColon is { } named ? named.Name.Identifier.ValueText : self.Parameters[i].Name;
                var argument = arguments[i].Expression;
                if (argument is IdentifierNameSyntax || !Names(argument, parameter))
                {
                    continue;
                }

                foreach (var node in declaration.DescendantNodes(n => !RetryShapes.IsFunction(n)))
                {
                    var compared = node switch
                    {
                        BinaryExpressionSyntax binary when IsComparison(binary.Kind()) => binary,
                        IsPatternExpressionSyntax pattern => pattern.Expression,
                        _ => null,
                    };
                    if (compared is not null && Names(compared, parameter) && !call.Span.Contains(compared.Span))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// <c>for (var i = 0; i &lt; providers.Length; i++) { try { return providers[i].Get(); } catch { } }</c>: each
        /// iteration calls another item, a fallback chain rather than a retry of the failed call.
        /// </summary>
        private static bool TriesNextItem(StatementSyntax loop, SyntaxNode body)
        {
            if (loop is not ForStatementSyntax { Declaration.Variables: { Count: 1 } variables })
            {
                return false;
            }

            var counter = variables[0].Identifier.ValueText;
            foreach (var node in body.DescendantNodes(n => !RetryShapes.IsFunction(n)))
            {
                if (node is ElementAccessExpressionSyntax { ArgumentList.Arguments: { Count: 1 } arguments }
                    && arguments[0].Expression is IdentifierNameSyntax { Identifier.ValueText: var name }
                    && name == counter
                    && node.FirstAncestorOrSelf<TryStatementSyntax>() is { } attempt
                    && attempt.Block.Span.Contains(node.Span))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// <c>catch (…) when (attempt &lt; max)</c>: once the comparison fails the exception leaves the loop, so the filter
        /// is the loop's bound.
        /// </summary>
        private static bool ComparesInFilter(CatchClauseSyntax clause)
        {
            if (clause.Filter is { } filter)
            {
                foreach (var node in filter.FilterExpression.DescendantNodesAndSelf(n => !RetryShapes.IsFunction(n)))
                {
                    if (node is BinaryExpressionSyntax binary && IsComparison(binary.Kind()))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool IsComparison(SyntaxKind kind)
            => kind is SyntaxKind.LessThanExpression or SyntaxKind.LessThanOrEqualExpression or SyntaxKind.GreaterThanExpression
                or SyntaxKind.GreaterThanOrEqualExpression or SyntaxKind.EqualsExpression or SyntaxKind.NotEqualsExpression;

        /// <summary>
        /// A test for a failure status: a status code (or a 408, 429 or 5xx number) that is not a test for success
        /// (<c>IsSuccessStatusCode</c> itself, <c>HttpStatusCode.OK</c>, 200), whose true branch is the success path.
        /// </summary>
        private static bool IsFailureStatusTest(ExpressionSyntax condition)
        {
            var failure = false;
            foreach (var node in condition.DescendantNodesAndSelf())
            {
                switch (node)
                {
                    case IdentifierNameSyntax { Identifier.ValueText: "OK" or "Created" or "Accepted" or "NoContent" } success:
                        if (!IsNegated(success, condition))
                        {
                            return false;
                        }

                        failure = true;
                        break;
                    case LiteralExpressionSyntax { Token.Value: int code } literal:
                        if (code is >= 200 and < 300)
                        {
                            if (!IsNegated(literal, condition))
                            {
                                return false;
                            }

                            failure = true;
                        }

                        failure |= code is 408 or 429 or (>= 500 and < 600);
                        break;
                    case IdentifierNameSyntax { Identifier.ValueText: "IsSuccessStatusCode" } success:
                        if (!IsNegated(success, condition))
                        {
                            return false;
                        }

                        failure = true;
                        break;
                    case IdentifierNameSyntax { Identifier.ValueText: "StatusCode" or "HttpStatusCode" or "TooManyRequests" or "ServiceUnavailable" }:
                        failure = true;
                        break;
                }
            }

            return failure;
        }

        /// <summary>
        /// Whether a success value is tested the other way round within <paramref name="condition"/>: under a <c>!</c>, by
        /// <c>!=</c> or <c>is not</c>, or compared with <c>false</c>.
        /// </summary>
        private static bool IsNegated(SyntaxNode value, SyntaxNode condition)
        {
            for (var current = value.Parent; current is not null && current != condition.Parent; current = current.Parent)
            {
                if (current.IsKind(SyntaxKind.LogicalNotExpression)
                    || current.IsKind(SyntaxKind.NotEqualsExpression)
                    || current.IsKind(SyntaxKind.NotPattern)
                    || (current is BinaryExpressionSyntax { Right: LiteralExpressionSyntax right } && right.IsKind(SyntaxKind.FalseLiteralExpression))
                    || (current is IsPatternExpressionSyntax { Pattern: ConstantPatternSyntax { Expression: LiteralExpressionSyntax constant } } && constant.IsKind(SyntaxKind.FalseLiteralExpression)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Reads the delay between attempts. <paramref name="varying"/> gives the names that change between attempts, asked
        /// for only when the delay names something (a literal delay is constant whatever changes).
        /// </summary>
        private static void ReadDelay(RetryPolicy policy, SyntaxNode body, Func<ICollection<string>> varying, SemanticModel model, KnownSymbols symbols)
        {
            var delay = RetryShapes.FindDelay(body, model, symbols);
            if (delay is null)
            {
                policy.Delay = RetryDelay.None;
                policy.BackoffForm = policy.Counter is not null ? RetrySettingForm.HandWrittenLoop : RetrySettingForm.None;
                return;
            }

            if (delay.ArgumentList.Arguments.Count == 0)
            {
                return;
            }

            var argument = delay.ArgumentList.Arguments[0].Expression;
            if (Names(argument, "RetryAfter"))
            {
                // The server's Retry-After header chooses the delay.
                return;
            }

            // var waitMs = attempt >= 6 ? 60_000 : attempt * 10_000; await Task.Delay(waitMs): the delay is the local's value.
            var local = LocalValue(argument, body);
            var read = local ?? argument;
            ICollection<string> names = NamesSomething(read) ? varying() : Array.Empty<string>();
            if (local is not null && names.Count > 0)
            {
                // The local is declared in the loop (so counted as changing): what it is computed from decides.
                var others = new HashSet<string>(names, StringComparer.Ordinal);
                others.Remove(((IdentifierNameSyntax)StripDuration(argument)).Identifier.ValueText);
                names = others;
            }

            policy.Delay = RetryShapes.Classify(read, names, out var jitter);
            policy.Jitter = jitter;
            if (policy.Delay == RetryDelay.Constant)
            {
                policy.Interval = RetryShapes.ReadDuration(local is not null && argument is IdentifierNameSyntax ? local : argument, model);
                policy.BackoffLocation = delay.GetLocation();
                policy.BackoffForm = policy.Counter is not null ? RetrySettingForm.HandWrittenLoop : RetrySettingForm.None;
            }
            else if (policy.Delay == RetryDelay.Exponential && !jitter)
            {
                policy.BackoffLocation = delay.ArgumentList.Arguments[0].GetLocation();
                policy.JitterForm = RetrySettingForm.ExponentialExpression;
            }
        }

        /// <summary>
        /// The value of the local a delay names (<c>waitMs</c>, or <c>TimeSpan.FromMilliseconds(waitMs)</c>) when the loop's
        /// body declares it with an initializer and assigns it nowhere else; else null.
        /// </summary>
        private static ExpressionSyntax? LocalValue(ExpressionSyntax argument, SyntaxNode body)
        {
            if (StripDuration(argument) is not IdentifierNameSyntax name)
            {
                return null;
            }

            var text = name.Identifier.ValueText;
            ExpressionSyntax? value = null;
            foreach (var node in body.DescendantNodes(n => !RetryShapes.IsFunction(n)))
            {
                switch (node)
                {
                    case VariableDeclaratorSyntax declarator when declarator.Identifier.ValueText == text:
                        if (value is not null || declarator.Initializer is null)
                        {
                            return null;
                        }

                        value = declarator.Initializer.Value;
                        break;
                    case AssignmentExpressionSyntax { Left: IdentifierNameSyntax target } when target.Identifier.ValueText == text:
                        return null;
                }
            }

            return value;
        }

        /// <summary>The single argument of <c>TimeSpan.FromX(…)</c>, else the expression itself.</summary>
        private static ExpressionSyntax StripDuration(ExpressionSyntax expression)
            => expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "TimeSpan" } }, ArgumentList.Arguments: { Count: 1 } arguments }
                ? arguments[0].Expression
                : expression;

        private static bool NamesSomething(SyntaxNode expression)
        {
            foreach (var node in expression.DescendantNodesAndSelf())
            {
                if (node is IdentifierNameSyntax)
                {
                    return true;
                }
            }

            return false;
        }

        private static SyntaxNode? LoopBody(SyntaxNode loop)
            => loop switch
            {
                WhileStatementSyntax w => w.Statement,
                DoStatementSyntax d => d.Statement,
                ForStatementSyntax f => f.Statement,
                _ => null,
            };

        private static Location HeaderLocation(StatementSyntax loop)
            => loop switch
            {
                WhileStatementSyntax w => Location.Create(loop.SyntaxTree, TextSpan(w.WhileKeyword.SpanStart, w.CloseParenToken.Span.End)),
                ForStatementSyntax f => Location.Create(loop.SyntaxTree, TextSpan(f.ForKeyword.SpanStart, f.CloseParenToken.Span.End)),
                DoStatementSyntax d => d.DoKeyword.GetLocation(),
                _ => loop.GetLocation(),
            };

        private static Microsoft.CodeAnalysis.Text.TextSpan TextSpan(int start, int end)
            => Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(start, Math.Max(start, end));

        /// <summary>The try block never completes normally: success returns or breaks out of the loop.</summary>
        private static bool LeavesOnSuccess(BlockSyntax block, SemanticModel model)
        {
            var leaves = false;
            foreach (var node in block.DescendantNodes(n => !RetryShapes.IsFunction(n) && !RetryShapes.IsLoop(n)))
            {
                if (node is ReturnStatementSyntax or BreakStatementSyntax)
                {
                    leaves = true;
                    break;
                }
            }

            if (!leaves)
            {
                return false;
            }

            return EndPointIsReachable(block, model) == false;
        }

        /// <summary>The catch block lets the loop go round again.</summary>
        private static bool CanRepeat(BlockSyntax block, SemanticModel model)
        {
            if (block.Statements.Count == 0)
            {
                return true;
            }

            foreach (var node in block.DescendantNodes(n => !RetryShapes.IsFunction(n) && !RetryShapes.IsLoop(n)))
            {
                if (node is ContinueStatementSyntax)
                {
                    return true;
                }
            }

            return EndPointIsReachable(block, model) == true;
        }

        /// <summary>
        /// Whether the end of a non-empty block can be reached (null when flow analysis fails). Decided from syntax when
        /// the block ends in a jump or holds only expression statements and declarations, by flow analysis otherwise.
        /// </summary>
        private static bool? EndPointIsReachable(BlockSyntax block, SemanticModel model)
        {
            var statements = block.Statements;
            if (statements[statements.Count - 1] is ReturnStatementSyntax or BreakStatementSyntax or ContinueStatementSyntax or ThrowStatementSyntax or GotoStatementSyntax)
            {
                return false;
            }

            var straight = true;
            foreach (var statement in statements)
            {
                straight &= statement is ExpressionStatementSyntax or LocalDeclarationStatementSyntax;
            }

            if (straight)
            {
                return true;
            }

            var flow = model.AnalyzeControlFlow(statements[0], statements[statements.Count - 1]);
            return flow is { Succeeded: true } ? flow.EndPointIsReachable : null;
        }

        /// <summary>The block can give up: throw, return or break (outside nested loops and functions).</summary>
        private static bool HasExit(SyntaxNode block, SyntaxNode? except = null)
        {
            foreach (var node in block.DescendantNodes(n => !RetryShapes.IsFunction(n) && !RetryShapes.IsLoop(n)))
            {
                switch (node)
                {
                    case ThrowStatementSyntax or ThrowExpressionSyntax or BreakStatementSyntax:
                        return true;
                    case ReturnStatementSyntax { Expression: { } value } when except is not null && value.Span.Contains(except.Span):
                        break;
                    case ReturnStatementSyntax:
                        return true;
                }
            }

            return false;
        }

        private static bool Leaves(StatementSyntax statement)
        {
            foreach (var node in statement.DescendantNodesAndSelf(n => !RetryShapes.IsFunction(n) && !RetryShapes.IsLoop(n)))
            {
                if (node is ReturnStatementSyntax or BreakStatementSyntax)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The block calls something (a method, a constructor, an await): there is a call to repeat.</summary>
        private static bool MakesCall(SyntaxNode block)
        {
            foreach (var node in block.DescendantNodes(n => !RetryShapes.IsFunction(n)))
            {
                if (node.RawKind is (int)SyntaxKind.InvocationExpression or (int)SyntaxKind.AwaitExpression or (int)SyntaxKind.ObjectCreationExpression)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The status tested comes from a call made in the loop: the condition calls it, or names a variable that the
        /// loop sets from a call. A status read from something the loop does not call again (an exception being
        /// walked, a response received before the loop) is not a failure to retry.
        /// </summary>
        private static bool ChecksCallMadeInLoop(ExpressionSyntax condition, SyntaxNode body)
        {
            if (MakesCall(condition))
            {
                return true;
            }

            foreach (var node in body.DescendantNodes(n => !RetryShapes.IsFunction(n)))
            {
                var (target, value) = node switch
                {
                    VariableDeclaratorSyntax { Initializer.Value: { } initial } declarator => (declarator.Identifier.ValueText, initial),
                    AssignmentExpressionSyntax { Left: IdentifierNameSyntax left, Right: { } right } => (left.Identifier.ValueText, right),
                    _ => (null, null),
                };
                if (target is not null && value is not null && Names(condition, target) && MakesCall(value))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool Names(SyntaxNode expression, string name)
        {
            foreach (var node in expression.DescendantNodesAndSelf())
            {
                if (node is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == name)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The loop moves a variable to a member of itself (<c>ex = ex.InnerException</c>, <c>node = node?.Next</c>).</summary>
        private static bool WalksChain(SyntaxNode body)
        {
            foreach (var node in body.DescendantNodes(n => !RetryShapes.IsFunction(n)))
            {
                if (node is AssignmentExpressionSyntax { Left: IdentifierNameSyntax target } assignment
                    && assignment.IsKind(SyntaxKind.SimpleAssignmentExpression))
                {
                    var value = assignment.Right is PostfixUnaryExpressionSyntax { Operand: var operand } forgiven && forgiven.IsKind(SyntaxKind.SuppressNullableWarningExpression)
                        ? operand
                        : assignment.Right;
                    var owner = value switch
                    {
                        MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax name } => name,
                        ConditionalAccessExpressionSyntax { Expression: IdentifierNameSyntax name, WhenNotNull: MemberBindingExpressionSyntax } => name,
                        _ => null,
                    };
                    if (owner?.Identifier.ValueText == target.Identifier.ValueText)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>An HTTP failure test: a response's status code, as opposed to a state a poll loop waits for.</summary>
        private static bool MentionsFailureStatus(ExpressionSyntax condition)
        {
            foreach (var node in condition.DescendantNodesAndSelf())
            {
                if (node is IdentifierNameSyntax { Identifier.ValueText: "IsSuccessStatusCode" or "StatusCode" or "HttpStatusCode" or "TooManyRequests" })
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Names that change between attempts: the loop's own variables and anything assigned in it.</summary>
        private static HashSet<string> VaryingNames(SyntaxNode loop, SyntaxNode body)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            if (loop is ForStatementSyntax { Declaration: { } declaration })
            {
                foreach (var variable in declaration.Variables)
                {
                    names.Add(variable.Identifier.ValueText);
                }
            }

            foreach (var node in loop.DescendantNodes(n => !RetryShapes.IsFunction(n)))
            {
                switch (node)
                {
                    case AssignmentExpressionSyntax { Left: IdentifierNameSyntax target }:
                        names.Add(target.Identifier.ValueText);
                        break;
                    case PostfixUnaryExpressionSyntax { Operand: IdentifierNameSyntax target }:
                        names.Add(target.Identifier.ValueText);
                        break;
                    case PrefixUnaryExpressionSyntax { Operand: IdentifierNameSyntax target } prefix
                        when prefix.IsKind(SyntaxKind.PreIncrementExpression) || prefix.IsKind(SyntaxKind.PreDecrementExpression):
                        names.Add(target.Identifier.ValueText);
                        break;
                    case VariableDeclaratorSyntax declarator when body.Span.Contains(declarator.Span):
                        names.Add(declarator.Identifier.ValueText);
                        break;
                }
            }

            return names;
        }

        /// <summary>The attempt counter a growing delay can be computed from: a for loop's variable, or a local incremented in the loop.</summary>
        private static string? CounterName(SyntaxNode loop, SyntaxNode body)
        {
            if (loop is ForStatementSyntax { Declaration.Variables: { Count: 1 } variables, Incrementors.Count: 1 })
            {
                return variables[0].Identifier.ValueText;
            }

            foreach (var node in body.DescendantNodes(n => !RetryShapes.IsFunction(n) && !RetryShapes.IsLoop(n)))
            {
                if (node is PostfixUnaryExpressionSyntax { Operand: IdentifierNameSyntax target } postfix && postfix.IsKind(SyntaxKind.PostIncrementExpression))
                {
                    return target.Identifier.ValueText;
                }

                if (node is PrefixUnaryExpressionSyntax { Operand: IdentifierNameSyntax prefixTarget } prefix && prefix.IsKind(SyntaxKind.PreIncrementExpression))
                {
                    return prefixTarget.Identifier.ValueText;
                }
            }

            return null;
        }

        /// <summary>
        /// The attempts of a counted loop: <c>for (var i = 0; i &lt; 3; i++)</c>, or <c>while (attempt &lt; 3)</c> over a local
        /// declared with a constant just before the loop and incremented in it.
        /// </summary>
        private static int? ReadAttempts(StatementSyntax loop, string? counter, SemanticModel model)
        {
            var (name, initial, condition) = loop switch
            {
                ForStatementSyntax { Declaration.Variables: { Count: 1 } variables, Condition: BinaryExpressionSyntax test }
                    => (variables[0].Identifier.ValueText, variables[0].Initializer?.Value, test),
                WhileStatementSyntax { Condition: BinaryExpressionSyntax test } when counter is not null
                    => (counter, DeclaredBefore(loop, counter), test),
                _ => (null, null, null),
            };
            if (name is null || initial is null || condition is null
                || condition.Left is not IdentifierNameSyntax left
                || left.Identifier.ValueText != name
                || RetryShapes.ReadInt(initial, model) is not int start
                || RetryShapes.ReadInt(condition.Right, model) is not int end)
            {
                return null;
            }

            var count = condition.Kind() switch
            {
                SyntaxKind.LessThanExpression => end - start,
                SyntaxKind.LessThanOrEqualExpression => end - start + 1,
                _ => -1,
            };
            return count > 0 ? count : null;
        }

        /// <summary>The initial value of <paramref name="name"/> when a statement of the loop's block before it declares it.</summary>
        private static ExpressionSyntax? DeclaredBefore(StatementSyntax loop, string name)
        {
            if (loop.Parent is not BlockSyntax block)
            {
                return null;
            }

            foreach (var statement in block.Statements)
            {
                if (statement == loop)
                {
                    break;
                }

                if (statement is LocalDeclarationStatementSyntax { Declaration.Variables: var variables })
                {
                    foreach (var variable in variables)
                    {
                        if (variable.Identifier.ValueText == name)
                        {
                            return variable.Initializer?.Value;
                        }
                    }
                }
            }

            return null;
        }
    }
}
