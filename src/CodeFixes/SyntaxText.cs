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
            foreach (var existing in unit.Usings)
            {
                if (existing.Name?.ToString() == ns)
                {
                    return unit;
                }
            }

            var directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(ns).WithLeadingTrivia(SyntaxFactory.Space))
                .WithTrailingTrivia(SyntaxFactory.EndOfLine(NewLine(unit.SyntaxTree.GetText())));
            var index = 0;
            while (index < unit.Usings.Count && unit.Usings[index].StaticKeyword.IsKind(SyntaxKind.None) && unit.Usings[index].Alias is null
                   && Compare(unit.Usings[index].Name?.ToString() ?? "", ns) < 0)
            {
                index++;
            }

            return unit.WithUsings(unit.Usings.Insert(index, directive));
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
            foreach (var existing in root.Usings)
            {
                if (existing.Name?.ToString() == namespaceName && existing.Alias is null && existing.StaticKeyword.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.None))
                {
                    return null;
                }
            }

            var newLine = SyntaxText.NewLine(text);
            foreach (var existing in root.Usings)
            {
                if (existing.Alias is null && existing.StaticKeyword.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.None)
                    && string.CompareOrdinal(existing.Name?.ToString(), namespaceName) > 0
                    && !(existing.Name?.ToString().StartsWith("System", System.StringComparison.Ordinal) == true && !namespaceName.StartsWith("System", System.StringComparison.Ordinal)))
                {
                    var line = text.Lines.GetLineFromPosition(existing.SpanStart);
                    return new TextChange(new TextSpan(line.Start, 0), SyntaxText.Indentation(line) + "using " + namespaceName + ";" + newLine);
                }
            }

            if (root.Usings.Count > 0)
            {
                var last = text.Lines.GetLineFromPosition(root.Usings[root.Usings.Count - 1].Span.End);
                return new TextChange(new TextSpan(last.EndIncludingLineBreak, 0), SyntaxText.Indentation(last) + "using " + namespaceName + ";" + newLine);
            }

            return new TextChange(new TextSpan(0, 0), "using " + namespaceName + ";" + newLine + newLine);
        }
    }
}
