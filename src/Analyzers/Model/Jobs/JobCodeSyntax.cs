using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using QueueLint.Model.Syntax;

namespace QueueLint.Model.Jobs
{
    /// <summary>
    /// The syntax of one job-code method that rules look at, read from its file's one walk and shared by every
    /// rule: each rule then binds only the few nodes it needs, never the whole body.
    /// </summary>
    internal sealed class JobCodeSyntax
    {
        private JobCodeSyntax(
            ImmutableArray<CatchClauseSyntax> catchClauses,
            ImmutableArray<ExpressionStatementSyntax> statements,
            ImmutableArray<StatementSyntax> loops,
            ImmutableArray<LocalFunctionStatementSyntax> localFunctions,
            bool hasWork)
        {
            CatchClauses = catchClauses;
            Statements = statements;
            Loops = loops;
            LocalFunctions = localFunctions;
            HasWork = hasWork;
        }

        /// <summary>Every catch clause, lambdas and local functions included.</summary>
        public ImmutableArray<CatchClauseSyntax> CatchClauses { get; }

        /// <summary>Expression statements of the method and its local functions, not of its lambdas.</summary>
        public ImmutableArray<ExpressionStatementSyntax> Statements { get; }

        /// <summary><c>while</c>, <c>do</c>, <c>for</c> and <c>foreach</c> loops, lambdas and local functions included.</summary>
        public ImmutableArray<StatementSyntax> Loops { get; }

        public ImmutableArray<LocalFunctionStatementSyntax> LocalFunctions { get; }

        /// <summary>Whether the method calls, awaits or throws anything at all.</summary>
        public bool HasWork { get; }

        /// <summary>
        /// Whether <see cref="Create"/> reads nodes of this kind: calls, catch clauses, expression statements, awaits,
        /// throws, loops, local functions and anonymous functions. The file's walk keeps these for it.
        /// </summary>
        public static bool Reads(int rawKind)
        {
            switch (rawKind)
            {
                case (int)SyntaxKind.InvocationExpression:
                case (int)SyntaxKind.CatchClause:
                case (int)SyntaxKind.ExpressionStatement:
                case (int)SyntaxKind.AwaitExpression:
                case (int)SyntaxKind.ThrowStatement:
                case (int)SyntaxKind.ThrowExpression:
                case (int)SyntaxKind.WhileStatement:
                case (int)SyntaxKind.DoStatement:
                case (int)SyntaxKind.ForStatement:
                case (int)SyntaxKind.ForEachStatement:
                case (int)SyntaxKind.ForEachVariableStatement:
                case (int)SyntaxKind.LocalFunctionStatement:
                case (int)SyntaxKind.SimpleLambdaExpression:
                case (int)SyntaxKind.ParenthesizedLambdaExpression:
                case (int)SyntaxKind.AnonymousMethodExpression:
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>Reads the method from its file's shared walk (<see cref="FileSyntax.JobCodeNodes"/>).</summary>
        public static JobCodeSyntax Create(SyntaxNode declaration, CancellationToken cancellationToken)
        {
            var file = FileSyntax.Get(declaration.SyntaxTree, cancellationToken);
            var (start, end) = file.GetJobCodeRange(declaration);
            var nodes = file.JobCodeNodes;
            var info = file.JobCodeInfo;

            // Most lists are empty or short: builders are made on first use, and empty lists share one array.
            ImmutableArray<CatchClauseSyntax>.Builder? catches = null;
            ImmutableArray<ExpressionStatementSyntax>.Builder? statements = null;
            ImmutableArray<StatementSyntax>.Builder? loops = null;
            ImmutableArray<LocalFunctionStatementSyntax>.Builder? locals = null;
            var hasWork = false;

            // Nodes come in document order, so the walk knows whether it is inside a lambda from where the
            // lambdas it entered end, instead of asking each statement's ancestors. Kinds and positions come from
            // the file's walk: a node is read only when it is kept.
            var lambdaEnd = -1;
            Stack<int>? outerLambdaEnds = null;
            for (var i = start; i < end; i++)
            {
                var node = info[i];
                var position = node.Start;
                while (lambdaEnd >= 0 && position >= lambdaEnd)
                {
                    lambdaEnd = outerLambdaEnds is { Count: > 0 } ? outerLambdaEnds.Pop() : -1;
                }

                switch ((SyntaxKind)node.Kind)
                {
                    case SyntaxKind.CatchClause:
                        (catches ??= ImmutableArray.CreateBuilder<CatchClauseSyntax>()).Add((CatchClauseSyntax)nodes[i]);
                        break;
                    case SyntaxKind.ExpressionStatement when lambdaEnd < 0:
                        (statements ??= ImmutableArray.CreateBuilder<ExpressionStatementSyntax>()).Add((ExpressionStatementSyntax)nodes[i]);
                        break;
                    case SyntaxKind.InvocationExpression:
                    case SyntaxKind.AwaitExpression:
                    case SyntaxKind.ThrowStatement:
                    case SyntaxKind.ThrowExpression:
                        hasWork = true;
                        break;
                    case SyntaxKind.WhileStatement:
                    case SyntaxKind.DoStatement:
                    case SyntaxKind.ForStatement:
                    case SyntaxKind.ForEachStatement:
                    case SyntaxKind.ForEachVariableStatement:
                        (loops ??= ImmutableArray.CreateBuilder<StatementSyntax>()).Add((StatementSyntax)nodes[i]);
                        break;
                    case SyntaxKind.LocalFunctionStatement:
                        (locals ??= ImmutableArray.CreateBuilder<LocalFunctionStatementSyntax>()).Add((LocalFunctionStatementSyntax)nodes[i]);
                        break;
                    case SyntaxKind.SimpleLambdaExpression:
                    case SyntaxKind.ParenthesizedLambdaExpression:
                    case SyntaxKind.AnonymousMethodExpression:
                        if (lambdaEnd >= 0)
                        {
                            (outerLambdaEnds ??= new Stack<int>()).Push(lambdaEnd);
                        }

                        lambdaEnd = node.FunctionEnd;
                        break;
                }
            }

            return new JobCodeSyntax(ToImmutable(catches), ToImmutable(statements), ToImmutable(loops), ToImmutable(locals), hasWork);
        }

        private static ImmutableArray<T> ToImmutable<T>(ImmutableArray<T>.Builder? builder)
            => builder is null ? ImmutableArray<T>.Empty : builder.Count == builder.Capacity ? builder.MoveToImmutable() : builder.ToImmutable();
    }
}
