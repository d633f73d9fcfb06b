using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace QueueLint.Model.Syntax
{
    /// <summary>
    /// Which source locations are generated code, decided as Roslyn decides it for an analyzer that does not analyze
    /// generated code: the file (<c>generated_code</c> in <c>.editorconfig</c>; else a generated file name such as
    /// <c>*.g.cs</c> or <c>*.designer.cs</c>, or an <c>&lt;auto-generated&gt;</c> comment at the top), a
    /// <c>#line hidden</c> region, or a declaration marked <c>[GeneratedCode]</c> (on any part of a partial
    /// declaration, or on an enclosing type).
    /// </summary>
    /// <remarks>
    /// Every rule reports through this filter (<see cref="Reporting"/>) and tells Roslyn to keep diagnostics in
    /// generated code (<see cref="GeneratedCodeAnalysisFlags.ReportDiagnostics"/>, without <c>Analyze</c>: Roslyn
    /// still never runs the rules on generated files). Roslyn's own filter looks for <c>[GeneratedCode]</c> by
    /// walking every token of each file that has a finding; this one reads once per file whether its text can mark a
    /// declaration at all, then looks only at the declarations that enclose the finding, and binds only when one of them
    /// is partial or carries an attribute of that name, or of an alias that some using directive of the compilation
    /// gives it (<c>using Gen = System.CodeDom.Compiler.GeneratedCodeAttribute;</c>). An attribute name spelled with a
    /// Unicode escape (<c>\u0047eneratedCode</c>) is not recognized.
    /// </remarks>
    internal sealed class GeneratedCode
    {
        private static readonly ConditionalWeakTable<Compilation, GeneratedCode> s_instances = new();
        private static readonly ConditionalWeakTable<Compilation, GeneratedCode>.CreateValueCallback s_create = c => new GeneratedCode(c, JobModel.Get(c).Symbols.GeneratedCodeAttribute);

        private static readonly char[] s_separators = { '/', '\\' };

        // Lines are hidden only from a #line hidden on (other directives, such as #pragma, hide nothing).
        // A file without the word cannot hide lines: its text is read much faster than its directives are found.
        private static readonly TextFilter s_hiddenWord = new(new[] { "hidden" });

        private static readonly Func<DirectiveTriviaSyntax, bool> s_hidesLines = directive => directive is LineDirectiveTriviaSyntax { Line.RawKind: (int)SyntaxKind.HiddenKeyword };

        private readonly Compilation _compilation;
        private readonly ConcurrentDictionary<SyntaxTree, FileFacts> _files = new();
        private readonly INamedTypeSymbol? _attribute;
        private readonly ConcurrentDictionary<SyntaxNode, bool> _declarations = new();
        private HashSet<string>? _aliases;
        private TextFilter? _markFilter;

        private GeneratedCode(Compilation compilation, INamedTypeSymbol? attribute)
        {
            _compilation = compilation;
            _attribute = attribute;
        }

        public static GeneratedCode Get(Compilation compilation) => s_instances.GetValue(compilation, s_create);

        /// <summary>Whether a diagnostic at <paramref name="location"/> is in generated code and must not be reported.</summary>
        public bool Contains(Location location, AnalyzerOptions options, CancellationToken cancellationToken)
            => location.SourceTree is { } tree && Contains(tree, GetFacts(tree, options, cancellationToken), location.SourceSpan, cancellationToken);

        /// <summary>What <paramref name="tree"/> can hold of generated code, read once per file.</summary>
        public FileFacts GetFacts(SyntaxTree tree, AnalyzerOptions options, CancellationToken cancellationToken)
            => _files.TryGetValue(tree, out var file) ? file : _files.GetOrAdd(tree, GetFileFacts(tree, options, cancellationToken));

        /// <summary>Whether <paramref name="span"/> of <paramref name="tree"/>, whose facts are <paramref name="file"/>, is generated code.</summary>
        public bool Contains(SyntaxTree tree, FileFacts file, Microsoft.CodeAnalysis.Text.TextSpan span, CancellationToken cancellationToken)
        {
            if ((file & FileFacts.Generated) != 0)
            {
                return true;
            }

            return ((file & FileFacts.MayHideLines) != 0 && tree.GetLineVisibility(span.Start, cancellationToken) == LineVisibility.Hidden)
                || ((file & FileFacts.MayMarkDeclarations) != 0 && InGeneratedDeclaration(tree, span, cancellationToken));
        }

        /// <summary>
        /// What a file can hold of generated code, read once per file so that a finding in ordinary code costs a lookup:
        /// lines are hidden only under a <c>#line hidden</c> directive, and a declaration is marked only where the file's
        /// text names the attribute (or an alias of it) or declares something <c>partial</c>.
        /// </summary>
        private FileFacts GetFileFacts(SyntaxTree tree, AnalyzerOptions options, CancellationToken cancellationToken)
        {
            if (IsGeneratedFile(tree, options, cancellationToken))
            {
                return FileFacts.Generated;
            }

            var facts = FileFacts.None;
            var root = tree.GetRoot(cancellationToken);
            if (root.ContainsDirectives
                && s_hiddenWord.MayContain(tree.GetText(cancellationToken))
                && root is CSharpSyntaxNode csharp
                && csharp.GetFirstDirective(s_hidesLines) is not null)
            {
                facts |= FileFacts.MayHideLines;
            }

            if (GetMarkFilter(cancellationToken).MayContain(tree.GetText(cancellationToken)))
            {
                facts |= FileFacts.MayMarkDeclarations;
            }

            return facts;
        }

        /// <summary>The words without which no declaration of a file can be marked: the attribute's names, its aliases, <c>partial</c>.</summary>
        private TextFilter GetMarkFilter(CancellationToken cancellationToken)
        {
            if (_markFilter is { } known)
            {
                return known;
            }

            var words = new List<string> { "GeneratedCode", "partial" };
            words.AddRange(GetAliases(cancellationToken));
            var filter = new TextFilter(words);
            return Interlocked.CompareExchange(ref _markFilter, filter, null) ?? filter;
        }

        /// <summary>Roslyn's file-level rule: the <c>generated_code</c> option wins, then the file's name and header.</summary>
        private static bool IsGeneratedFile(SyntaxTree tree, AnalyzerOptions options, CancellationToken cancellationToken)
        {
            if (options.AnalyzerConfigOptionsProvider.GetOptions(tree).TryGetValue("generated_code", out var configured)
                && bool.TryParse(configured, out var marked))
            {
                return marked;
            }

            return HasGeneratedFileName(tree.FilePath) || BeginsWithAutoGeneratedComment(tree.GetRoot(cancellationToken));
        }

        private static bool HasGeneratedFileName(string? path)
        {
            if (string.IsNullOrEmpty(path))
            {
                return false;
            }

            var name = path!.Substring(path.LastIndexOfAny(s_separators) + 1);
            if (name.StartsWith("TemporaryGeneratedFile_", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            var dot = name.LastIndexOf('.');
            if (dot <= 0)
            {
                return false;
            }

            var stem = name.Substring(0, dot);
            return stem.EndsWith(".designer", StringComparison.OrdinalIgnoreCase)
                || stem.EndsWith(".generated", StringComparison.OrdinalIgnoreCase)
                || stem.EndsWith(".g", StringComparison.OrdinalIgnoreCase)
                || stem.EndsWith(".g.i", StringComparison.OrdinalIgnoreCase);
        }

        private static bool BeginsWithAutoGeneratedComment(SyntaxNode root)
        {
            if (!root.HasLeadingTrivia)
            {
                return false;
            }

            foreach (var trivia in root.GetLeadingTrivia())
            {
                if (trivia.IsKind(SyntaxKind.SingleLineCommentTrivia) || trivia.IsKind(SyntaxKind.MultiLineCommentTrivia))
                {
                    var text = trivia.ToString();
                    if (text.IndexOf("<autogenerated", StringComparison.Ordinal) >= 0 || text.IndexOf("<auto-generated", StringComparison.Ordinal) >= 0)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private bool InGeneratedDeclaration(SyntaxTree tree, Microsoft.CodeAnalysis.Text.TextSpan span, CancellationToken cancellationToken)
        {
            for (var node = tree.GetRoot(cancellationToken).FindToken(span.Start).Parent; node is not null; node = node.Parent)
            {
                if (node is MemberDeclarationSyntax member
                    && (MayBeMarked(member, cancellationToken) || member.Modifiers.Any(SyntaxKind.PartialKeyword))
                    && IsMarked(member, cancellationToken))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Whether the declaration itself carries an attribute named <c>GeneratedCode</c>, or named by an alias of it.</summary>
        private bool MayBeMarked(MemberDeclarationSyntax member, CancellationToken cancellationToken)
        {
            foreach (var list in member.AttributeLists)
            {
                foreach (var attribute in list.Attributes)
                {
                    var name = SyntaxNames.Rightmost(attribute.Name);
                    if (name is "GeneratedCode" or "GeneratedCodeAttribute" || GetAliases(cancellationToken).Contains(name))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// The aliases that the compilation's using directives (of a file, a namespace, or global) give to a type named
        /// <c>GeneratedCode</c> or <c>GeneratedCodeAttribute</c>: read once, from the directives only, the first time a
        /// declaration with attributes encloses a finding.
        /// </summary>
        private HashSet<string> GetAliases(CancellationToken cancellationToken)
        {
            if (_aliases is { } known)
            {
                return known;
            }

            var aliases = new HashSet<string>(StringComparer.Ordinal);
            foreach (var tree in _compilation.SyntaxTrees)
            {
                if (tree.GetRoot(cancellationToken) is CompilationUnitSyntax unit)
                {
                    AddAliases(unit.Usings, unit.Members, aliases);
                }
            }

            return Interlocked.CompareExchange(ref _aliases, aliases, null) ?? aliases;
        }

        private static void AddAliases(SyntaxList<UsingDirectiveSyntax> usings, SyntaxList<MemberDeclarationSyntax> members, HashSet<string> aliases)
        {
            foreach (var directive in usings)
            {
                if (directive.Alias is { } alias
                    && directive.NamespaceOrType is { } target
                    && SyntaxNames.Rightmost(target) is "GeneratedCode" or "GeneratedCodeAttribute")
                {
                    aliases.Add(alias.Name.Identifier.ValueText);
                }
            }

            foreach (var member in members)
            {
                if (member is BaseNamespaceDeclarationSyntax ns)
                {
                    AddAliases(ns.Usings, ns.Members, aliases);
                }
            }
        }

        /// <summary>Whether the symbol declared by <paramref name="member"/> (any of its parts) carries <c>[GeneratedCode]</c>.</summary>
        private bool IsMarked(MemberDeclarationSyntax member, CancellationToken cancellationToken)
        {
            if (_declarations.TryGetValue(member, out var marked))
            {
                return marked;
            }

            marked = false;
            if (_attribute is not null)
            {
                var model = CrossFileBinding.GetSemanticModel(_compilation, member.SyntaxTree);
                var symbol = member is BaseFieldDeclarationSyntax field && field.Declaration.Variables.Count > 0
                    ? model.GetDeclaredSymbol(field.Declaration.Variables[0], cancellationToken)
                    : model.GetDeclaredSymbol(member, cancellationToken);
                if (symbol is not null)
                {
                    foreach (var data in symbol.GetAttributes())
                    {
                        if (SymbolEqualityComparer.Default.Equals(data.AttributeClass, _attribute))
                        {
                            marked = true;
                            break;
                        }
                    }
                }
            }

            return _declarations.GetOrAdd(member, marked);
        }

        [Flags]
        public enum FileFacts : byte
        {
            None = 0,
            Generated = 1,
            MayHideLines = 2,
            MayMarkDeclarations = 4,
        }
    }
}
