using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using QueueLint.Model.Syntax;

namespace QueueLint.Model.Failures
{
    /// <summary>What a catch clause does with the exception it catches.</summary>
    internal static class CatchClauses
    {
        /// <summary>A catch-all: no type, <c>Exception</c> or <c>object</c>.</summary>
        public static bool CatchesEverything(this ICatchClauseOperation clause, KnownSymbols symbols)
            => clause.ExceptionType.SpecialType == SpecialType.System_Object
               || SymbolEqualityComparer.Default.Equals(clause.ExceptionType, symbols.Exception);

        /// <summary>Catches <c>OperationCanceledException</c> or a type derived from it (<c>TaskCanceledException</c>).</summary>
        public static bool CatchesCancellation(this ICatchClauseOperation clause, KnownSymbols symbols)
            => clause.ExceptionType.InheritsFrom(symbols.OperationCanceledException);

        /// <summary>
        /// True when the exception goes on from here: the handler throws (rethrows or wraps), or hands the exception
        /// object itself to something (a logger, the configured report method, a telemetry client, a field). Reading
        /// only its properties (<c>ex.Message</c>) drops it.
        /// </summary>
        public static bool ReportsOrRethrows(this ICatchClauseOperation clause)
        {
            var exception = clause.Locals.Length > 0 ? clause.Locals[0] : null;
            foreach (var operation in clause.Handler.Descendants())
            {
                switch (operation)
                {
                    case IThrowOperation:
                        return true;
                    case ILocalReferenceOperation reference when exception is not null
                        && SymbolEqualityComparer.Default.Equals(reference.Local, exception)
                        && reference.Parent is not IMemberReferenceOperation:
                        return true;
                }
            }

            return false;
        }
    }
}
