using System.Collections.Generic;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace QueueLint.CodeFixes
{
    /// <summary>Small text helpers the fixers share: new names and the document's own line endings.</summary>
    internal static class SyntaxText
    {
        /// <summary><paramref name="name"/>, or <c>name2</c>, <c>name3</c>... whichever is not yet used; the result is marked used.</summary>
        public static string UniqueName(string name, HashSet<string> used)
        {
            var candidate = name;
            for (var i = 2; !used.Add(candidate); i++)
            {
                candidate = name + i.ToString(CultureInfo.InvariantCulture);
            }

            return candidate;
        }

        /// <summary>The line break the document uses (that of <paramref name="line"/> when it has one).</summary>
        public static string NewLine(SourceText text, TextLine? line = null)
        {
            if (line is { } known && known.EndIncludingLineBreak > known.End)
            {
                return text.ToString(TextSpan.FromBounds(known.End, known.EndIncludingLineBreak));
            }

            foreach (var candidate in text.Lines)
            {
                if (candidate.EndIncludingLineBreak > candidate.End)
                {
                    return text.ToString(TextSpan.FromBounds(candidate.End, candidate.EndIncludingLineBreak));
                }
            }

            return "\n";
        }

        /// <summary>The file with <c>using <paramref name="ns"/>;</c>, in order among its usings (System ones first).</summary>
        public static CompilationUnitSyntax AddUsing(CompilationUnitSyntax unit, string ns)
        {
            if (UsingInsertIndex(unit, ns) is not { } index)
            {
                return unit;
            }

            var directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(ns).WithLeadingTrivia(SyntaxFactory.Space))
                .WithTrailingTrivia(SyntaxFactory.EndOfLine(NewLine(unit.SyntaxTree.GetText())));
            return unit.WithUsings(unit.Usings.Insert(index, directive));
        }

        /// <summary>
        /// Where <c>using <paramref name="ns"/>;</c> goes among the file's plain usings (System ones first, then in
        /// order), or null when the file has it already.
        /// </summary>
        public static int? UsingInsertIndex(CompilationUnitSyntax unit, string ns)
        {
            var index = unit.Usings.Count;
            for (var i = unit.Usings.Count - 1; i >= 0; i--)
            {
                var existing = unit.Usings[i];
                if (existing.Alias is not null || !existing.StaticKeyword.IsKind(SyntaxKind.None))
                {
                    continue;
                }

                var name = existing.Name?.ToString() ?? "";
                if (name == ns)
                {
                    return null;
                }

                if (Compare(name, ns) > 0)
                {
                    index = i;
                }
            }

            return index;
        }

        private static int Compare(string a, string b)
        {
            var aSystem = a == "System" || a.StartsWith("System.", System.StringComparison.Ordinal);
            var bSystem = b == "System" || b.StartsWith("System.", System.StringComparison.Ordinal);
            return aSystem != bSystem ? (aSystem ? -1 : 1) : string.CompareOrdinal(a, b);
        }

        /// <summary>The whitespace that starts <paramref name="line"/>.</summary>
        public static string Indentation(TextLine line)
        {
            var text = line.ToString();
            return text.Substring(0, text.Length - text.TrimStart().Length);
        }

        /// <summary>A change adding <c>using <paramref name="namespaceName"/>;</c> among the file's usings, in order.</summary>
        public static TextChange? AddUsing(CompilationUnitSyntax root, SourceText text, string namespaceName)
        {
            if (UsingInsertIndex(root, namespaceName) is not { } index)
            {
                return null;
            }

            var newLine = NewLine(text);
            if (index < root.Usings.Count)
            {
                var line = text.Lines.GetLineFromPosition(root.Usings[index].SpanStart);
                return new TextChange(new TextSpan(line.Start, 0), Indentation(line) + "using " + namespaceName + ";" + newLine);
            }

            if (root.Usings.Count > 0)
            {
                var last = text.Lines.GetLineFromPosition(root.Usings[root.Usings.Count - 1].Span.End);
                return new TextChange(new TextSpan(last.EndIncludingLineBreak, 0), Indentation(last) + "using " + namespaceName + ";" + newLine);
            }

            return new TextChange(new TextSpan(0, 0), "using " + namespaceName + ";" + newLine + newLine);
        }
    }
}
