using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using QueueLint.Model;
using QueueLint.Tests.Verifiers;

namespace QueueLint.Tests.Model
{
    /// <summary>
    /// Subtypes found by name (what an IDE keystroke pays for) are those the pass over every type finds: through chains
    /// of source types, local and global using aliases, partial declarations, generic bases and qualified names.
    /// </summary>
    public class SourceTypesTests
    {
        private static Compilation Compile(params string[] sources)
        {
            var compilation = CSharpCompilation.Create(
                "Snippet",
                sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.CSharp12), path: "File" + i + ".cs")),
                SnippetReferences.Frameworks,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
            var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
            Assert.True(errors.Length == 0, string.Join("\n", errors.Select(e => e.ToString())));
            return compilation;
        }

        private static string[] SubtypesOf(Compilation compilation, string metadataName)
            => JobModel.Get(compilation).SourceTypes.GetSubtypes(compilation.GetTypeByMetadataName(metadataName)!)
                .Select(t => t.ToDisplayString()).OrderBy(n => n, System.StringComparer.Ordinal).ToArray();

        private static string[] AllTypesSubtypesOf(Compilation compilation, string metadataName)
        {
            var type = compilation.GetTypeByMetadataName(metadataName)!;
            return JobModel.Get(compilation).SourceTypes.Types
                .Where(t => t.Interfaces.Contains(type, SymbolEqualityComparer.Default) || BaseTypes(t.Symbol).Contains(type, SymbolEqualityComparer.Default))
                .Select(t => t.Symbol.ToDisplayString()).OrderBy(n => n, System.StringComparer.Ordinal).ToArray();
        }

        private static System.Collections.Generic.IEnumerable<INamedTypeSymbol> BaseTypes(INamedTypeSymbol type)
        {
            for (var current = type.BaseType; current is not null; current = current.BaseType)
            {
                yield return current.OriginalDefinition;
            }
        }

        [Fact]
        public void Subtypes_are_found_through_chains_aliases_partials_and_generic_bases()
        {
            var compilation = Compile(
                """
                global using Runner = App.IRunner;

                namespace App
                {
                    public interface IRunner { void Run(); }
                    public interface IBatchRunner : IRunner { }
                    public abstract class RunnerBase<T> : IBatchRunner { public abstract void Run(); }
                    public class OrderRunner : RunnerBase<int> { public override void Run() { } }
                    public partial class Split { }
                    public struct ValueRunner : App.IRunner { public void Run() { } }
                    public class Outer { public class Nested : Runner { public void Run() { } } }
                    public class Unrelated { }
                }
                """,
                """
                using Job = App.RunnerBase<string>;

                namespace App.Other
                {
                    public class AliasedRunner : Job { public override void Run() { } }
                    public class FromAliased : AliasedRunner { }
                }

                namespace App
                {
                    public partial class Split : IRunner { public void Run() { } }
                }
                """);

            var expected = new[]
            {
                "App.OrderRunner", "App.Other.AliasedRunner", "App.Other.FromAliased", "App.Outer.Nested", "App.RunnerBase<T>",
                "App.Split", "App.ValueRunner",
            };
            Assert.Equal(expected, SubtypesOf(compilation, "App.IRunner"));
            Assert.Equal(expected, AllTypesSubtypesOf(compilation, "App.IRunner"));
            Assert.Equal(new[] { "App.OrderRunner", "App.Other.AliasedRunner", "App.Other.FromAliased" }, SubtypesOf(compilation, "App.RunnerBase`1"));
            Assert.Empty(SubtypesOf(compilation, "App.Unrelated"));
        }
    }
}
