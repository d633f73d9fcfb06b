using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using QueueLint.Model.Syntax;

namespace QueueLint.Model
{
    /// <summary>
    /// The one way rules report: a diagnostic in generated code (<see cref="GeneratedCode"/>) is left out, here rather
    /// than by Roslyn, whose own check walks every token of each file with a finding. Every rule configures
    /// <see cref="GeneratedCodeFlags"/>: Roslyn runs no rule on generated files and keeps what the rules report.
    /// </summary>
    internal static class Reporting
    {
        /// <summary>Generated code is not analyzed; diagnostics are filtered by <see cref="Reporting"/> instead of Roslyn.</summary>
        public const GeneratedCodeAnalysisFlags GeneratedCodeFlags = GeneratedCodeAnalysisFlags.ReportDiagnostics;

#pragma warning disable RS0030 // The single place that reports to Roslyn (see above).
        public static void Report(this SemanticModelAnalysisContext context, Diagnostic diagnostic)
        {
            if (!GeneratedCode.Get(context.SemanticModel.Compilation).Contains(diagnostic.Location, context.Options, context.CancellationToken))
            {
                context.ReportDiagnostic(diagnostic);
            }
        }

        public static void Report(this CompilationAnalysisContext context, Diagnostic diagnostic)
        {
            if (!GeneratedCode.Get(context.Compilation).Contains(diagnostic.Location, context.Options, context.CancellationToken))
            {
                context.ReportDiagnostic(diagnostic);
            }
        }

        public static void Report(this SymbolAnalysisContext context, Diagnostic diagnostic)
        {
            if (!GeneratedCode.Get(context.Compilation).Contains(diagnostic.Location, context.Options, context.CancellationToken))
            {
                context.ReportDiagnostic(diagnostic);
            }
        }

        /// <summary>
        /// A report delegate for a file's semantic model action, to hand to the rules of that file. What the file can
        /// hold of generated code is read on its first finding and kept for the others.
        /// </summary>
        public static Action<Diagnostic> ReportFor(SemanticModelAnalysisContext context)
        {
            var generated = GeneratedCode.Get(context.SemanticModel.Compilation);
            var tree = context.SemanticModel.SyntaxTree;
            var options = context.Options;
            var cancellationToken = context.CancellationToken;

            // The context is called from the closure: a delegate to a method of the context (a struct) would box a copy of
            // it and go through the runtime's slow path for delegates to value-type methods, once per file and rule.
            GeneratedCode.FileFacts? facts = null;
            return diagnostic =>
            {
                var location = diagnostic.Location;
                bool inGeneratedCode;
                if (location.SourceTree == tree)
                {
                    facts ??= generated.GetFacts(tree, options, cancellationToken);
                    inGeneratedCode = generated.Contains(tree, facts.Value, location.SourceSpan, cancellationToken);
                }
                else
                {
                    inGeneratedCode = generated.Contains(location, options, cancellationToken);
                }

                if (!inGeneratedCode)
                {
                    context.ReportDiagnostic(diagnostic);
                }
            };
        }
#pragma warning restore RS0030
    }
}
