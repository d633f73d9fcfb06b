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
        [Fact]
        public void An_edit_finds_the_subtypes_and_overrides_of_referenced_types_a_build_finds()
        {
            var library = CSharpCompilation.Create(
                "Lib",
                new[] { CSharpSyntaxTree.ParseText("namespace Lib { public abstract class Handler : System.IDisposable { public abstract void Dispose(); public virtual void Handle() { } } public abstract class Middle : Handler { } }") },
                SnippetReferences.Frameworks,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            var deeper = CSharpCompilation.Create(
                "Lib2",
                new[] { CSharpSyntaxTree.ParseText("namespace Lib2 { public abstract class Deeper : Lib.Middle { } }") },
                SnippetReferences.Frameworks.Add(library.ToMetadataReference()),
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            var references = SnippetReferences.Frameworks.Add(library.ToMetadataReference()).Add(deeper.ToMetadataReference());
            var options = new CSharpParseOptions(LanguageVersion.CSharp12);
            var sources = new[]
            {
                "namespace App { public class Direct : Lib.Middle { public override void Dispose() { } public override void Handle() { } public override string ToString() => \"d\"; } }",
                "namespace App { public class Through : Lib2.Deeper { public override void Dispose() { } } public record Waypoint(int X); public struct Plain : System.IDisposable { public void Dispose() { } } }",
            };
            var build = CSharpCompilation.Create("Snippet", sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, options, path: $"File{i}.cs")), references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            Assert.Empty(build.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            Assert.False(JobModel.Get(build).IsEdit);
            var edit = build.AddSyntaxTrees(CSharpSyntaxTree.ParseText("public class Typed { }", options, path: "File2.cs"));
            Assert.True(JobModel.Get(edit).AnswersByReach);

            string[] Subtypes(Compilation compilation, string metadataName)
                => JobModel.Get(compilation).SourceTypes.GetSubtypesOfReferenced(compilation.GetTypeByMetadataName(metadataName)!)
                    .Select(t => t.ToDisplayString()).OrderBy(n => n, System.StringComparer.Ordinal).ToArray();
            string[] Implementations(Compilation compilation, string metadataName, string method)
                => JobModel.Get(compilation).SourceTypes.GetImplementations(compilation.GetTypeByMetadataName(metadataName)!.GetMembers(method).OfType<IMethodSymbol>().First())
                    .Select(m => m.ToDisplayString()).OrderBy(n => n, System.StringComparer.Ordinal).ToArray();

            Assert.Equal(new[] { "App.Direct", "App.Through" }, Subtypes(edit, "Lib.Handler"));
            // A class implements an interface member through its base's (Lib.Handler.Dispose, not this compilation's), which it overrides.
            Assert.Equal(new[] { "App.Plain.Dispose()" }, Implementations(edit, "System.IDisposable", "Dispose"));
            Assert.Equal(new[] { "App.Direct.Dispose()", "App.Through.Dispose()" }, Implementations(edit, "Lib.Handler", "Dispose"));
            Assert.Equal(new[] { "App.Direct.Handle()" }, Implementations(edit, "Lib.Handler", "Handle"));
            Assert.Contains("App.Waypoint.Equals(App.Waypoint?)", Implementations(edit, "System.IEquatable`1", "Equals"));

            // Asked last: object's overrides are found from every source type, which answers every later question.
            Assert.Contains("App.Direct.ToString()", Implementations(edit, "System.Object", "ToString"));
            foreach (var (type, method) in new[] { ("System.IDisposable", "Dispose"), ("Lib.Handler", "Dispose"), ("Lib.Handler", "Handle"), ("System.Object", "ToString"), ("System.IEquatable`1", "Equals") })
            {
                Assert.Equal(Implementations(build, type, method), Implementations(edit, type, method));
            }

            Assert.Equal(Subtypes(build, "Lib.Handler"), Subtypes(edit, "Lib.Handler"));
        }
    }
}
