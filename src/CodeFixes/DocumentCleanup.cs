using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace QueueLint.CodeFixes
{
    /// <summary>
    /// The last step of a fix that wrote fully qualified names: adds the <c>using</c> directives they need, shortens
    /// them, and formats what was marked for formatting — nothing else in the document moves.
    /// </summary>
    internal static class DocumentCleanup
    {
        /// <summary>Annotations for a type or member name the fix writes in full (<c>System.Threading.Tasks.Task</c>).</summary>
        public static readonly SyntaxAnnotation[] QualifiedName = { Simplifier.Annotation, Simplifier.AddImportsAnnotation };

        public static async Task<Document> CleanUpAsync(Document document, CancellationToken cancellationToken)
        {
            document = await ImportAdder.AddImportsAsync(document, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
            document = await Simplifier.ReduceAsync(document, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
            return await Formatter.FormatAsync(document, Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }
}
