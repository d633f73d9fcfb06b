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
    /// The methods of one file that may be message handlers by their declaration alone, for the frameworks that find
    /// handlers by convention or attribute rather than by an interface method: Wolverine's candidates (a handler's or a
    /// saga's method name, or <c>[WolverineHandler]</c>, in a class), CAP's (<c>[CapSubscribe]</c> on a method of a
    /// class) and Azure Functions' (<c>[Function]</c> or <c>[FunctionName]</c>), each with the simple name of the type
    /// of the parameter that takes the message (for a function, the one bound to a queue, Service Bus or activity trigger). Read from the tree only and
    /// kept with it, so that the model finds handled messages without binding every type, and an edit reads the edited
    /// file alone again. Whether each method is a handler is decided on its symbol (<see cref="WolverineHandlers"/>,
    /// <see cref="CapSubscribers"/>, <see cref="AzureFunctions"/>).
    /// </summary>
    internal sealed class HandlerDeclarations
    {
        private HandlerDeclarations(
            ImmutableArray<MethodDeclarationSyntax> wolverineCandidates,
            ImmutableArray<string> wolverineMessageNames,
            ImmutableArray<MethodDeclarationSyntax> capSubscriptions,
            ImmutableArray<string> capMessageNames,
            ImmutableArray<MethodDeclarationSyntax> functions,
            ImmutableArray<string> functionMessageNames)
        {
            Functions = functions;
            FunctionMessageNames = functionMessageNames;
            WolverineCandidates = wolverineCandidates;
            WolverineMessageNames = wolverineMessageNames;
            CapSubscriptions = capSubscriptions;
            CapMessageNames = capMessageNames;
        }

        /// <summary>Methods that may be Wolverine handlers, in file order.</summary>
        public ImmutableArray<MethodDeclarationSyntax> WolverineCandidates { get; }

        /// <summary>The simple names of their first parameters' types.</summary>
        public ImmutableArray<string> WolverineMessageNames { get; }

        /// <summary>Methods with an attribute named <c>CapSubscribe</c>, in file order.</summary>
        public ImmutableArray<MethodDeclarationSyntax> CapSubscriptions { get; }

        /// <summary>The simple names of the types of their message parameters (the first not marked <c>[FromCap]</c> nor a token).</summary>
        public ImmutableArray<string> CapMessageNames { get; }

        /// <summary>Methods with an attribute named <c>Function</c> or <c>FunctionName</c>, in file order.</summary>
        public ImmutableArray<MethodDeclarationSyntax> Functions { get; }

        /// <summary>The simple names of the types of their parameters marked <c>[QueueTrigger]</c>, <c>[ServiceBusTrigger]</c> or <c>[ActivityTrigger]</c>.</summary>
        public ImmutableArray<string> FunctionMessageNames { get; }

        private static readonly Func<SyntaxNode, CancellationToken, HandlerDeclarations> s_create = Create;

        public static HandlerDeclarations Get(SyntaxTree tree, CancellationToken cancellationToken)
            => PerTree<HandlerDeclarations>.Get(tree, s_create, cancellationToken);

        private static readonly HandlerDeclarations s_none = new(
            ImmutableArray<MethodDeclarationSyntax>.Empty, ImmutableArray<string>.Empty, ImmutableArray<MethodDeclarationSyntax>.Empty, ImmutableArray<string>.Empty,
            ImmutableArray<MethodDeclarationSyntax>.Empty, ImmutableArray<string>.Empty);

        private static HandlerDeclarations Create(SyntaxNode root, CancellationToken cancellationToken)
        {
            // Most files have none: nothing is allocated for them. Only namespaces and classes are entered, through their
            // member lists (an iterator over the tree's nodes costs more than the few members it would find).
            var found = default(Found);
            if (root is CompilationUnitSyntax unit)
            {
                AddMembers(unit.Members, ref found, cancellationToken);
            }

            return found.Wolverine.Methods is null && found.Cap.Methods is null && found.Functions.Methods is null
                ? s_none
                : new HandlerDeclarations(
                    found.Wolverine.ToMethods(), found.Wolverine.ToNames(), found.Cap.ToMethods(), found.Cap.ToNames(), found.Functions.ToMethods(), found.Functions.ToNames());
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
                    case MethodDeclarationSyntax { Parent: ClassDeclarationSyntax, ParameterList.Parameters: var parameters } method:
                        var attribute = FindAttribute(method);
                        if (parameters.Count > 0 && (attribute == Attribute.WolverineHandler || HasWolverineName(method.Identifier.ValueText)))
                        {
                            found.Wolverine.Add(method, parameters[0].Type);
                        }

                        if (attribute == Attribute.CapSubscribe)
                        {
                            found.Cap.Add(method, FindCapMessageParameter(parameters)?.Type);
                        }
                        else if (attribute == Attribute.Function)
                        {
                            found.Functions.Add(method, FindMessageParameter(parameters)?.Type);
                        }

                        break;
                }
            }
        }

        private enum Attribute
        {
            None,
            WolverineHandler,
            CapSubscribe,
            Function,
        }

        /// <summary>A <c>[WolverineHandler]</c>, a <c>[CapSubscribe]</c> or a <c>[Function]</c>/<c>[FunctionName]</c> among the method's attributes, by its name.</summary>
        private static Attribute FindAttribute(MethodDeclarationSyntax method)
        {
            foreach (var list in method.AttributeLists)
            {
                foreach (var attribute in list.Attributes)
                {
                    switch (SyntaxNames.Rightmost(attribute.Name))
                    {
                        case "WolverineHandler" or "WolverineHandlerAttribute":
                            return Attribute.WolverineHandler;
                        case "CapSubscribe" or "CapSubscribeAttribute":
                            return Attribute.CapSubscribe;
                        case "Function" or "FunctionAttribute" or "FunctionName" or "FunctionNameAttribute":
                            return Attribute.Function;
                    }
                }
            }

            return Attribute.None;
        }

        /// <summary>The parameter CAP passes the message to: the first not marked <c>[FromCap]</c> and not a token (<see cref="CapSubscribers.GetMessageParameter"/>).</summary>
        private static ParameterSyntax? FindCapMessageParameter(SeparatedSyntaxList<ParameterSyntax> parameters)
        {
            foreach (var parameter in parameters)
            {
                if (parameter.Type is { } type && SyntaxNames.Rightmost(type) != "CancellationToken" && !HasFromCap(parameter))
                {
                    return parameter;
                }
            }

            return null;
        }

        private static bool HasFromCap(ParameterSyntax parameter) => HasAttributeNamed(parameter, "FromCap");

        /// <summary>
        /// The parameter a function's queue or Service Bus trigger binds the message to, or its activity trigger the input
        /// (<see cref="AzureFunctions.GetMessageParameter"/>).
        /// </summary>
        private static ParameterSyntax? FindMessageParameter(SeparatedSyntaxList<ParameterSyntax> parameters)
        {
            foreach (var parameter in parameters)
            {
                if (HasAttributeNamed(parameter, "QueueTrigger") || HasAttributeNamed(parameter, "ServiceBusTrigger") || HasAttributeNamed(parameter, "ActivityTrigger"))
                {
                    return parameter;
                }
            }

            return null;
        }

        /// <summary>Whether the parameter carries an attribute of this name, written with or without its <c>Attribute</c> suffix.</summary>
        private static bool HasAttributeNamed(ParameterSyntax parameter, string name)
        {
            foreach (var list in parameter.AttributeLists)
            {
                foreach (var attribute in list.Attributes)
                {
                    var written = SyntaxNames.Rightmost(attribute.Name);
                    if (written == name || (written.Length == name.Length + 9 && written.StartsWith(name, StringComparison.Ordinal) && written.EndsWith("Attribute", StringComparison.Ordinal)))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool HasWolverineName(string name)
            => Array.IndexOf(WolverineHandlers.MethodNames, name) >= 0 || Array.IndexOf(WolverineHandlers.SagaMethodNames, name) >= 0;

        private struct Found
        {
            public FoundMethods Wolverine;
            public FoundMethods Cap;
            public FoundMethods Functions;
        }

        /// <summary>One framework's methods and message names, allocated at the first one found.</summary>
        private struct FoundMethods
        {
            public ImmutableArray<MethodDeclarationSyntax>.Builder? Methods;
            private HashSet<string>? _names;

            public void Add(MethodDeclarationSyntax method, TypeSyntax? messageType)
            {
                (Methods ??= ImmutableArray.CreateBuilder<MethodDeclarationSyntax>()).Add(method);
                if (messageType is not null && SyntaxNames.Rightmost(messageType) is { Length: > 0 } name)
                {
                    (_names ??= new HashSet<string>(StringComparer.Ordinal)).Add(name);
                }
            }

            public ImmutableArray<MethodDeclarationSyntax> ToMethods() => Methods?.ToImmutable() ?? ImmutableArray<MethodDeclarationSyntax>.Empty;

            public ImmutableArray<string> ToNames() => _names is null ? ImmutableArray<string>.Empty : ImmutableArray.CreateRange(_names);
        }
    }
}
