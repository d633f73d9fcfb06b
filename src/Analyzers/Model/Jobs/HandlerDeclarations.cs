using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using QueueLint.Model.Syntax;

namespace QueueLint.Model.Jobs
{
    /// <summary>
    /// The methods of one file that may be Wolverine handlers by their declaration alone (a handler's or a saga's
    /// method name, or <c>[WolverineHandler]</c>, in a class), each with the simple name of its first parameter's type: the
    /// message it would handle. Read from the tree only and kept with it, so that the model finds Wolverine's
    /// handled messages without binding every type, and an edit reads the edited file alone again. Whether each
    /// method is a handler is decided on its symbol (<see cref="WolverineHandlers"/>).
    /// </summary>
    internal sealed class WolverineHandlerDeclarations
    {
        private WolverineHandlerDeclarations(ImmutableArray<MethodDeclarationSyntax> methods, ImmutableArray<string> messageNames)
        {
            Methods = methods;
            MessageNames = messageNames;
        }

        /// <summary>Methods that may be handlers, in file order.</summary>
        public ImmutableArray<MethodDeclarationSyntax> Methods { get; }

        /// <summary>The simple names of their first parameters' types.</summary>
        public ImmutableArray<string> MessageNames { get; }

        private static readonly Func<SyntaxNode, CancellationToken, WolverineHandlerDeclarations> s_create = Create;

        public static WolverineHandlerDeclarations Get(SyntaxTree tree, CancellationToken cancellationToken)
            => PerTree<WolverineHandlerDeclarations>.Get(tree, s_create, cancellationToken);

        private static readonly WolverineHandlerDeclarations s_none = new(ImmutableArray<MethodDeclarationSyntax>.Empty, ImmutableArray<string>.Empty);

        private static WolverineHandlerDeclarations Create(SyntaxNode root, CancellationToken cancellationToken)
        {
            // Most files have none: nothing is allocated for them. Only namespaces and classes are entered, through their
            // member lists (an iterator over the tree's nodes costs more than the few members it would find).
            var found = new Found();
            if (root is CompilationUnitSyntax unit)
            {
                AddMembers(unit.Members, ref found, cancellationToken);
            }

            return found.Methods is null
                ? s_none
                : new WolverineHandlerDeclarations(found.Methods.ToImmutable(), found.Names is null ? ImmutableArray<string>.Empty : ImmutableArray.CreateRange(found.Names));
        }

        private static void AddMembers(SyntaxList<MemberDeclarationSyntax> members, ref Found found, CancellationToken cancellationToken)
        {
            foreach (var member in members)
            {
                switch (member)
                {
                    case BaseNamespaceDeclarationSyntax namespaceDeclaration:
                        cancellationToken.ThrowIfCancellationRequested();
                        AddMembers(namespaceDeclaration.Members, ref found, cancellationToken);
                        break;
                    case ClassDeclarationSyntax type:
                        AddMembers(type.Members, ref found, cancellationToken);
                        break;
                    case MethodDeclarationSyntax { Parent: ClassDeclarationSyntax, ParameterList.Parameters: { Count: > 0 } parameters } method
                        when HasHandlerName(method.Identifier.ValueText) || HasHandlerAttribute(method):
                        (found.Methods ??= ImmutableArray.CreateBuilder<MethodDeclarationSyntax>()).Add(method);
                        if (parameters[0].Type is { } parameterType && SyntaxNames.Rightmost(parameterType) is { Length: > 0 } name)
                        {
                            (found.Names ??= new HashSet<string>(StringComparer.Ordinal)).Add(name);
                        }

                        break;
                }
            }
        }

        private struct Found
        {
            public ImmutableArray<MethodDeclarationSyntax>.Builder? Methods;
            public HashSet<string>? Names;
        }

        /// <summary>A <c>[WolverineHandler]</c> among the method's attributes, by its name.</summary>
        private static bool HasHandlerAttribute(MethodDeclarationSyntax method)
        {
            foreach (var list in method.AttributeLists)
            {
                foreach (var attribute in list.Attributes)
                {
                    if (SyntaxNames.Rightmost(attribute.Name) is "WolverineHandler" or "WolverineHandlerAttribute")
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool HasHandlerName(string name)
            => Array.IndexOf(WolverineHandlers.MethodNames, name) >= 0 || Array.IndexOf(WolverineHandlers.SagaMethodNames, name) >= 0;
    }
}
