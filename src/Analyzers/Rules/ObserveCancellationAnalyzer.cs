using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using QueueLint.Model;
using QueueLint.Model.Jobs;
using QueueLint.Model.Syntax;

namespace QueueLint.Rules
{
    /// <summary>
    /// QL0050: job code that cannot see its job's shutdown token. Leaves to CA2016 a token parameter not
    /// forwarded to a call that takes one, to MassTransit's MCA2016 the same for <c>context.CancellationToken</c>,
    /// and to Quartz 4's QZ0004 an <c>Execute</c> that never reads its token. One finding per method, on its name,
    /// with each call and loop that ignores the token as an additional location: the fix is one change to the
    /// method, and a job with many calls is one thing to fix, not many.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ObserveCancellationAnalyzer : JobCodeAnalyzer
    {
        /// <summary>
        /// Diagnostic property: which fix applies where. One of the <c>Shape*</c> values per additional location, in
        /// their order, separated by <see cref="ShapeSeparator"/>; for a finding with no additional locations, the one
        /// value that applies at its own location.
        /// </summary>
        public const string ShapeProperty = "Shape";

        public const char ShapeSeparator = ',';

        /// <summary>Diagnostic property: the C# that reads the token where the finding is, when there is one.</summary>
        public const string TokenProperty = "Token";

        /// <summary>A Hangfire job method without a token parameter: add one.</summary>
        public const string ShapeAddParameter = "AddParameter";

        /// <summary>A loop that never checks or passes the token: check it in the condition.</summary>
        public const string ShapeLoop = "Loop";

        /// <summary>A call to job code that takes no token: give it a parameter and pass the token.</summary>
        public const string ShapeHandOn = "HandOn";

        /// <summary>A framework call that could take the token: pass it (adding a parameter when none is in reach).</summary>
        public const string ShapePassToCall = "PassToCall";

        private static readonly OperationKindSet s_loopsAndCalls = OperationKindSet.Of(OperationKind.Loop, OperationKind.Invocation);

        private static readonly OperationKindSet s_calls = OperationKindSet.Of(OperationKind.Invocation);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.ObserveCancellation);

        internal override void AnalyzeMethod(JobCodeContext context)
        {
            var symbols = context.Symbols;
            if (symbols.CancellationToken is null || context.GetBody() is not { } body)
            {
                return;
            }

            var entry = context.Method;
            if (JobEntryPoints.CancellationLosesWork(entry.EntryKind))
            {
                return;
            }

            var method = entry.Method;
            var source = Cancellation.GetTokenSource(method, symbols);
            if (entry.IsEntryPoint && entry.EntryKind == JobEntryPointKind.HangfireJob && !source.Exists)
            {
                if (Cancellation.AwaitsOrLoops(body) && entry.Declaration is MethodDeclarationSyntax declaration)
                {
                    // The calls that will be given the added parameter are listed with it.
                    Places? calls = null;
                    foreach (var operation in context.GetOperations().OfKind(s_calls))
                    {
                        if (operation is IInvocationOperation invocation && Cancellation.CouldTakeToken(invocation, symbols, out _, out _))
                        {
                            (calls ??= new Places()).Add(NameLocation(invocation), ShapeAddParameter);
                        }
                    }

                    var properties = ImmutableDictionary<string, string?>.Empty.Add(ShapeProperty, calls?.Shapes.ToString() ?? ShapeAddParameter);
                    context.ReportDiagnostic(Diagnostic.Create(
                        Descriptors.ObserveCancellation,
                        declaration.Identifier.GetLocation(),
                        calls?.Locations,
                        properties,
                        "Job '" + method.ToJobName() + "' awaits or loops without a CancellationToken parameter",
                        "add one: Hangfire passes its shutdown token to it"));
                }

                // The added parameter is what the rest of the method needs; CA2016 then asks for it call by call.
                return;
            }

            if (entry.IsEntryPoint && entry.EntryKind == JobEntryPointKind.QuartzJob && symbols.IsQuartz4 && !Cancellation.ReadsToken(body, symbols))
            {
                // Quartz 4's QZ0004 reports an Execute that never reads its token.
                return;
            }

            List<ILoopOperation>? reportedLoops = null;
            Places? places = null;
            foreach (var operation in context.GetOperations().OfKind(s_loopsAndCalls))
            {
                switch (operation)
                {
                    case ILoopOperation loop when source.Exists && IsOpenEnded(loop) && !IsInside(loop, reportedLoops):
                        if (ContainsAwait(loop) && !Cancellation.ReadsToken(loop, symbols))
                        {
                            (reportedLoops ??= new List<ILoopOperation>()).Add(loop);
                            (places ??= new Places()).Add(loop.Syntax.GetFirstToken().GetLocation(), ShapeLoop);
                        }

                        break;

                    case IInvocationOperation invocation when AnalyzeCall(context, invocation, method, source) is { } shape:
                        (places ??= new Places()).Add(NameLocation(invocation), shape);
                        break;
                }
            }

            if (places is not null)
            {
                ReportMethod(context, entry.Declaration, method, source, places);
            }
        }

        /// <summary>The calls and loops of one method that ignore its token, with the fix each needs.</summary>
        private sealed class Places
        {
            public List<Location> Locations { get; } = new();

            public System.Text.StringBuilder Shapes { get; } = new();

            public int Calls { get; private set; }

            public int Loops { get; private set; }

            public bool HandsOn { get; private set; }

            public void Add(Location location, string shape)
            {
                if (Locations.Count > 0)
                {
                    Shapes.Append(ShapeSeparator);
                }

                Locations.Add(location);
                Shapes.Append(shape);
                if (shape == ShapeLoop)
                {
                    Loops++;
                }
                else
                {
                    Calls++;
                    HandsOn |= shape == ShapeHandOn;
                }
            }
        }

        /// <summary>
        /// One finding on the method's name: "'Job.Run' makes 3 calls without 'context.CancellationToken'", the calls
        /// and loops as additional locations.
        /// </summary>
        private static void ReportMethod(JobCodeContext context, SyntaxNode declaration, IMethodSymbol method, TokenSource source, Places places)
        {
            var location = declaration switch
            {
                MethodDeclarationSyntax m => m.Identifier.GetLocation(),
                LocalFunctionStatementSyntax f => f.Identifier.GetLocation(),
                ConstructorDeclarationSyntax c => c.Identifier.GetLocation(),
                _ => places.Locations[0],
            };
            var token = source.Exists ? "'" + source.Expression + "'" : "a cancellation token";
            var what = "'" + method.ToJobName() + "'";
            var advice = source.Exists ? null : "add a CancellationToken parameter and pass it";
            if (places.Calls > 0)
            {
                what += " makes " + Count(places.Calls, "call", "calls") + " without " + token;
                if (source.Exists)
                {
                    advice = places.HandsOn ? "pass it to each call (giving job code that takes no token a CancellationToken parameter)" : "pass it to each call";
                }
            }

            if (places.Loops > 0)
            {
                what += (places.Calls > 0 ? " and" : "") + " has " + (places.Loops == 1 ? "1 loop that never checks or passes " : Count(places.Loops, "loop", "loops") + " that never check or pass ") + token;
                advice = (advice is null ? "" : advice + " and ") + (places.Loops == 1 ? "check it in the loop condition" : "check it in each loop condition");
            }

            var properties = ImmutableDictionary<string, string?>.Empty.Add(ShapeProperty, places.Shapes.ToString());
            if (source.Exists)
            {
                properties = properties.Add(TokenProperty, source.Expression);
            }

            context.ReportDiagnostic(Diagnostic.Create(Descriptors.ObserveCancellation, location, places.Locations, properties, what, advice));
        }

        private static string Count(int count, string one, string many)
            => count.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + (count == 1 ? one : many);

        /// <summary>The fix a call needs when it ignores the token (a <c>Shape*</c> value), or null when it does not.</summary>
        private static string? AnalyzeCall(JobCodeContext context, IInvocationOperation invocation, IMethodSymbol method, TokenSource source)
        {
            var symbols = context.Symbols;
            var target = invocation.TargetMethod;
            if (target.IsInSource())
            {
                if (source.Exists
                    && target.MethodKind == MethodKind.Ordinary
                    && !SymbolEqualityComparer.Default.Equals(target.OriginalDefinition, method.OriginalDefinition)
                    && !TakesToken(target, symbols)
                    && !Cancellation.CouldTakeToken(invocation, symbols, out _, out _)
                    && !IsGivenTokenByWithCancellation(invocation)
                    && Awaits(context, target))
                {
                    // Job code that awaits in a loop or waits, given no token.
                    return ShapeHandOn;
                }

                return null;
            }

            switch (source.Kind)
            {
                case TokenSourceKind.Parameter:
                case TokenSourceKind.ConsumeContext:
                    // CA2016 and MassTransit's MCA2016.
                    return null;
            }

            var longWait = IsLongWait(invocation, symbols);
            return (longWait || source.Exists) && Cancellation.CouldTakeToken(invocation, symbols, out _, out _) ? ShapePassToCall : null;
        }

        /// <summary><c>Task.Delay</c> that is not known to be short, and lock waits with no timeout.</summary>
        private static bool IsLongWait(IInvocationOperation invocation, KnownSymbols symbols)
        {
            var target = invocation.TargetMethod;
            var type = target.ContainingType;
            if (target.Name == "Delay" && SymbolEqualityComparer.Default.Equals(type, symbols.Task))
            {
                return invocation.Arguments.Length == 0 || !IsShort(invocation.Arguments[0].Value);
            }

            return target.Name is "Wait" or "WaitAsync" && target.Parameters.Length == 0 && SymbolEqualityComparer.Default.Equals(type, symbols.SemaphoreSlim);
        }

        /// <summary>A delay known to be under a second: a constant number of milliseconds, or <c>TimeSpan.FromMilliseconds(constant)</c>.</summary>
        private static bool IsShort(IOperation duration)
        {
            duration = duration.WithoutImplicitConversions();
            if (duration.ConstantValue is { HasValue: true, Value: int milliseconds })
            {
                return milliseconds >= 0 && milliseconds < 1000;
            }

            return duration is IInvocationOperation { TargetMethod.Name: "FromMilliseconds", Arguments.Length: 1 } fromMilliseconds
                && fromMilliseconds.Arguments[0].Value.ConstantValue is { HasValue: true, Value: var value }
                && value is System.IConvertible && System.Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture) < 1000;
        }

        private static bool TakesToken(IMethodSymbol method, KnownSymbols symbols)
        {
            foreach (var parameter in method.Parameters)
            {
                if (Cancellation.CarriesToken(parameter.Type, symbols))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Whether the called job code (or, for an abstract, virtual or interface member, any source implementation) awaits in a loop or waits.</summary>
        private static bool Awaits(JobCodeContext context, IMethodSymbol called)
        {
            var target = called.OriginalDefinition;
            if (DeclarationAwaits(context, called, target))
            {
                return true;
            }

            if (target.IsAbstract || target.IsVirtual || target.ContainingType.TypeKind == TypeKind.Interface)
            {
                foreach (var implementation in context.Model.SourceTypes.GetImplementations(target))
                {
                    if (DeclarationAwaits(context, called, implementation))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool DeclarationAwaits(JobCodeContext context, IMethodSymbol called, IMethodSymbol method)
        {
            // Only job code: the model has bound it; other source methods are not this rule's business.
            if (context.JobCode.GetDeclarationReachedBy(context.Method, called, method, context.CancellationToken) is not { } declaration)
            {
                return false;
            }

            // Long work is awaited work that repeats or waits: an await in a loop, or an awaited delay or lock. A single
            // await of a quick read, and a synchronous loop (draining a buffer), end on their own.
            foreach (var node in declaration.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
            {
                switch (node)
                {
                    case ForEachStatementSyntax { AwaitKeyword.RawKind: (int)Microsoft.CodeAnalysis.CSharp.SyntaxKind.AwaitKeyword }:
                        return true;
                    case AwaitExpressionSyntax await when IsWait(await.Expression) || IsInLoop(await, declaration):
                        return true;
                }
            }

            return false;
        }

        /// <summary><c>source.GetItemsAsync().WithCancellation(token)</c>: an async iterator gets the token when it is enumerated.</summary>
        private static bool IsGivenTokenByWithCancellation(IInvocationOperation invocation)
        {
            var parent = invocation.Parent;
            while (parent is IConversionOperation { IsImplicit: true } or IArgumentOperation)
            {
                parent = parent.Parent;
            }

            return parent is IInvocationOperation { TargetMethod.Name: "WithCancellation" };
        }

        private static bool IsWait(ExpressionSyntax expression)
        {
            if (expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } configured })
            {
                expression = configured.Expression;
            }

            return expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Delay" or "WaitAsync" } };
        }

        private static bool IsInLoop(SyntaxNode node, SyntaxNode declaration)
        {
            for (var current = node.Parent; current is not null && current != declaration; current = current.Parent)
            {
                if (current is WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool ContainsAwait(ILoopOperation loop)
        {
            foreach (var operation in loop.Descendants())
            {
                if (operation is IAwaitOperation)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A loop that runs until something stops it: <c>while</c> and <c>do</c>, and <c>for</c> without a condition. A
        /// <c>foreach</c> or a counted <c>for</c> walks a known set and ends with it.
        /// </summary>
        private static bool IsOpenEnded(ILoopOperation loop) => loop switch
        {
            IWhileLoopOperation => true,
            IForLoopOperation forLoop => forLoop.Condition is null || forLoop.Condition.ConstantValue is { HasValue: true, Value: true },
            _ => false,
        };

        private static bool IsInside(ILoopOperation loop, List<ILoopOperation>? reported)
        {
            if (reported is null)
            {
                return false;
            }

            foreach (var outer in reported)
            {
                if (outer.Syntax.Span.Contains(loop.Syntax.Span))
                {
                    return true;
                }
            }

            return false;
        }

        private static Location NameLocation(IInvocationOperation invocation) => invocation.Syntax switch
        {
            InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } => access.Name.GetLocation(),
            InvocationExpressionSyntax { Expression: SimpleNameSyntax name } => name.GetLocation(),
            _ => invocation.Syntax.GetLocation(),
        };
    }
}
