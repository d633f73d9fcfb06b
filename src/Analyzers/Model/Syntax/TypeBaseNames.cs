using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace QueueLint.Model.Syntax
{
    /// <summary>
    /// The type declarations of one file that have a base list, each with the simple names its base list names
    /// (<c>class OrderJob : JobBase&lt;Order&gt;, Quartz.IJob</c>: <c>JobBase</c>, <c>IJob</c>). Read from the tree
    /// only and kept with it, so an edit reads the edited file alone again; lets the model find the subtypes of a type
    /// by name before it binds any (<see cref="SourceTypes"/>).
    /// </summary>
    internal sealed class TypeBaseNames
    {
        private TypeBaseNames(ImmutableArray<(TypeDeclarationSyntax Declaration, ImmutableArray<string> BaseNames)> declarations, ImmutableArray<(string Alias, string Target, bool IsGlobal)> aliases, ImmutableArray<string> declaredNames)
        {
            Declarations = declarations;
            Aliases = aliases;
            DeclaredNames = declaredNames;
        }

        /// <summary>The names of every class, struct, record and interface the file declares, nested ones included, with or without a base list.</summary>
        public ImmutableArray<string> DeclaredNames { get; }

        /// <summary>Classes, structs, records and interfaces with a base list, in file order, nested ones included.</summary>
        public ImmutableArray<(TypeDeclarationSyntax Declaration, ImmutableArray<string> BaseNames)> Declarations { get; }

        /// <summary>
        /// The file's using aliases, each with the simple name of the type it stands for (<c>using Job = Quartz.IJob;</c>:
        /// <c>Job</c>, <c>IJob</c>): a base list may name a type by its alias, here or, for a global one, in any file.
        /// </summary>
        public ImmutableArray<(string Alias, string Target, bool IsGlobal)> Aliases { get; }

        private static readonly Func<SyntaxNode, CancellationToken, TypeBaseNames> s_create = Create;

        public static TypeBaseNames Get(SyntaxTree tree, CancellationToken cancellationToken) => PerTree<TypeBaseNames>.Get(tree, s_create, cancellationToken);

        private static TypeBaseNames Create(SyntaxNode root, CancellationToken cancellationToken)
        {
            var declarations = ImmutableArray.CreateBuilder<(TypeDeclarationSyntax, ImmutableArray<string>)>();
            var aliases = ImmutableArray.CreateBuilder<(string, string, bool)>();
            var declared = ImmutableArray.CreateBuilder<string>();
            var names = new List<string>();
            foreach (var node in root.DescendantNodes(static n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax))
            {
                cancellationToken.ThrowIfCancellationRequested();
                switch (node)
                {
                    case UsingDirectiveSyntax { Alias: { } alias, Name: { } target } directive when SimpleName(target) is { } targetName:
                        aliases.Add((alias.Name.Identifier.ValueText, targetName, directive.GlobalKeyword.RawKind != 0));
                        break;
                    case TypeDeclarationSyntax declaration:
                        declared.Add(declaration.Identifier.ValueText);
                        if (declaration.BaseList is not { } baseList)
                        {
                            break;
                        }

                        names.Clear();
                        foreach (var baseType in baseList.Types)
                        {
                            if (SimpleName(baseType.Type) is { } name)
                            {
                                names.Add(name);
                            }
                        }

                        declarations.Add((declaration, names.ToImmutableArray()));
                        break;
                }
            }

            return new TypeBaseNames(declarations.ToImmutable(), aliases.ToImmutable(), declared.ToImmutable());
        }

        private static string? SimpleName(TypeSyntax type) => type switch
        {
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            AliasQualifiedNameSyntax aliased => aliased.Name.Identifier.ValueText,
            _ => null,
        };
    }
}
