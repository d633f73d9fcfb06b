using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace QueueLint.Model
{
    /// <summary>
    /// The syntax of one job-code method that rules look at, found in one walk shared by every rule: each rule
    /// then binds only the few nodes it needs, never the whole body.
    /// </summary>
    internal sealed class JobCodeSyntax
    {
        private JobCodeSyntax(
            ImmutableArray<CatchClauseSyntax> catchClauses,
            ImmutableArray<ExpressionStatementSyntax> statements,
            ImmutableArray<InvocationExpressionSyntax> invocations,
            ImmutableArray<StatementSyntax> loops,
            ImmutableArray<LocalFunctionStatementSyntax> localFunctions,
            bool hasWork)
        {
            CatchClauses = catchClauses;
            Statements = statements;
            Invocations = invocations;
            Loops = loops;
            LocalFunctions = localFunctions;
            HasWork = hasWork;
        }

        /// <summary>Every catch clause, lambdas and local functions included.</summary>
        public ImmutableArray<CatchClauseSyntax> CatchClauses { get; }

        /// <summary>Expression statements of the method and its local functions, not of its lambdas.</summary>
        public ImmutableArray<ExpressionStatementSyntax> Statements { get; }

        /// <summary>Every call, lambdas and local functions included.</summary>
        public ImmutableArray<InvocationExpressionSyntax> Invocations { get; }

        /// <summary><c>while</c>, <c>do</c>, <c>for</c> and <c>foreach</c> loops, lambdas and local functions included.</summary>
        public ImmutableArray<StatementSyntax> Loops { get; }

        public ImmutableArray<LocalFunctionStatementSyntax> LocalFunctions { get; }

        /// <summary>Whether the method calls, awaits or throws anything at all.</summary>
        public bool HasWork { get; }

        public static JobCodeSyntax Create(SyntaxNode declaration)
        {
            var catches = ImmutableArray.CreateBuilder<CatchClauseSyntax>();
            var statements = ImmutableArray.CreateBuilder<ExpressionStatementSyntax>();
            var invocations = ImmutableArray.CreateBuilder<InvocationExpressionSyntax>();
            var loops = ImmutableArray.CreateBuilder<StatementSyntax>();
            var locals = ImmutableArray.CreateBuilder<LocalFunctionStatementSyntax>();
            var hasWork = false;
            Walk(declaration, inLambda: false);
            return new JobCodeSyntax(catches.ToImmutable(), statements.ToImmutable(), invocations.ToImmutable(), loops.ToImmutable(), locals.ToImmutable(), hasWork);

            void Walk(SyntaxNode node, bool inLambda)
            {
                foreach (var child in node.ChildNodes())
                {
                    switch (child)
                    {
                        case CatchClauseSyntax clause:
                            catches.Add(clause);
                            break;
                        case ExpressionStatementSyntax statement when !inLambda:
                            statements.Add(statement);
                            break;
                        case InvocationExpressionSyntax invocation:
                            invocations.Add(invocation);
                            hasWork = true;
                            break;
                        case AwaitExpressionSyntax:
                        case ThrowStatementSyntax:
                        case ThrowExpressionSyntax:
                            hasWork = true;
                            break;
                        case WhileStatementSyntax:
                        case DoStatementSyntax:
                        case ForStatementSyntax:
                        case CommonForEachStatementSyntax:
                            loops.Add((StatementSyntax)child);
                            break;
                        case LocalFunctionStatementSyntax local:
                            locals.Add(local);
                            break;
                        case AnonymousFunctionExpressionSyntax:
                            Walk(child, inLambda: true);
                            continue;
                    }

                    Walk(child, inLambda);
                }
            }
        }
    }
}
