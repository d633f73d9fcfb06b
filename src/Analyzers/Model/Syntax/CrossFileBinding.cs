using Microsoft.CodeAnalysis;

namespace QueueLint.Model.Syntax
{
    /// <summary>
    /// The one door to semantic models of files other than the one being analyzed. Rules use the model their
    /// context gives them; only the job model's per-compilation facts that span files (job code reach, central
    /// failure reporters) bind elsewhere, once per compilation. Under the analyzer driver the compilation hands
    /// out its cached semantic models, so these files are not bound twice.
    /// </summary>
    internal static class CrossFileBinding
    {
        public static SemanticModel GetSemanticModel(Compilation compilation, SyntaxTree tree)
        {
#pragma warning disable RS0030, RS1030 // The single, deliberate cross-file binding point (see above).
            return compilation.GetSemanticModel(tree);
#pragma warning restore RS0030, RS1030
        }
    }
}
