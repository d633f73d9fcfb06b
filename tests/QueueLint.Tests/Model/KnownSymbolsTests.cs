using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using QueueLint.Model;
using QueueLint.Tests.Verifiers;

namespace QueueLint.Tests.Model
{
    /// <summary>
    /// The framework types are found assembly by assembly: each must be the type that
    /// <see cref="Compilation.GetTypeByMetadataName(string)"/> finds for its name, including when a name is declared
    /// twice, in source, in a referenced project or only through an extern alias, and none it finds may be missed; what a
    /// list of referenced assemblies declares is shared by the compilations with that list, and only by them.
    /// </summary>
    public class KnownSymbolsTests
    {
        [Fact]
        public void Every_type_found_is_the_one_GetTypeByMetadataName_finds()
        {
            var compilation = Compile("public class Ordinary { }");
            var symbols = new KnownSymbols(compilation);

            var found = Types(symbols);
            Assert.True(found.Length > 40, $"only {found.Length} framework types were found");
            foreach (var type in found)
            {
                if (SymbolEqualityComparer.Default.Equals(type, symbols.LoggerExtensions))
                {
                    // The one deliberate difference: the WebJobs host declares a LoggerExtensions of its own, so the name
                    // is ambiguous and the compiler answers none; the model takes the logging abstractions' own.
                    Assert.Null(compilation.GetTypeByMetadataName(MetadataName(type)));
                    Assert.Equal<ISymbol?>(symbols.ILogger!.ContainingAssembly, type.ContainingAssembly, SymbolEqualityComparer.Default);
                    continue;
                }

                Assert.Equal<ISymbol>(compilation.GetTypeByMetadataName(MetadataName(type)), type, SymbolEqualityComparer.Default);
            }
        }

        [Fact]
        public void Every_name_GetTypeByMetadataName_finds_is_found()
        {
            var compilation = Compile("public class Ordinary { }");
            var found = Types(new KnownSymbols(compilation)).Select(MetadataName).ToHashSet();
            var source = File.ReadAllText(RepositoryPaths.Combine("src", "Analyzers", "Model", "KnownSymbols.cs"));
            var names = Regex.Matches(source, @"types\.Find\(""([^""]+)""\)").Select(m => m.Groups[1].Value).ToArray();

            Assert.True(names.Length > 60, $"only {names.Length} names were read from KnownSymbols.cs");
            var missed = names.Where(name => compilation.GetTypeByMetadataName(name) is not null && !found.Contains(name)).ToArray();
            Assert.Empty(missed);
        }

        [Fact]
        public void A_name_declared_in_source_is_decided_as_GetTypeByMetadataName_decides()
        {
            var compilation = Compile("namespace Quartz { public interface IJob { } }");
            var symbols = new KnownSymbols(compilation);

            Assert.Equal<ISymbol?>(compilation.GetTypeByMetadataName("Quartz.IJob"), symbols.QuartzIJob, SymbolEqualityComparer.Default);
        }

        [Fact]
        public void A_name_declared_twice_is_decided_as_GetTypeByMetadataName_decides()
        {
            var compilation = Compile("namespace Hangfire { public class BackgroundJob { } }");
            var symbols = new KnownSymbols(compilation);

            Assert.Equal<ISymbol?>(compilation.GetTypeByMetadataName("Hangfire.BackgroundJob"), symbols.HangfireBackgroundJob, SymbolEqualityComparer.Default);
        }

        [Fact]
        public void A_framework_referenced_only_through_an_extern_alias_is_decided_as_GetTypeByMetadataName_decides()
        {
            var references = SnippetReferences.Frameworks.Select(r => r.Display?.Contains("Hangfire.Core", System.StringComparison.Ordinal) == true ? r.WithAliases(new[] { "hf" }) : r);
            var compilation = CSharpCompilation.Create("Aliased", new[] { CSharpSyntaxTree.ParseText("public class Ordinary { }") }, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            var symbols = new KnownSymbols(compilation);

            // Neither sees a type that only an extern alias names: the framework counts as not referenced.
            Assert.Contains(compilation.References, r => !r.Properties.Aliases.IsEmpty);
            Assert.Null(symbols.HangfireBackgroundJob);
            Assert.Equal<ISymbol?>(compilation.GetTypeByMetadataName("Hangfire.BackgroundJob"), symbols.HangfireBackgroundJob, SymbolEqualityComparer.Default);
        }

        [Fact]
        public void A_type_of_a_referenced_project_is_found_and_one_declared_there_too_is_decided_as_GetTypeByMetadataName_decides()
        {
            var project = CSharpCompilation.Create(
                "Project",
                new[] { CSharpSyntaxTree.ParseText("namespace Coravel.Invocable { public interface IInvocable { } } namespace Hangfire { public class BackgroundJob { } }") },
                SnippetReferences.NetOnly,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            var withCoravel = CSharpCompilation.Create("App", new[] { CSharpSyntaxTree.ParseText("public class Ordinary { }") }, SnippetReferences.NetOnly.Add(project.ToMetadataReference()), new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            var withBoth = CSharpCompilation.Create("App", new[] { CSharpSyntaxTree.ParseText("public class Ordinary { }") }, SnippetReferences.Frameworks.Add(project.ToMetadataReference()), new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

            var alone = new KnownSymbols(withCoravel);
            Assert.NotNull(alone.CoravelIInvocable);
            Assert.Equal<ISymbol?>(withCoravel.GetTypeByMetadataName("Coravel.Invocable.IInvocable"), alone.CoravelIInvocable, SymbolEqualityComparer.Default);

            // Declared in the project and in Hangfire.Core: ambiguous, decided by the compiler like any name found twice.
            var both = new KnownSymbols(withBoth);
            Assert.Equal<ISymbol?>(withBoth.GetTypeByMetadataName("Hangfire.BackgroundJob"), both.HangfireBackgroundJob, SymbolEqualityComparer.Default);
        }

        [Fact]
        public void An_edited_compilation_finds_the_same_types_and_another_reference_list_its_own()
        {
            var first = Compile("public class Ordinary { }");
            var edited = first.ReplaceSyntaxTree(first.SyntaxTrees[0], CSharpSyntaxTree.ParseText("public class Ordinary { void M() { } }"));
            var without = CSharpCompilation.Create(
                "Known",
                new[] { CSharpSyntaxTree.ParseText("public class Ordinary { }") },
                SnippetReferences.Create(package => package != "Quartz4" && package != "Hangfire.NetCore" && !package.StartsWith("Hangfire", System.StringComparison.Ordinal)),
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

            var before = new KnownSymbols(first);
            var after = new KnownSymbols(edited);
            Assert.NotNull(before.HangfireBackgroundJob);
            Assert.Same(before.HangfireBackgroundJob, after.HangfireBackgroundJob);
            Assert.Equal<ISymbol?>(edited.GetTypeByMetadataName("Hangfire.BackgroundJob"), after.HangfireBackgroundJob, SymbolEqualityComparer.Default);

            // The same first assembly, a different list: nothing found in the other list is taken.
            Assert.Null(new KnownSymbols(without).HangfireBackgroundJob);
            Assert.NotNull(new KnownSymbols(first).HangfireBackgroundJob);
        }

        private static CSharpCompilation Compile(string source)
            => CSharpCompilation.Create("Known", new[] { CSharpSyntaxTree.ParseText(source) }, SnippetReferences.Frameworks, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

        private static INamedTypeSymbol[] Types(KnownSymbols symbols)
            => typeof(KnownSymbols).GetProperties()
                .Where(p => p.PropertyType == typeof(INamedTypeSymbol))
                .Select(p => (INamedTypeSymbol?)p.GetValue(symbols))
                .Where(t => t is not null)
                .Select(t => t!)
                .ToArray();

        private static string MetadataName(INamedTypeSymbol type)
            => type.ContainingNamespace.IsGlobalNamespace ? type.MetadataName : type.ContainingNamespace.ToDisplayString() + "." + type.MetadataName;
    }
}
