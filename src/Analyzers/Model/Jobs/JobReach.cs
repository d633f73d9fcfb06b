using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using QueueLint.Model.Syntax;

namespace QueueLint.Model.Jobs
{
    /// <summary>
    /// Job code found from the method up, for the methods one file declares: whether a method is an entry point, else
    /// which job-code methods call it, up to <see cref="JobCode.MaxDepth"/> calls. It gives each method the same
    /// depth, entry point and kind as the search from all entry points down (<see cref="JobCode"/>), at a cost that
    /// depends on the file and what reaches it, not on the solution: after a keystroke, the IDE analyzes one file in a
    /// new compilation.
    /// </summary>
    /// <remarks>
    /// Callers are found by name first, from <see cref="CallNames"/> kept with each tree across edits, and a method no
    /// chain of names leads to from an entry point's name is rejected before anything is bound.
    /// </remarks>
    internal sealed class JobReach
    {
        // The names each method declares for its parameters and locals, kept with the declaration: a tree an edit did not
        // touch keeps its nodes in the next compilation.
        private static readonly ConditionalWeakTable<MethodDeclarationSyntax, HashSet<string>> s_localNames = new();
        private static readonly ConditionalWeakTable<MethodDeclarationSyntax, HashSet<string>>.CreateValueCallback s_readLocalNames = ReadLocalNames;

        private readonly JobModel _model;
        private readonly JobCodeSearch _search;
        private readonly object _lock = new();
        private readonly Dictionary<(IMethodSymbol, int), Answer> _found = new();

        // A generic method reached only with the instantiations whose open call runs a given method (GenericDispatch):
        // keyed by the generic method, the budget and what it must be reached with.
        private readonly Dictionary<(IMethodSymbol, int, Through), Answer> _foundThrough = new();
        private readonly Dictionary<IMethodSymbol, JobCodeMethod?> _methods = new(SymbolEqualityComparer.Default);
        private readonly Dictionary<IMethodSymbol, Dispatch> _dispatch = new(SymbolEqualityComparer.Default);

        // Set while a search runs when its budget left a caller unfollowed (Answer.CutShort).
        private bool _searchCutShort;
        private bool? _anyGlobalUsingStatic;
        private Dictionary<string, int>? _nameDistance;
        private bool _everyNameMayBeJobCode;

        public JobReach(JobModel model, JobCodeSearch search)
        {
            _model = model;
            _search = search;
        }

        /// <summary>The job-code methods declared in <paramref name="tree"/>, in source order.</summary>
        public ImmutableArray<JobCodeMethod> GetMethodsIn(SyntaxTree tree, CancellationToken cancellationToken)
        {
            var calls = CallNames.Get(tree, cancellationToken);
            if (calls.Declarations.IsEmpty)
            {
                return ImmutableArray<JobCodeMethod>.Empty;
            }

            lock (_lock)
            {
                SemanticModel? semanticModel = null;
                var builder = ImmutableArray.CreateBuilder<JobCodeMethod>();
                foreach (var declaration in calls.Declarations)
                {
                    if (!MayBeJobCode(declaration.Identifier.ValueText, JobCode.MaxDepth, cancellationToken))
                    {
                        continue;
                    }

                    semanticModel ??= CrossFileBinding.GetSemanticModel(_model.Compilation, tree);
                    if (semanticModel.GetDeclaredSymbol(declaration, cancellationToken) is IMethodSymbol method
                        && Find(method, cancellationToken) is { } found
                        && found.Declaration == declaration)
                    {
                        builder.Add(found);
                    }
                }

                return builder.ToImmutable();
            }
        }

        /// <summary>The job-code entry for <paramref name="method"/>, or null when it does not run in a job.</summary>
        public JobCodeMethod? Find(IMethodSymbol method, CancellationToken cancellationToken)
        {
            method = method.OriginalDefinition;
            lock (_lock)
            {
                if (_methods.TryGetValue(method, out var known))
                {
                    return known;
                }

                JobCodeMethod? result = null;
                if (_search.GetBodyDeclaration(method, cancellationToken) is { } declaration)
                {
                    // Nearest first: a search one call deeper than the last finds the same nearest entry point as a search
                    // of all depths at once, and stops before the longer chains. A handler that an activity reaches
                    // through its mediator's dispatcher (two calls) is not followed up every chain of the mediator's
                    // decorators, which call one another (three calls and more). A search without an answer that no
                    // budget cut short has none at any depth.
                    var name = Identifier(declaration);
                    for (var budget = 0; budget <= JobCode.MaxDepth && name is not null; budget++)
                    {
                        if (!MayBeJobCode(name, budget, cancellationToken))
                        {
                            continue;
                        }

                        _searchCutShort = false;
                        if (Reach(method, declaration, budget, cancellationToken) is { } found)
                        {
                            result = new JobCodeMethod(method, declaration, found.EntryPoint, found.Kind, found.Depth, found.EntryDeclaration);
                            break;
                        }

                        if (!_searchCutShort)
                        {
                            break;
                        }
                    }
                }

                _methods[method] = result;
                return result;
            }
        }

        /// <summary>
        /// The nearest entry point reaching <paramref name="method"/> in at most <paramref name="budget"/> calls (the
        /// first by <see cref="JobCodeSearch.Precedes"/> among the nearest), or null.
        /// </summary>
        private Found? Reach(IMethodSymbol method, SyntaxNode declaration, int budget, CancellationToken cancellationToken)
            => Remembered(_found, (method, budget), method, declaration, budget, through: null, cancellationToken);

        /// <summary>
        /// <see cref="Reach"/> for a generic method that must be reached with an instantiation whose open call runs the
        /// method searched from (<see cref="GenericDispatch"/>, <see cref="Through"/>): a caller that gives other type
        /// arguments does not count.
        /// </summary>
        private Found? ReachThrough(IMethodSymbol method, SyntaxNode declaration, int budget, Through through, CancellationToken cancellationToken)
            => Remembered(_foundThrough, (method, budget, through), method, declaration, budget, through, cancellationToken);

        /// <summary>The search's answer under <paramref name="key"/>, searched once; whether it was cut short goes to the search asking.</summary>
        private Found? Remembered<TKey>(Dictionary<TKey, Answer> answers, TKey key, IMethodSymbol method, SyntaxNode declaration, int budget, Through? through, CancellationToken cancellationToken)
        {
            if (answers.TryGetValue(key, out var known))
            {
                _searchCutShort |= known.CutShort;
                return known.Found;
            }

            var outer = _searchCutShort;
            _searchCutShort = false;
            var result = Search(method, declaration, budget, through, cancellationToken);
            answers[key] = new Answer(result, result is null && _searchCutShort);
            _searchCutShort |= outer;
            return result;
        }

        /// <summary>
        /// A search's answer, and whether its budget cut it short without one (a caller left unfollowed for lack of
        /// calls): with a greater budget it may find one. Any other search has the same answer at any budget.
        /// </summary>
        private readonly struct Answer
        {
            public Answer(Found? found, bool cutShort)
            {
                Found = found;
                CutShort = cutShort;
            }

            public Found? Found { get; }

            public bool CutShort { get; }
        }

        private Found? Search(IMethodSymbol method, SyntaxNode declaration, int budget, Through? through, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var name = Identifier(declaration);
            if (name is null || !MayBeJobCode(name, budget, cancellationToken))
            {
                _searchCutShort |= name is not null && MayBeJobCode(name, JobCode.MaxDepth, cancellationToken);
                return null;
            }

            var kind = _search.GetDeclaredKind(method);
            if (kind == JobEntryPointKind.None)
            {
                kind = EnqueuedKind(method, name, cancellationToken);
            }

            if (kind != JobEntryPointKind.None)
            {
                return new Found(method, declaration, kind, 0);
            }

            if (budget == 0)
            {
                _searchCutShort |= HasCallerThatMayBeJobCode(method, name, cancellationToken);
                return null;
            }

            return FromCallers(method, name, budget, through, cancellationToken);
        }

        /// <summary>
        /// What a generic method must be reached with for the search to go on (<see cref="ReachThrough"/>): an
        /// instantiation for which its open call runs <see cref="Target"/>, or, through a decorator that hands its own type
        /// arguments on, one for which the next generic method's does (<see cref="Next"/>).
        /// </summary>
        private sealed class Through : IEquatable<Through>
        {
            public Through(IMethodSymbol generic, IMethodSymbol call, IMethodSymbol? target, Through? next)
            {
                Generic = generic;
                Call = call;
                Target = target;
                Next = next;
            }

            /// <summary>The generic method (its definition).</summary>
            public IMethodSymbol Generic { get; }

            /// <summary>Its open call, as written in its body.</summary>
            public IMethodSymbol Call { get; }

            /// <summary>The method the call must run, at the end of the chain.</summary>
            public IMethodSymbol? Target { get; }

            /// <summary>What the method the call runs must in turn be reached with, through a decorator.</summary>
            public Through? Next { get; }

            /// <summary>Whether reaching <see cref="Generic"/> with <paramref name="instantiation"/> runs the target; unknown type arguments always may.</summary>
            public bool Accepts(ImmutableArray<ITypeSymbol> instantiation, JobCodeSearch search)
            {
                if (instantiation.IsDefault || GenericDispatch.Specialize(Call, Generic, instantiation) is not { } specialized)
                {
                    return true;
                }

                return Next is null
                    ? Target is null || search.Dispatches(specialized, Target)
                    : Next.Accepts(GenericDispatch.InstantiationOf(specialized, Next.Generic), search);
            }

            public bool Equals(Through? other)
                => other is not null
                   && SymbolEqualityComparer.Default.Equals(Generic, other.Generic)
                   && SymbolEqualityComparer.Default.Equals(Call, other.Call)
                   && SymbolEqualityComparer.Default.Equals(Target, other.Target)
                   && Equals(Next, other.Next);

            public override bool Equals(object? obj) => Equals(obj as Through);

            public override int GetHashCode()
                => (((SymbolEqualityComparer.Default.GetHashCode(Generic) * 31) + SymbolEqualityComparer.Default.GetHashCode(Call)) * 31)
                   + (Target is null ? Next?.GetHashCode() ?? 0 : SymbolEqualityComparer.Default.GetHashCode(Target));
        }

        /// <summary>Whether a call named as <paramref name="method"/> is made by a method that a chain of names leads to from an entry point.</summary>
        private bool HasCallerThatMayBeJobCode(IMethodSymbol method, string name, CancellationToken cancellationToken)
        {
            foreach (var tree in CallerTrees(method))
            {
                var calls = CallNames.Get(tree, cancellationToken);
                foreach (var index in calls.CallsOf(name))
                {
                    var declarationIndex = calls.DeclarationOf[index];
                    if (declarationIndex >= 0 && MayBeJobCode(calls.Declarations[declarationIndex].Identifier.ValueText, JobCode.MaxDepth - 1, cancellationToken))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private Found? FromCallers(IMethodSymbol method, string name, int budget, Through? through, CancellationToken cancellationToken)
        {
            Found? best = null;
            var compilation = _model.Compilation;
            foreach (var tree in CallerTrees(method))
            {
                var calls = CallNames.Get(tree, cancellationToken);
                var indexes = calls.CallsOf(name);
                if (indexes.Length == 0)
                {
                    continue;
                }

                SemanticModel? semanticModel = null;
                foreach (var index in indexes)
                {
                    var declarationIndex = calls.DeclarationOf[index];
                    if (declarationIndex < 0)
                    {
                        continue;
                    }

                    var callerDeclaration = calls.Declarations[declarationIndex];
                    if (!MayBeJobCode(callerDeclaration.Identifier.ValueText, budget - 1, cancellationToken))
                    {
                        _searchCutShort |= MayBeJobCode(callerDeclaration.Identifier.ValueText, JobCode.MaxDepth, cancellationToken);
                        continue;
                    }

                    // Whether the caller is job code is asked before the call is bound: most callers are not, and asking
                    // costs less than binding the call's statement.
                    semanticModel ??= CrossFileBinding.GetSemanticModel(compilation, tree);
                    if (!MayCall(calls.Calls[index], name, method, callerDeclaration, semanticModel, cancellationToken)
                        || semanticModel.GetDeclaredSymbol(callerDeclaration, cancellationToken) is not IMethodSymbol caller
                        || _search.GetBodyDeclaration(caller = caller.OriginalDefinition, cancellationToken) != callerDeclaration
                        || Reach(caller, callerDeclaration, budget - 1, cancellationToken) is not { } reached
                        || JobCodeSearch.GetCallee(semanticModel, calls.Calls[index], cancellationToken) is not { } callee
                        || !_search.Follows(callee)
                        || !_search.Dispatches(callee, method))
                    {
                        continue;
                    }

                    // A call that depends on the caller's type arguments runs this method only for some of them: the
                    // caller must be reached with those. Any other call must give this method type arguments it may be
                    // reached with.
                    if (GenericDispatch.IsOpenCall(callee, caller))
                    {
                        var next = new Through(caller, callee, through is null ? method : null, through);
                        if (ReachThrough(caller, callerDeclaration, budget - 1, next, cancellationToken) is not { } throughFound)
                        {
                            continue;
                        }

                        reached = throughFound;
                    }
                    else if (through is not null && !through.Accepts(GenericDispatch.InstantiationOf(callee, method), _search))
                    {
                        continue;
                    }

                    var candidate = new Found(reached.EntryPoint, reached.EntryDeclaration, reached.Kind, reached.Depth + 1);
                    if (best is null
                        || candidate.Depth < best.Depth
                        || (candidate.Depth == best.Depth && _search.Precedes(candidate.EntryDeclaration, best.EntryDeclaration)))
                    {
                        best = candidate;
                    }
                }
            }

            return best;
        }

        /// <summary>
        /// False when the call <c>receiver.Name(…)</c> (or <c>Name(…)</c>, <c>this.Name(…)</c>, <c>base.Name(…)</c>)
        /// cannot run <paramref name="method"/>, judged from the receiver's type alone (for a static method called by its
        /// simple name, from the enclosing types and the file's static imports): the call's target is a member of
        /// that type's types, and every method it runs is declared in, or implements or overrides a member of, a type
        /// shared with the method's type or one of its subtypes. The receiver is bound where its member starts, outside
        /// the body (binding inside would bind the body first), and only when no parameter or local of the caller can
        /// have its name. True whenever the shape or the method leaves it open.
        /// </summary>
        private bool MayCall(SyntaxNode node, string name, IMethodSymbol method, MethodDeclarationSyntax caller, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            if (method.IsExtensionMethod || node is not InvocationExpressionSyntax invocation)
            {
                return true;
            }

            if (IsRejectedByReceiverName(invocation, caller, method, name))
            {
                return false;
            }

            INamedTypeSymbol? receiverType;
            switch (invocation.Expression)
            {
                case SimpleNameSyntax when method.IsStatic:
                    // A static method called by its simple name is a member of an enclosing type or a base of one, or imported.
                    if ((CallNames.Get(node.SyntaxTree, cancellationToken).ImportsStatic & CallNames.UsingStatic.InFile) != 0 || AnyGlobalUsingStatic(cancellationToken))
                    {
                        return true;
                    }

                    for (var type = EnclosingType(caller, semanticModel, cancellationToken); type is not null; type = type.ContainingType)
                    {
                        if (SharesDeclaringType(type, method, name))
                        {
                            return true;
                        }
                    }

                    return false;
                case MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax or BaseExpressionSyntax } when method.IsStatic:
                    return true;
                case SimpleNameSyntax:
                case MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax }:
                    receiverType = EnclosingType(caller, semanticModel, cancellationToken);
                    break;
                case MemberAccessExpressionSyntax { Expression: BaseExpressionSyntax }:
                    receiverType = EnclosingType(caller, semanticModel, cancellationToken)?.BaseType;
                    break;
                case MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax or MemberAccessExpressionSyntax } access
                    when LeftmostName(access.Expression) is { } leftmost:
                    // A local of the caller leaves the receiver open; a parameter no lambda shadows has its declared type.
                    ParameterSyntax? parameter = null;
                    if (DeclaresLocal(caller, leftmost) && (parameter = FindUnshadowedParameter(caller, leftmost, invocation)) is null)
                    {
                        return true;
                    }

                    receiverType = MemberChainType(access.Expression, caller, semanticModel, cancellationToken, out var resolved, parameter);
                    if (!resolved)
                    {
                        receiverType = semanticModel.GetSpeculativeTypeInfo(caller.SpanStart, access.Expression, SpeculativeBindingOption.BindAsExpression).Type as INamedTypeSymbol;
                    }

                    break;
                default:
                    return true;
            }

            return receiverType is null || receiverType.TypeKind == TypeKind.Error || SharesDeclaringType(receiverType, method, name);
        }

        /// <summary>
        /// True when the call <paramref name="invocation"/> in <paramref name="caller"/> cannot run
        /// <paramref name="method"/>, judged from names alone: the receiver's type is named in the caller's own type
        /// declaration (<see cref="ReceiverTypeName"/>), and no type able to dispatch the call is of that name, derives
        /// from one by the names of its base list, or may be aliased to it. False whenever that leaves it open.
        /// </summary>
        private bool IsRejectedByReceiverName(InvocationExpressionSyntax invocation, MethodDeclarationSyntax caller, IMethodSymbol method, string name)
        {
            if (method.IsStatic || ReceiverTypeName(invocation, caller) is not { } typeName)
            {
                return false;
            }

            return GetDispatch(method, name).ExcludesTypeNamed(typeName, invocation.SyntaxTree, _model.SourceTypes);
        }

        /// <summary>
        /// The simple name of the receiver's type, read from the caller's own type declaration alone: the type itself for
        /// <c>Name(…)</c> and <c>this.Name(…)</c>, the declared type of a field or property it declares for
        /// <c>_orders.Name(…)</c> (when no parameter or local of the caller has that name, the type declares no other
        /// member of it, and the declared type is a name that is not a type parameter). Null otherwise.
        /// </summary>
        private string? ReceiverTypeName(InvocationExpressionSyntax invocation, MethodDeclarationSyntax caller)
        {
            if (caller.Parent is not TypeDeclarationSyntax type)
            {
                return null;
            }

            switch (invocation.Expression)
            {
                case SimpleNameSyntax:
                case MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax }:
                    return type.Identifier.ValueText;
                case MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax receiver }:
                    var receiverName = receiver.Identifier.ValueText;
                    if (DeclaresLocal(caller, receiverName))
                    {
                        return null;
                    }

                    TypeSyntax? declared = null;
                    var count = 0;
                    foreach (var member in type.Members)
                    {
                        switch (member)
                        {
                            case BaseFieldDeclarationSyntax field:
                                foreach (var variable in field.Declaration.Variables)
                                {
                                    if (variable.Identifier.ValueText == receiverName)
                                    {
                                        count++;
                                        declared = field is FieldDeclarationSyntax ? field.Declaration.Type : null;
                                    }
                                }

                                break;
                            case PropertyDeclarationSyntax property when property.Identifier.ValueText == receiverName:
                                count++;
                                declared = property.Type;
                                break;
                            case MethodDeclarationSyntax { Identifier.ValueText: var methodName } when methodName == receiverName:
                            case BaseTypeDeclarationSyntax { Identifier.ValueText: var typeName } when typeName == receiverName:
                            case DelegateDeclarationSyntax { Identifier.ValueText: var delegateName } when delegateName == receiverName:
                            case EventDeclarationSyntax { Identifier.ValueText: var eventName } when eventName == receiverName:
                                count++;
                                break;
                        }
                    }

                    return count == 1 && declared is not null ? TypeName(declared, type) : null;
                default:
                    return null;
            }
        }

        /// <summary>
        /// The simple name a type names (<c>List</c> for <c>List&lt;Order&gt;?</c>) where <paramref name="site"/> is,
        /// unless it may be a type parameter there, <c>dynamic</c>, or not a named type.
        /// </summary>
        private static string? TypeName(TypeSyntax type, SyntaxNode site)
        {
            if (type is NullableTypeSyntax nullable)
            {
                type = nullable.ElementType;
            }

            var name = type switch
            {
                SimpleNameSyntax simple => simple.Identifier.ValueText,
                QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
                AliasQualifiedNameSyntax aliased => aliased.Name.Identifier.ValueText,
                PredefinedTypeSyntax predefined => predefined.Keyword.ValueText,
                _ => null,
            };
            if (name is null || (type is IdentifierNameSyntax && name == "dynamic"))
            {
                return null;
            }

            if (type is SimpleNameSyntax)
            {
                for (var current = site; current is not null; current = current.Parent)
                {
                    var parameters = current switch
                    {
                        TypeDeclarationSyntax declaration => declaration.TypeParameterList,
                        MethodDeclarationSyntax declaration => declaration.TypeParameterList,
                        LocalFunctionStatementSyntax declaration => declaration.TypeParameterList,
                        DelegateDeclarationSyntax declaration => declaration.TypeParameterList,
                        _ => null,
                    };
                    if (parameters is not null)
                    {
                        foreach (var parameter in parameters.Parameters)
                        {
                            if (parameter.Identifier.ValueText == name)
                            {
                                return null;
                            }
                        }
                    }
                }
            }

            return name;
        }

        /// <summary>
        /// The type of <paramref name="expression"/>, a name (<c>_orders</c>) or a chain of member names
        /// (<c>_context.Orders</c>) that starts with no local of <paramref name="caller"/> and no parameter other than
        /// <paramref name="receiverParameter"/> (whose declared type starts the chain), read from the fields and properties it names, as member lookup finds them: the first name among the members of the caller's
        /// type (its own, or a non-private one of a base type), each next one a public member of the type before it.
        /// Binds declarations only, not the caller's body. <paramref name="resolved"/> is false when a name is not such a
        /// member (a type, a namespace, a method, a member of an enclosing type), left to the compiler's binding.
        /// </summary>
        private static INamedTypeSymbol? MemberChainType(ExpressionSyntax expression, MethodDeclarationSyntax caller, SemanticModel semanticModel, CancellationToken cancellationToken, out bool resolved, ParameterSyntax? receiverParameter = null)
        {
            resolved = false;
            ITypeSymbol? type;
            switch (expression)
            {
                case IdentifierNameSyntax identifier when receiverParameter is not null && identifier.Identifier.ValueText == receiverParameter.Identifier.ValueText:
                    // A parameter of the caller (a static function's DbContext, say): its declared type, bound from the
                    // parameter list, outside the body.
                    if (semanticModel.GetDeclaredSymbol(receiverParameter, cancellationToken) is not IParameterSymbol parameterSymbol)
                    {
                        return null;
                    }

                    type = parameterSymbol.Type;
                    break;
                case IdentifierNameSyntax identifier:
                    if (EnclosingType(caller, semanticModel, cancellationToken) is not { } enclosing
                        || FindValueMember(enclosing, identifier.Identifier.ValueText, fromInside: true) is not { } first)
                    {
                        return null;
                    }

                    type = first;
                    break;
                case MemberAccessExpressionSyntax { Name: IdentifierNameSyntax name } access:
                    if (MemberChainType(access.Expression, caller, semanticModel, cancellationToken, out var leftResolved, receiverParameter) is not { } left
                        || !leftResolved
                        || FindValueMember(left, name.Identifier.ValueText, fromInside: false) is not { } next)
                    {
                        return null;
                    }

                    type = next;
                    break;
                default:
                    return null;
            }

            resolved = true;
            return type as INamedTypeSymbol;
        }

        /// <summary>
        /// The type of the field or property named <paramref name="name"/> that member lookup on <paramref name="type"/>
        /// finds, or null when it finds anything else or the answer depends on more than the declarations (several
        /// members, a private member of another type, an interface's inherited members).
        /// </summary>
        private static ITypeSymbol? FindValueMember(ITypeSymbol type, string name, bool fromInside)
        {
            if (type is not INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct } named)
            {
                return null;
            }

            for (var current = named; current is not null; current = current.BaseType)
            {
                var members = current.GetMembers(name);
                if (members.IsEmpty)
                {
                    continue;
                }

                if (members.Length != 1)
                {
                    return null;
                }

                var inside = fromInside && ReferenceEquals(current, named);
                var accessible = inside
                    || members[0].DeclaredAccessibility == Accessibility.Public
                    || (fromInside && members[0].DeclaredAccessibility != Accessibility.Private);
                if (!accessible)
                {
                    return null;
                }

                return members[0] switch
                {
                    IFieldSymbol field => field.Type,
                    IPropertySymbol { IsIndexer: false } property => property.Type,
                    _ => null,
                };
            }

            return null;
        }

        private static INamedTypeSymbol? EnclosingType(MethodDeclarationSyntax caller, SemanticModel semanticModel, CancellationToken cancellationToken)
            => caller.Parent is TypeDeclarationSyntax type ? semanticModel.GetDeclaredSymbol(type, cancellationToken) as INamedTypeSymbol : null;

        private static string? LeftmostName(ExpressionSyntax expression)
        {
            while (expression is MemberAccessExpressionSyntax access)
            {
                expression = access.Expression;
            }

            return expression is IdentifierNameSyntax identifier ? identifier.Identifier.ValueText : null;
        }

        /// <summary>
        /// The parameter of <paramref name="caller"/> named <paramref name="name"/> when that is what the name means at
        /// <paramref name="call"/>: the call is not inside a lambda or local function (whose own parameters and locals may
        /// shadow it), and a local of the caller cannot take a parameter's name. Null otherwise.
        /// </summary>
        private static ParameterSyntax? FindUnshadowedParameter(MethodDeclarationSyntax caller, string name, SyntaxNode call)
        {
            ParameterSyntax? found = null;
            foreach (var parameter in caller.ParameterList.Parameters)
            {
                if (parameter.Identifier.ValueText == name)
                {
                    found = parameter;
                    break;
                }
            }

            if (found is null)
            {
                return null;
            }

            for (var node = call.Parent; node is not null && node != caller; node = node.Parent)
            {
                if (node is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
                {
                    return null;
                }
            }

            return found;
        }

        /// <summary>Whether <paramref name="caller"/> declares a parameter, local, range variable or local function named <paramref name="name"/>.</summary>
        private static bool DeclaresLocal(MethodDeclarationSyntax caller, string name) => s_localNames.GetValue(caller, s_readLocalNames).Contains(name);

        private static HashSet<string> ReadLocalNames(MethodDeclarationSyntax caller)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var node in caller.DescendantNodes())
            {
                if (node is QueryClauseSyntax or QueryContinuationSyntax)
                {
                    // Range variables (from, let, join, into): any name the clause declares.
                    foreach (var token in node.ChildTokens())
                    {
                        if (token.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.IdentifierToken))
                        {
                            names.Add(token.ValueText);
                        }
                    }

                    continue;
                }

                var declared = node switch
                {
                    ParameterSyntax parameter => parameter.Identifier,
                    VariableDeclaratorSyntax variable => variable.Identifier,
                    SingleVariableDesignationSyntax designation => designation.Identifier,
                    ForEachStatementSyntax forEach => forEach.Identifier,
                    CatchDeclarationSyntax catchDeclaration => catchDeclaration.Identifier,
                    LocalFunctionStatementSyntax localFunction => localFunction.Identifier,
                    _ => default,
                };
                if (!declared.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.None))
                {
                    names.Add(declared.ValueText);
                }
            }

            return names;
        }

        /// <summary>
        /// Whether a member named <paramref name="name"/> of <paramref name="type"/>'s types can lead to
        /// <paramref name="method"/>: some type declaring such a member is shared by <paramref name="type"/> and the
        /// method's type or one of its subtypes (a base class's method implements the interface of a class derived from it).
        /// </summary>
        private bool SharesDeclaringType(INamedTypeSymbol type, IMethodSymbol method, string name)
        {
            var dispatch = GetDispatch(method, name);
            if (dispatch.Types.Count == 0)
            {
                return false;
            }

            // A type from a reference derives from none of this compilation's types.
            var definition = type.OriginalDefinition;
            if (dispatch.DerivedNames is not null && !definition.IsDeclaredIn(_model.Compilation))
            {
                return false;
            }

            for (var current = definition; current is not null; current = current.BaseType)
            {
                if (dispatch.Types.Contains(current.OriginalDefinition))
                {
                    return true;
                }
            }

            foreach (var implemented in definition.AllInterfaces)
            {
                if (dispatch.Types.Contains(implemented.OriginalDefinition))
                {
                    return true;
                }
            }

            return false;
        }

        private Dispatch GetDispatch(IMethodSymbol method, string name)
        {
            if (!_dispatch.TryGetValue(method, out var dispatch))
            {
                dispatch = new Dispatch(method, name, _model);
                _dispatch[method] = dispatch;
            }

            return dispatch;
        }

        /// <summary>
        /// The files that may call <paramref name="method"/>: for a private method (not an explicit implementation, which
        /// is called through its interface), those that declare its type; every file otherwise.
        /// </summary>
        private IEnumerable<SyntaxTree> CallerTrees(IMethodSymbol method)
        {
            if (method.DeclaredAccessibility != Accessibility.Private || method.MethodKind == MethodKind.ExplicitInterfaceImplementation)
            {
                return _model.Compilation.SyntaxTrees;
            }

            var trees = new List<SyntaxTree>();
            foreach (var reference in method.ContainingType.DeclaringSyntaxReferences)
            {
                if (!trees.Contains(reference.SyntaxTree))
                {
                    trees.Add(reference.SyntaxTree);
                }
            }

            return trees;
        }

        /// <summary>Whether some file imports static members globally (<c>global using static</c>).</summary>
        private bool AnyGlobalUsingStatic(CancellationToken cancellationToken)
        {
            if (_anyGlobalUsingStatic is null)
            {
                var any = false;
                foreach (var tree in _model.Compilation.SyntaxTrees)
                {
                    any |= (CallNames.Get(tree, cancellationToken).ImportsStatic & CallNames.UsingStatic.Global) != 0;
                }

                _anyGlobalUsingStatic = any;
            }

            return _anyGlobalUsingStatic.Value;
        }

        /// <summary>The kind of the first site (in the compilation's order of files and calls) that enqueues <paramref name="method"/>, or none.</summary>
        private JobEntryPointKind EnqueuedKind(IMethodSymbol method, string name, CancellationToken cancellationToken)
        {
            var finder = _model.GetSiteFinder(_search.AnalyzerOptions);
            if (finder is null)
            {
                return JobEntryPointKind.None;
            }

            foreach (var tree in _model.Compilation.SyntaxTrees)
            {
                foreach (var (outer, inner, call) in CallNames.Get(tree, cancellationToken).LambdaCalls)
                {
                    if (inner != name
                        || !finder.MayNameJobMethod(outer)
                        || (!finder.HasWrappers && !MayRunMethodOf(call, name, method, cancellationToken))
                        || finder.GetJobMethodSite(call, _search.AnalyzerOptions, cancellationToken) is not { } site
                        || !_search.Dispatches(site.JobMethod!, method))
                    {
                        continue;
                    }

                    return JobCodeSearch.KindOf(site);
                }
            }

            return JobEntryPointKind.None;
        }

        /// <summary>
        /// False when a Hangfire call <c>Enqueue&lt;T&gt;(x =&gt; x.Name(…))</c> cannot run <paramref name="method"/>: the
        /// call's target is a member of <c>T</c>'s types, and every method it runs is declared in, or implements or
        /// overrides a member of, a type that <c>T</c> shares with the method's type or one of its subtypes. Reading <c>T</c> binds a type name,
        /// not the call and its lambda. True whenever the shape or the method leaves it open.
        /// </summary>
        private bool MayRunMethodOf(InvocationExpressionSyntax call, string name, IMethodSymbol method, CancellationToken cancellationToken)
        {
            if (method.IsStatic || method.IsExtensionMethod)
            {
                return true;
            }

            var generic = call.Expression switch
            {
                MemberAccessExpressionSyntax { Name: GenericNameSyntax name1 } => name1,
                GenericNameSyntax name2 => name2,
                _ => null,
            };
            if (generic is null
                && OnlyCallInLambda(call, name) is { } inner
                && call.FirstAncestorOrSelf<MethodDeclarationSyntax>() is { } holder
                && IsRejectedByReceiverName(inner, holder, method, name))
            {
                // Enqueue(() => _service.Name(…)): the receiver judged as a call's in its method.
                return false;
            }

            if (generic is not { TypeArgumentList.Arguments.Count: 1 } || !CallsOnParameter(call, name))
            {
                return true;
            }

            // Judged from the type's name alone when it names no type parameter.
            var dispatch = GetDispatch(method, name);
            if (dispatch.Types.Count == 0
                || (TypeName(generic.TypeArgumentList.Arguments[0], call) is { } typeName && dispatch.ExcludesTypeNamed(typeName, call.SyntaxTree, _model.SourceTypes)))
            {
                return false;
            }

            // The type name is bound where the member that holds the call starts, outside its body: binding it inside
            // would bind the body first.
            var semanticModel = CrossFileBinding.GetSemanticModel(_model.Compilation, call.SyntaxTree);
            var position = call.FirstAncestorOrSelf<MemberDeclarationSyntax>()?.SpanStart ?? call.SpanStart;
            if (semanticModel.GetSpeculativeSymbolInfo(position, generic.TypeArgumentList.Arguments[0], SpeculativeBindingOption.BindAsTypeOrNamespace).Symbol is not INamedTypeSymbol type
                || type.TypeKind == TypeKind.Error)
            {
                return true;
            }

            return SharesDeclaringType(type, method, name);
        }

        /// <summary>
        /// The call that a call's only lambda argument, one without parameters, makes as its whole body
        /// (<c>() =&gt; x.Name(…)</c>, among other arguments), when of <paramref name="name"/>.
        /// </summary>
        private static InvocationExpressionSyntax? OnlyCallInLambda(InvocationExpressionSyntax call, string name)
        {
            InvocationExpressionSyntax? inner = null;
            foreach (var argument in call.ArgumentList.Arguments)
            {
                if (argument.Expression is not AnonymousFunctionExpressionSyntax lambda)
                {
                    continue;
                }

                if (inner is not null
                    || lambda is not ParenthesizedLambdaExpressionSyntax { ParameterList.Parameters.Count: 0, ExpressionBody: InvocationExpressionSyntax body })
                {
                    return null;
                }

                inner = body;
            }

            if (inner is null)
            {
                return null;
            }

            var innerName = inner.Expression switch
            {
                MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
                SimpleNameSyntax simple => simple.Identifier.ValueText,
                _ => null,
            };
            return innerName == name ? inner : null;
        }

        /// <summary>Whether the call's only lambda argument is <c>x =&gt; x.Name(…)</c>, calling the name on its own parameter.</summary>
        private static bool CallsOnParameter(InvocationExpressionSyntax call, string name)
        {
            var found = false;
            foreach (var argument in call.ArgumentList.Arguments)
            {
                if (argument.Expression is not AnonymousFunctionExpressionSyntax lambda)
                {
                    continue;
                }

                var parameter = lambda switch
                {
                    SimpleLambdaExpressionSyntax simple => simple.Parameter.Identifier.ValueText,
                    ParenthesizedLambdaExpressionSyntax { ParameterList.Parameters.Count: 1 } parenthesized => parenthesized.ParameterList.Parameters[0].Identifier.ValueText,
                    _ => null,
                };
                if (found
                    || parameter is null
                    || lambda.ExpressionBody is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax receiver } access }
                    || receiver.Identifier.ValueText != parameter
                    || access.Name.Identifier.ValueText != name)
                {
                    return false;
                }

                found = true;
            }

            return found;
        }

        private static void AddSelfAndSupertypes(INamedTypeSymbol type, HashSet<INamedTypeSymbol> types)
        {
            for (var current = type; current is not null; current = current.BaseType)
            {
                types.Add(current.OriginalDefinition);
            }

            foreach (var implemented in type.AllInterfaces)
            {
                types.Add(implemented.OriginalDefinition);
            }
        }

        /// <summary>
        /// Whether a method named <paramref name="name"/> may be job code within <paramref name="budget"/> calls of an
        /// entry point, by names alone: some entry point's name leads to it through the names each method declaration calls.
        /// </summary>
        private bool MayBeJobCode(string name, int budget, CancellationToken cancellationToken)
        {
            if (_nameDistance is null)
            {
                ComputeNameDistances(cancellationToken);
            }

            return _everyNameMayBeJobCode || (_nameDistance!.TryGetValue(name, out var distance) && distance <= budget);
        }

        private static void AddNames(ImmutableArray<MethodDeclarationSyntax> entryPoints, Dictionary<string, int> distances, List<string> frontier)
        {
            foreach (var entryPoint in entryPoints)
            {
                if (TryAdd(distances, entryPoint.Identifier.ValueText, 0))
                {
                    frontier.Add(entryPoint.Identifier.ValueText);
                }
            }
        }

        private void ComputeNameDistances(CancellationToken cancellationToken)
        {
            var distances = new Dictionary<string, int>(StringComparer.Ordinal);
            if (_search.JobInterfacesConfigured)
            {
                // A configured job interface may name any method an entry point.
                _everyNameMayBeJobCode = true;
                _nameDistance = distances;
                return;
            }

            var finder = _model.GetSiteFinder(_search.AnalyzerOptions);
            var graph = new Dictionary<string, List<ImmutableArray<string>>>(StringComparer.Ordinal);
            var frontier = new List<string>();
            foreach (var name in JobEntryPoints.EntryNames(_model.Symbols))
            {
                if (TryAdd(distances, name, 0))
                {
                    frontier.Add(name);
                }
            }

            var hasCap = _model.Symbols.HasCap;
            var hasFunctions = _model.Symbols.HasAzureFunctions;
            foreach (var tree in _model.Compilation.SyntaxTrees)
            {
                // CAP's subscriptions and Azure Functions are named by the application: their names are read with each
                // file's declarations.
                if (hasCap || hasFunctions)
                {
                    var declarations = HandlerDeclarations.Get(tree, cancellationToken);
                    AddNames(hasCap ? declarations.CapSubscriptions : ImmutableArray<MethodDeclarationSyntax>.Empty, distances, frontier);
                    AddNames(hasFunctions ? declarations.Functions : ImmutableArray<MethodDeclarationSyntax>.Empty, distances, frontier);
                }

                var calls = CallNames.Get(tree, cancellationToken);
                foreach (var pair in calls.NamesCalledBy)
                {
                    if (!graph.TryGetValue(pair.Key, out var list))
                    {
                        list = new List<ImmutableArray<string>>(1);
                        graph.Add(pair.Key, list);
                    }

                    list.Add(pair.Value);
                }

                if (finder is not null)
                {
                    foreach (var (outer, inner, _) in calls.LambdaCalls)
                    {
                        if (finder.MayNameJobMethod(outer) && TryAdd(distances, inner, 0))
                        {
                            frontier.Add(inner);
                        }
                    }
                }
            }

            for (var depth = 1; depth <= JobCode.MaxDepth && frontier.Count > 0; depth++)
            {
                var next = new List<string>();
                foreach (var name in frontier)
                {
                    if (!graph.TryGetValue(name, out var lists))
                    {
                        continue;
                    }

                    foreach (var called in lists)
                    {
                        foreach (var callee in called)
                        {
                            if (TryAdd(distances, callee, depth))
                            {
                                next.Add(callee);
                            }
                        }
                    }
                }

                frontier = next;
            }

            _nameDistance = distances;
        }

        private static bool TryAdd(Dictionary<string, int> distances, string name, int distance)
        {
            if (distances.ContainsKey(name))
            {
                return false;
            }

            distances.Add(name, distance);
            return true;
        }

        private static string? Identifier(SyntaxNode declaration)
            => declaration is MethodDeclarationSyntax method ? method.Identifier.ValueText : null;

        /// <summary>
        /// The types through which a call named as a method can run it: of the method's type, its subtypes and all their
        /// base types and interfaces (by definition), those that declare a member of that name.
        /// </summary>
        private sealed class Dispatch
        {
            public Dispatch(IMethodSymbol method, string name, JobModel model)
            {
                var methodTypes = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
                AddSelfAndSupertypes(method.ContainingType, methodTypes);
                foreach (var subtype in model.SourceTypes.GetSubtypes(method.ContainingType))
                {
                    AddSelfAndSupertypes(subtype, methodTypes);
                }

                var allDeclaredHere = true;
                foreach (var type in methodTypes)
                {
                    if (!type.GetMembers(name).IsEmpty)
                    {
                        Types.Add(type);
                        allDeclaredHere &= type.IsDeclaredIn(model.Compilation);
                    }
                }

                if (allDeclaredHere)
                {
                    DerivedNames = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var type in Types)
                    {
                        DerivedNames.UnionWith(model.SourceTypes.GetDerivedNames(type));
                    }
                }
            }

            public HashSet<INamedTypeSymbol> Types { get; } = new(SymbolEqualityComparer.Default);

            /// <summary>
            /// When every one of <see cref="Types"/> is declared in this compilation, the simple names of the source types
            /// that may derive from one of them (<see cref="SourceTypes.GetDerivedNames"/>): only a type of such a name,
            /// or an alias of one, can run the method. Null otherwise (a referenced type may derive from one of them).
            /// </summary>
            public HashSet<string>? DerivedNames { get; }

            /// <summary>
            /// Whether a receiver whose type is named <paramref name="typeName"/> (where <paramref name="tree"/> names it)
            /// cannot run the method: no type dispatches the call, or all are declared here and no type that may derive
            /// from one has that name, nor may it be an alias.
            /// </summary>
            public bool ExcludesTypeNamed(string typeName, SyntaxTree tree, SourceTypes sourceTypes)
                => Types.Count == 0 || (DerivedNames is { } derived && !derived.Contains(typeName) && !sourceTypes.MayBeAlias(tree, typeName));
        }

        private sealed class Found
        {
            public Found(IMethodSymbol entryPoint, SyntaxNode entryDeclaration, JobEntryPointKind kind, int depth)
            {
                EntryPoint = entryPoint;
                EntryDeclaration = entryDeclaration;
                Kind = kind;
                Depth = depth;
            }

            public IMethodSymbol EntryPoint { get; }

            public SyntaxNode EntryDeclaration { get; }

            public JobEntryPointKind Kind { get; }

            public int Depth { get; }
        }
    }
}
