using System;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using QueueLint.Model.Jobs;
using QueueLint.Model.Syntax;

namespace QueueLint.Tests.Model
{
    /// <summary>The one walk of a file that every search shares: what it keeps, in which order, and on what code.</summary>
    public class FileSyntaxTests
    {
        private const string Source = """
            using System;
            using System.Collections.Generic;
            using System.Threading.Tasks;

            [AttributeUsage(AttributeTargets.All)]
            public sealed class MarkAttribute : Attribute { public MarkAttribute(string name) { } }

            public record Base(int Value);

            public record Derived(int Value) : Base(Compute(Value))
            {
                private static int Compute(int value) => Math.Abs(value);
            }

            public class Jobs<T> : IDisposable where T : class, new()
            {
                private readonly List<int> _items = new() { 1, 2 };
                private (int Id, string Name) _pair = (1, Describe("x"));

                [Mark(nameof(Run))]
                public async Task Run([Mark(nameof(Run))] int id = 3, Func<int, int>? map = null)
                {
                    map ??= x => x + Describe("y").Length;
                    for (var i = 0; i < id; i++)
                    {
                        try
                        {
                            await Task.Delay(map(i));
                        }
                        catch (TimeoutException)
                        {
                            Local(i);
                        }
                    }

                    void Local(int attempt) => Console.WriteLine(new Dictionary<string, int> { ["a"] = attempt });
                }

                public int this[int index] { get => _items[index]; set => _items[index] = value; }

                private static string Describe(string text) => text.Trim();

                public void Dispose() => _items.Clear();
            }
            """;

        [Fact]
        public void The_walk_keeps_every_node_a_search_reads_in_document_order_and_nothing_from_parameters_or_attribute_arguments()
        {
            var tree = CSharpSyntaxTree.ParseText(Source, new CSharpParseOptions(LanguageVersion.CSharp12));
            var root = tree.GetRoot();
            var file = FileSyntax.Get(tree, CancellationToken.None);

            // Parameter lists, attribute arguments, base types and type parameters hold only names, constants, typeof
            // and nameof: the nameof calls there are the only calls the walk leaves out.
            static bool InSkippedPart(SyntaxNode node)
                => node.Ancestors().Any(a => a is ParameterListSyntax or BracketedParameterListSyntax or AttributeArgumentListSyntax or SimpleBaseTypeSyntax or TypeParameterListSyntax);

            var expectedCalls = root.DescendantNodes().OfType<InvocationExpressionSyntax>().Where(n => !InSkippedPart(n)).ToArray();
            Assert.Equal(expectedCalls, file.Invocations.ToArray());
            Assert.Equal(
                new[] { "Compute", "Abs", "Describe", "Describe", "Delay", "map", "Local", "WriteLine", "Trim", "Clear" },
                file.InvokedNames.ToArray());
            Assert.All(
                root.DescendantNodes().OfType<InvocationExpressionSyntax>().Where(InSkippedPart),
                call => Assert.Equal("nameof", ((IdentifierNameSyntax)call.Expression).Identifier.ValueText));

            var searched = root.DescendantNodes().Where(n => n is InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax or AttributeSyntax
                or AssignmentExpressionSyntax or WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CatchClauseSyntax
                || n.IsKind(SyntaxKind.CollectionInitializerExpression));
            Assert.Equal(searched.Where(n => !InSkippedPart(n)).ToArray(), file.Nodes.ToArray());

            // A parameter's attribute is read by no search: it is the one attribute left out.
            Assert.Equal(2, file.Nodes.Count(n => n is AttributeSyntax));
            Assert.Equal(3, root.DescendantNodes().OfType<AttributeSyntax>().Count());

            var jobCodeKinds = root.DescendantNodes().Where(n => JobCodeSyntax.Reads(n.RawKind) || n is LocalDeclarationStatementSyntax or UsingStatementSyntax);
            Assert.Equal(jobCodeKinds.Where(n => !InSkippedPart(n)).ToArray(), file.JobCodeNodes.ToArray());
            Assert.Equal(file.JobCodeNodes.Select(n => n.SpanStart).ToArray(), file.JobCodeInfo.Select(i => i.Start).ToArray());

            // A call among the job-code nodes knows its place among the file's calls; an anonymous function, where it ends.
            Assert.Equal(
                file.JobCodeNodes.Select(n => n is InvocationExpressionSyntax call ? Array.IndexOf(file.Invocations.ToArray(), call) : -1).ToArray(),
                file.JobCodeInfo.Select(i => i.InvocationIndex).ToArray());
            Assert.Equal(
                file.JobCodeNodes.Select(n => n is AnonymousFunctionExpressionSyntax ? n.Span.End : 0).ToArray(),
                file.JobCodeInfo.Select(i => i.FunctionEnd).ToArray());
            Assert.Contains(file.JobCodeInfo, i => i.InvocationIndex > 0);
            Assert.Contains(file.JobCodeInfo, i => i.FunctionEnd > 0);
        }

        /// <summary>
        /// Every optional part of the kinds whose children the walk reads from their properties, in code that is unusual
        /// or does not compile (attributes on statements, a fixed-size buffer, a method cut off while typed).
        /// </summary>
        private const string Unusual = """
            [assembly: Mark(nameof(Outer))]
            [Mark("namespace")]
            namespace Outer
            {
                using System;
                extern alias Other;

                [Mark("type")]
                public unsafe class Jobs(int seed) : Base(Seed(seed)), IJob
                {
                    [Mark("field")] private int _a = Seed(1), _b = Seed(2);
                    private fixed int _buffer[Seed(3)];

                    [return: Mark("method")]
                    async System.Threading.Tasks.Task IJob.Run()
                    {
                        [Mark("statement")] Call(name: Seed(4), value: await Get());
                        [Mark("local")] var x = new Jobs(Seed(5)) { Value = Seed(6) }, y = Seed(7);
                        Func<int, int> f = [Mark("lambda")] i => { return Seed(i); };
                        Func<int, int> g = static async i => await Get(i);
                        [Mark("return")] return Seed(8).Member.Call();
                        [Mark("block")] { Seed(9); }
                    }

                    int Broken() => Seed(
                    void Cut(
                }
            }

            namespace Plain;
            class After { int Value = Seed(10); }
            """;

        [Fact]
        public void The_walk_keeps_the_same_nodes_in_unusual_and_broken_code()
        {
            var tree = CSharpSyntaxTree.ParseText(Unusual, new CSharpParseOptions(LanguageVersion.CSharp12));
            var root = tree.GetRoot();
            var file = FileSyntax.Get(tree, CancellationToken.None);

            // What the walk does not enter: the kinds that hold only names, constants, typeof and nameof.
            static bool Entered(SyntaxNode node)
                => node is not (SimpleNameSyntax or QualifiedNameSyntax or AliasQualifiedNameSyntax or PredefinedTypeSyntax or NullableTypeSyntax
                    or LiteralExpressionSyntax or ThisExpressionSyntax or BaseExpressionSyntax or UsingDirectiveSyntax or ParameterListSyntax
                    or BracketedParameterListSyntax or SimpleBaseTypeSyntax or TypeParameterListSyntax or TypeParameterConstraintClauseSyntax
                    or AttributeArgumentListSyntax or TupleTypeSyntax);

            var entered = root.DescendantNodes(Entered).ToArray();
            Assert.Equal(entered.OfType<InvocationExpressionSyntax>().ToArray(), file.Invocations.ToArray());
            Assert.Equal(
                new[] { "Seed(seed)", "Seed(1)", "Seed(2)", "Seed(3)", "Seed(4)", "Seed(5)", "Seed(6)", "Seed(7)", "Seed(i)", "Seed(8)", "Seed(9)", "Seed(10)" },
                file.Invocations.Where(i => i.Expression.ToString() == "Seed" && i.ArgumentList.Arguments.Count == 1).Select(i => i.ToString()));
            Assert.Equal(
                entered.Where(n => n is InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax or AttributeSyntax or AssignmentExpressionSyntax
                    or WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CatchClauseSyntax || n.IsKind(SyntaxKind.CollectionInitializerExpression)).ToArray(),
                file.Nodes.ToArray());
            Assert.Equal(
                entered.Where(n => JobCodeSyntax.Reads(n.RawKind) || n is LocalDeclarationStatementSyntax or UsingStatementSyntax).ToArray(),
                file.JobCodeNodes.ToArray());
            Assert.Equal(10, file.Nodes.Count(n => n is AttributeSyntax));
        }

        [Fact]
        public void The_walk_reaches_the_bottom_of_a_very_deep_expression_without_recursing()
        {
            // 20,000 nested additions: a walk that recursed once per level would run out of stack.
            var text = new StringBuilder("class C { int M() => 0");
            for (var i = 0; i < 20_000; i++)
            {
                text.Append(" + N(").Append(i).Append(')');
            }

            text.Append("; int N(int i) => i; }");
            var tree = CSharpSyntaxTree.ParseText(text.ToString());

            var file = FileSyntax.Get(tree, CancellationToken.None);

            Assert.Equal(20_000, file.Invocations.Length);
            Assert.Equal("N", file.InvokedNames[0]);

            // The next file walked on the same thread starts from an empty, small stack.
            var small = FileSyntax.Get(CSharpSyntaxTree.ParseText("class D { void M() { System.Console.WriteLine(); } }"), CancellationToken.None);
            Assert.Single(small.Invocations.ToArray());
        }
    }
}
