using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;

namespace QueueLint.CodeFixes
{
    /// <summary>
    /// The last step of a fix that wrote fully qualified names: adds the <c>using</c> directives they need. Shortening
    /// the names (<see cref="Simplifier.Annotation"/>) and formatting what was marked (<c>Formatter.Annotation</c>) are
    /// left to the code action, which does both on every document it changed, once, after the whole fix (a Fix All
    /// included) — doing them here too bound each changed document twice. Nothing else in the document moves.
    /// </summary>
    internal static class DocumentCleanup
    {
        /// <summary>Annotations for a type or member name the fix writes in full (<c>System.Threading.Tasks.Task</c>).</summary>
        public static readonly SyntaxAnnotation[] QualifiedName = { Simplifier.Annotation, Simplifier.AddImportsAnnotation };

        public static Task<Document> CleanUpAsync(Document document, CancellationToken cancellationToken)
            => ImportAdder.AddImportsAsync(document, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken);
    }
}
