using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using QueueLint.Model;

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
