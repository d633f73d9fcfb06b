using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using QueueLint.Model.Syntax;

namespace QueueLint.Model.Serialization
{
    /// <summary>
    /// Follows a payload's type through what its serializer writes — public properties and fields, collection
    /// elements, dictionary values — to the first member that does not come back as it went in. Only types declared
    /// in source are followed member by member: a library's type is judged by what it is (a delegate, a stream, a
    /// collection), never guessed at. Verdicts are cached per type and serializer for the compilation.
    /// </summary>
    internal sealed class PayloadTypes
    {
        /// <summary>How deep the walk follows members; a payload deeper than this is not judged below it.</summary>
        private const int MaxDepth = 8;

        private readonly KnownSymbols _symbols;
        private readonly ConcurrentDictionary<Key, PayloadProblem?> _verdicts = new();
        private readonly ConcurrentDictionary<ITypeSymbol, TypeShape> _shapes = new(SymbolEqualityComparer.Default);

        public PayloadTypes(KnownSymbols symbols) => _symbols = symbols;

        /// <summary>
        /// The first problem of a payload of <paramref name="type"/>, or null when it survives (or cannot be judged).
        /// What the value itself is (a stream, an interface) is another rule's finding: only what lies inside it,
        /// its constructor and its file content are judged at the top.
        /// </summary>
        public PayloadProblem? Check(ITypeSymbol type, PayloadSerializer serializer, CancellationToken cancellationToken)
        {
            if (!serializer.StringsOnly && IsSimpleValue(type))
            {
                return null;
            }

            var key = new Key(type, serializer);
            if (_verdicts.TryGetValue(key, out var known))
            {
                return known;
            }

            var problem = serializer.StringsOnly
                ? (type.SpecialType == SpecialType.System_String || type.TypeKind == TypeKind.Error ? null : new PayloadProblem(PayloadProblemKind.NotString, Display(type), type))
                : new Walk(this, serializer, cancellationToken).Visit(type, Display(type), depth: 0);
            return _verdicts.GetOrAdd(key, problem);
        }

        /// <summary>A value every JSON serializer writes and reads as it is (a number, text, a date, an enum...), nullable or not.</summary>
        public static bool IsSimpleValue(ITypeSymbol type) => IsSimple(type.WithoutNullable());

        /// <summary>A value the strict preset lets through: a simple value, or a collection or dictionary of them.</summary>
        public bool IsSimpleOrCollectionOfSimple(ITypeSymbol type)
        {
            type = type.WithoutNullable();
            if (IsSimple(type))
            {
                return true;
            }

            if (type is IArrayTypeSymbol array)
            {
                return IsSimple(array.ElementType.WithoutNullable());
            }

            if (type is INamedTypeSymbol { IsGenericType: true } named && IsFrameworkCollection(named))
            {
                foreach (var argument in named.TypeArguments)
                {
                    if (!IsSimple(argument.WithoutNullable()))
                    {
                        return false;
                    }
                }

                return true;
            }

            return false;
        }

        /// <summary>A type as messages name it, without its nullable annotation.</summary>
        internal static string Display(ITypeSymbol type)
            => type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);

        /// <summary>Values every JSON serializer writes and reads as they are.</summary>
        private static bool IsSimple(ITypeSymbol type)
        {
            if (type.TypeKind == TypeKind.Enum)
            {
                return true;
            }

            switch (type.SpecialType)
            {
                case SpecialType.System_Boolean:
                case SpecialType.System_Char:
                case SpecialType.System_SByte:
                case SpecialType.System_Byte:
                case SpecialType.System_Int16:
                case SpecialType.System_UInt16:
                case SpecialType.System_Int32:
                case SpecialType.System_UInt32:
                case SpecialType.System_Int64:
                case SpecialType.System_UInt64:
                case SpecialType.System_Decimal:
                case SpecialType.System_Single:
                case SpecialType.System_Double:
                case SpecialType.System_String:
                case SpecialType.System_DateTime:
                    return true;
            }

            return type is INamedTypeSymbol { ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } named
                   && named.Name is "Guid" or "DateTimeOffset" or "TimeSpan" or "Uri" or "DateOnly" or "TimeOnly" or "Version";
        }

        /// <summary>A collection or dictionary of the base library, written as a JSON array or object of its type arguments.</summary>
        private static bool IsFrameworkCollection(INamedTypeSymbol type)
        {
            var ns = type.ContainingNamespace;
            if (ns is { Name: "Collections", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } })
            {
                // The non-generic ones (IList, ArrayList, Hashtable): arrays and objects of whatever the JSON holds.
                return true;
            }

            if (ns is null || ns.Name is not ("Generic" or "ObjectModel" or "Immutable" or "Concurrent"))
            {
                return false;
            }

            var parent = ns.ContainingNamespace;
            return parent is { Name: "Collections", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } }
                   && type.Name is not ("KeyValuePair" or "Comparer" or "EqualityComparer");
        }

        private static bool IsKeyValuePair(INamedTypeSymbol type)
            => type.Name == "KeyValuePair" && type.ContainingNamespace is { Name: "Generic" };

        /// <summary>What a value that cannot be serialized at all is, for the message, or null.</summary>
        private string? NotSerializable(ITypeSymbol type, out bool isFile)
        {
            isFile = false;
            if (type.TypeKind == TypeKind.Delegate)
            {
                return "a delegate";
            }

            if (type.InheritsFrom(_symbols.Stream))
            {
                isFile = true;
                return "a stream";
            }

            if (type.IsOrImplements(_symbols.FormFile))
            {
                isFile = true;
                return "an uploaded file";
            }

            if (type.InheritsFrom(_symbols.Expression))
            {
                return "an expression";
            }

            if (type.InheritsFrom(_symbols.Task)
                || SymbolEqualityComparer.Default.Equals(type, _symbols.ValueTask)
                || SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, _symbols.ValueTask1))
            {
                return "a task";
            }

            if (type.InheritsFrom(_symbols.CancellationTokenSource))
            {
                return "a cancellation source";
            }

            if (type.InheritsFrom(_symbols.EfDbContext))
            {
                return "a DbContext";
            }

            if (type.InheritsFrom(_symbols.HttpContext) || type.InheritsFrom(_symbols.HttpRequest))
            {
                return "the HTTP request";
            }

            if (type.IsOrImplements(_symbols.IServiceProvider) || type.IsOrImplements(_symbols.ILogger))
            {
                return "a service";
            }

            return null;
        }

        private static bool HasAttribute(ISymbol symbol, string name, string? other = null)
        {
            foreach (var attribute in symbol.GetAttributes())
            {
                var attributeName = attribute.AttributeClass?.Name;
                if (attributeName == name || (other is not null && attributeName == other))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool HasCustomConversion(ISymbol member)
        {
            foreach (var attribute in member.GetAttributes())
            {
                switch (attribute.AttributeClass?.Name)
                {
                    case "JsonConverterAttribute":
                        return true;
                    case "JsonPropertyAttribute":
                        foreach (var argument in attribute.NamedArguments)
                        {
                            if (argument.Key is "TypeNameHandling" or "ItemTypeNameHandling" or "ItemConverterType")
                            {
                                return true;
                            }
                        }

                        break;
                }
            }

            return false;
        }

        private static bool IsFileContent(ITypeSymbol type)
            => type is IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_Byte }
               || (type is INamedTypeSymbol { Name: "Memory" or "ReadOnlyMemory", TypeArguments: { Length: 1 } arguments, ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } }
                   && arguments[0].SpecialType == SpecialType.System_Byte);

        private TypeShape GetShape(INamedTypeSymbol type) => _shapes.GetOrAdd(type, static t => TypeShape.Create((INamedTypeSymbol)t));

        private readonly struct Key : IEquatable<Key>
        {
            private readonly ITypeSymbol _type;
            private readonly PayloadSerializer _serializer;

            public Key(ITypeSymbol type, PayloadSerializer serializer)
            {
                _type = type;
                _serializer = serializer;
            }

            public bool Equals(Key other)
                => SymbolEqualityComparer.Default.Equals(_type, other._type) && _serializer.Equals(other._serializer);

            public override bool Equals(object? obj) => obj is Key other && Equals(other);

            public override int GetHashCode() => (SymbolEqualityComparer.Default.GetHashCode(_type) * 397) ^ _serializer.GetHashCode();
        }

        /// <summary>One walk from a payload's type, keeping the types on the path from it.</summary>
        private sealed class Walk
        {
            private readonly PayloadTypes _types;
            private readonly PayloadSerializer _serializer;
            private readonly CancellationToken _cancellationToken;
            private readonly List<ITypeSymbol> _path = new();

            public Walk(PayloadTypes types, PayloadSerializer serializer, CancellationToken cancellationToken)
            {
                _types = types;
                _serializer = serializer;
                _cancellationToken = cancellationToken;
            }

            public PayloadProblem? Visit(ITypeSymbol type, string path, int depth)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                type = type.WithoutNullable();
                if (type.TypeKind is TypeKind.Error or TypeKind.TypeParameter or TypeKind.Pointer or TypeKind.FunctionPointer || IsSimple(type) || depth > MaxDepth)
                {
                    return null;
                }

                if (IsFileContent(type))
                {
                    return new PayloadProblem(PayloadProblemKind.FileContent, path, type);
                }

                if (_types.NotSerializable(type, out var isFile) is { } what)
                {
                    // A value that is itself a stream or a delegate is QL0002's finding; an uploaded file is file content.
                    return depth == 0 && !isFile ? null : new PayloadProblem(isFile ? PayloadProblemKind.FileContent : PayloadProblemKind.NotSerializable, path, type, what);
                }

                if (type is IArrayTypeSymbol array)
                {
                    return Visit(array.ElementType, path + "[]", depth + 1);
                }

                if (type.SpecialType == SpecialType.System_Object || type.TypeKind == TypeKind.Dynamic)
                {
                    return depth == 0 || _serializer.WritesTypeNames ? null : new PayloadProblem(PayloadProblemKind.ObjectTyped, path, type);
                }

                if (type is not INamedTypeSymbol named)
                {
                    return null;
                }

                if (IsFrameworkCollection(named) || (named.IsGenericType && IsKeyValuePair(named)))
                {
                    foreach (var argument in named.TypeArguments)
                    {
                        if (Visit(argument, path + "[]", depth + 1) is { } problem)
                        {
                            return problem;
                        }
                    }

                    return null;
                }

                // A converter of the type's own, or (System.Text.Json) the derived types it declares, decide how it travels.
                if (HasAttribute(named, "JsonConverterAttribute") || (_serializer.IsSystemTextJson && HasAttribute(named, "JsonPolymorphicAttribute", "JsonDerivedTypeAttribute")))
                {
                    return null;
                }

                if (named.TypeKind == TypeKind.Interface || named.IsAbstract)
                {
                    // At the top the parameter's own type is QL0007's finding.
                    if (depth == 0 || _serializer.WritesTypeNames || (named.TypeKind == TypeKind.Interface && _serializer.CreatesInterfaces))
                    {
                        return null;
                    }

                    return new PayloadProblem(PayloadProblemKind.NoTypeName, path, type, named.TypeKind == TypeKind.Interface ? "interface" : "abstract class");
                }

                if (!named.IsInSource() || named.TypeKind is not (TypeKind.Class or TypeKind.Struct) || ContainsType(named))
                {
                    return null;
                }

                var shape = _types.GetShape(named);
                if (shape.Element is { } element)
                {
                    return Visit(element, path + "[]", depth + 1);
                }

                _path.Add(named);
                try
                {
                    return VisitMembers(named, shape, path, depth);
                }
                finally
                {
                    _path.RemoveAt(_path.Count - 1);
                }
            }

            private PayloadProblem? VisitMembers(INamedTypeSymbol type, TypeShape shape, string path, int depth)
            {
                var constructor = shape.ConstructorFor(_serializer, out var unbound);
                if (constructor is null && type.TypeKind == TypeKind.Class)
                {
                    return new PayloadProblem(PayloadProblemKind.NoUsableConstructor, path, type);
                }

                if (unbound is not null)
                {
                    return new PayloadProblem(PayloadProblemKind.UnboundConstructorParameter, path, type, unbound);
                }

                var owner = _path.Count >= 2 ? _path[_path.Count - 2] : null;
                foreach (var member in shape.Members)
                {
                    if (member.CustomConversion)
                    {
                        continue;
                    }

                    var memberPath = path + "." + member.Symbol.Name;
                    var lost = member.Access switch
                    {
                        MemberAccess.NonPublicSetter when !_serializer.CustomContracts && !shape.Fills(constructor, member) && shape.IsAssignedOutside(member, constructor) => PayloadProblemKind.NonPublicSetter,
                        MemberAccess.GetOnly when !shape.Fills(constructor, member) && LosesGetOnly(shape, constructor, member) => PayloadProblemKind.GetOnly,
                        MemberAccess.Field when _serializer.IsSystemTextJson && !_serializer.IncludesFields && !shape.Fills(constructor, member) => PayloadProblemKind.Field,
                        MemberAccess.ReadOnlyField when !shape.Fills(constructor, member) && shape.IsAssignedOutside(member, constructor) => PayloadProblemKind.GetOnly,
                        _ => (PayloadProblemKind?)null,
                    };
                    if (lost is { } kind)
                    {
                        return new PayloadProblem(kind, memberPath, member.Type);
                    }

                    if (!_serializer.HandlesReferenceLoops && PointsBack(owner, member))
                    {
                        return new PayloadProblem(PayloadProblemKind.BackReference, memberPath, member.Type);
                    }

                    if (Visit(member.Type, memberPath, depth + 1) is { } problem)
                    {
                        return problem;
                    }
                }

                return null;
            }

            /// <summary>
            /// Whether a get-only member the serializer's constructor does not fill loses its value: one set elsewhere
            /// does; an object or collection its initializer creates is filled in place by Newtonsoft.Json, and left as
            /// the initializer made it (empty) by System.Text.Json.
            /// </summary>
            private bool LosesGetOnly(TypeShape shape, IMethodSymbol? constructor, Member member)
            {
                var mutable = member.HasInitializer && !IsSimple(member.Type.WithoutNullable());
                return mutable ? _serializer.IsSystemTextJson : shape.IsAssignedOutside(member, constructor);
            }

            /// <summary>
            /// A single reference back to the type the walk came from (an order's line pointing to its order): filled in
            /// both directions, the graph is a loop. A type's reference to its own type (a parent, a next sibling) is not
            /// judged: its name alone tells a loop from a chain.
            /// </summary>
            private static bool PointsBack(ITypeSymbol? owner, Member member)
                => owner is not null
                   && member.Type.WithoutNullable() is INamedTypeSymbol target
                   && !IsFrameworkCollectionType(target)
                   && SymbolEqualityComparer.Default.Equals(target, owner);

            private static bool IsFrameworkCollectionType(ITypeSymbol type) => type is INamedTypeSymbol { IsGenericType: true } named && IsFrameworkCollection(named);

            private bool ContainsType(ITypeSymbol type)
            {
                foreach (var onPath in _path)
                {
                    if (SymbolEqualityComparer.Default.Equals(onPath, type))
                    {
                        return true;
                    }
                }

                return false;
            }
        }

        private enum MemberAccess
        {
            Writable,
            NonPublicSetter,
            GetOnly,
            Field,
            ReadOnlyField,
        }

        private sealed class Member
        {
            public Member(ISymbol symbol, ITypeSymbol type, MemberAccess access, bool hasInitializer)
            {
                Symbol = symbol;
                Type = type;
                Access = access;
                HasInitializer = hasInitializer;
                CustomConversion = HasCustomConversion(symbol);
            }

            /// <summary>
            /// The member says how it travels: a converter of its own (<c>[JsonConverter]</c>), or type names for it alone
            /// (<c>[JsonProperty(TypeNameHandling = …)]</c>). It is not judged.
            /// </summary>
            public bool CustomConversion { get; }

            public ISymbol Symbol { get; }

            public ITypeSymbol Type { get; }

            public MemberAccess Access { get; }

            public bool HasInitializer { get; }
        }

        /// <summary>What a source type offers a serializer: its constructors and the members it writes, read once.</summary>
        private sealed class TypeShape
        {
            private readonly INamedTypeSymbol _type;
            private HashSet<string>? _assignedOutsideConstructors;
            private Dictionary<IMethodSymbol, HashSet<string>>? _assignedInConstructors;

            private TypeShape(INamedTypeSymbol type, List<Member> members, ITypeSymbol? element)
            {
                _type = type;
                Members = members;
                Element = element;
            }

            public List<Member> Members { get; }

            /// <summary>The element type when the type is itself a collection (it implements <c>IEnumerable&lt;T&gt;</c>).</summary>
            public ITypeSymbol? Element { get; }

            public static TypeShape Create(INamedTypeSymbol type)
            {
                ITypeSymbol? element = null;
                foreach (var candidate in type.AllInterfaces)
                {
                    if (candidate.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)
                    {
                        element = candidate.TypeArguments[0];
                        break;
                    }
                }

                var members = new List<Member>();
                if (element is null)
                {
                    var seen = new HashSet<string>(StringComparer.Ordinal);
                    for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object && current.IsInSource(); current = current.BaseType)
                    {
                        AddMembers(current, members, seen);
                    }
                }

                return new TypeShape(type, members, element);
            }

            private static void AddMembers(INamedTypeSymbol type, List<Member> members, HashSet<string> seen)
            {
                HashSet<IPropertySymbol>? autoProperties = null;
                foreach (var symbol in type.GetMembers())
                {
                    if (symbol is IFieldSymbol { AssociatedSymbol: IPropertySymbol property })
                    {
                        (autoProperties ??= new HashSet<IPropertySymbol>(SymbolEqualityComparer.Default)).Add(property);
                    }
                }

                foreach (var symbol in type.GetMembers())
                {
                    if (symbol.IsStatic || symbol.IsImplicitlyDeclared || symbol.DeclaredAccessibility != Accessibility.Public || !seen.Add(symbol.Name) || IsIgnored(symbol))
                    {
                        continue;
                    }

                    switch (symbol)
                    {
                        case IPropertySymbol { IsIndexer: false, GetMethod.DeclaredAccessibility: Accessibility.Public } property:
                            var included = IsIncluded(property);
                            if (property.SetMethod is { } setter)
                            {
                                members.Add(new Member(property, property.Type, setter.DeclaredAccessibility == Accessibility.Public || included ? MemberAccess.Writable : MemberAccess.NonPublicSetter, HasInitializer(property)));
                            }
                            else if (autoProperties is not null && autoProperties.Contains(property))
                            {
                                members.Add(new Member(property, property.Type, included ? MemberAccess.Writable : MemberAccess.GetOnly, HasInitializer(property)));
                            }

                            break;
                        case IFieldSymbol { IsConst: false } field:
                            var access = IsIncluded(field) ? MemberAccess.Writable : field.IsReadOnly ? MemberAccess.ReadOnlyField : MemberAccess.Field;
                            members.Add(new Member(field, field.Type, access, hasInitializer: false));
                            break;
                    }
                }
            }

            /// <summary>A member both serializers leave out: <c>[JsonIgnore]</c> of either, or <c>[IgnoreDataMember]</c>.</summary>
            private static bool IsIgnored(ISymbol symbol)
            {
                foreach (var attribute in symbol.GetAttributes())
                {
                    if (attribute.AttributeClass?.Name is "JsonIgnoreAttribute" or "IgnoreDataMemberAttribute")
                    {
                        return true;
                    }
                }

                return false;
            }

            /// <summary>A member a serializer is told to read whatever its accessors: <c>[JsonProperty]</c>, <c>[JsonInclude]</c>, <c>[DataMember]</c>.</summary>
            private static bool IsIncluded(ISymbol symbol)
            {
                foreach (var attribute in symbol.GetAttributes())
                {
                    if (attribute.AttributeClass?.Name is "JsonPropertyAttribute" or "JsonIncludeAttribute" or "DataMemberAttribute")
                    {
                        return true;
                    }
                }

                return false;
            }

            private static bool HasInitializer(IPropertySymbol property)
            {
                foreach (var reference in property.DeclaringSyntaxReferences)
                {
                    if (reference.GetSyntax() is PropertyDeclarationSyntax { Initializer: not null })
                    {
                        return true;
                    }
                }

                return false;
            }

            /// <summary>
            /// The constructor the serializer calls: one marked <c>[JsonConstructor]</c>, the public parameterless one, the
            /// only public one, or (Newtonsoft.Json only, when there is no public one) a non-public parameterless one.
            /// Null when there is none of these; <paramref name="unbound"/> names a parameter of it that binds to no
            /// property, which System.Text.Json refuses.
            /// </summary>
            public IMethodSymbol? ConstructorFor(PayloadSerializer serializer, out string? unbound)
            {
                unbound = null;
                IMethodSymbol? parameterless = null;
                IMethodSymbol? hiddenParameterless = null;
                IMethodSymbol? single = null;
                IMethodSymbol? chosen = null;
                var publicCount = 0;
                foreach (var constructor in _type.InstanceConstructors)
                {
                    foreach (var attribute in constructor.GetAttributes())
                    {
                        if (attribute.AttributeClass?.Name == "JsonConstructorAttribute")
                        {
                            chosen = constructor;
                        }
                    }

                    if (constructor.DeclaredAccessibility != Accessibility.Public)
                    {
                        if (constructor.Parameters.Length == 0)
                        {
                            hiddenParameterless = constructor;
                        }

                        continue;
                    }

                    publicCount++;
                    single = constructor;
                    if (constructor.Parameters.Length == 0)
                    {
                        parameterless = constructor;
                    }
                }

                chosen ??= parameterless
                           ?? (publicCount == 1 ? single : null)
                           ?? (serializer.IsSystemTextJson ? null : hiddenParameterless);
                if (chosen is not null && serializer.IsSystemTextJson)
                {
                    foreach (var parameter in chosen.Parameters)
                    {
                        if (!HasPropertyNamed(parameter.Name, serializer.IncludesFields))
                        {
                            unbound = parameter.Name;
                            break;
                        }
                    }
                }

                return chosen;
            }

            /// <summary>
            /// A member System.Text.Json binds a constructor parameter to: a property, or a field marked to be included
            /// (any public field where the serializer includes fields).
            /// </summary>
            private bool HasPropertyNamed(string name, bool fieldsIncluded)
            {
                foreach (var member in Members)
                {
                    if ((member.Symbol is IPropertySymbol || member.Access == MemberAccess.Writable || (fieldsIncluded && member.Symbol is IFieldSymbol))
                        && string.Equals(member.Symbol.Name, name, StringComparison.OrdinalIgnoreCase))
                    {
                        return true;
                    }
                }

                return false;
            }

            /// <summary>Whether the serializer's constructor gives the member its value: a parameter of its name, or an assignment in its body.</summary>
            public bool Fills(IMethodSymbol? constructor, Member member)
            {
                if (constructor is null || constructor.Parameters.Length == 0)
                {
                    return false;
                }

                foreach (var parameter in constructor.Parameters)
                {
                    if (string.Equals(parameter.Name, member.Symbol.Name, StringComparison.OrdinalIgnoreCase))
                    {
                        return true;
                    }
                }

                return AssignedIn(constructor).Contains(member.Symbol.Name);
            }

            /// <summary>
            /// Whether code other than the serializer's constructor can give the member a value the serializer does not
            /// bring back: a setter that is not private (other types set it), or an assignment in the type's methods or
            /// other constructors. A member only its initializer sets comes back the same.
            /// </summary>
            public bool IsAssignedOutside(Member member, IMethodSymbol? constructor)
            {
                if (member.Symbol is IPropertySymbol { SetMethod.DeclaredAccessibility: not Accessibility.Private })
                {
                    return true;
                }

                var name = member.Symbol.Name;
                if (AssignedOutsideConstructors().Contains(name))
                {
                    return true;
                }

                foreach (var other in _type.InstanceConstructors)
                {
                    if (!SymbolEqualityComparer.Default.Equals(other, constructor) && AssignedIn(other).Contains(name))
                    {
                        return true;
                    }
                }

                return false;
            }

            private HashSet<string> AssignedIn(IMethodSymbol constructor)
            {
                lock (this)
                {
                    _assignedInConstructors ??= new Dictionary<IMethodSymbol, HashSet<string>>(SymbolEqualityComparer.Default);
                    if (!_assignedInConstructors.TryGetValue(constructor, out var names))
                    {
                        names = new HashSet<string>(StringComparer.Ordinal);
                        foreach (var reference in constructor.DeclaringSyntaxReferences)
                        {
                            var syntax = reference.GetSyntax();
                            if (syntax is ConstructorDeclarationSyntax declaration)
                            {
                                CollectAssigned(declaration, names);
                            }
                        }

                        _assignedInConstructors.Add(constructor, names);
                    }

                    return names;
                }
            }

            private HashSet<string> AssignedOutsideConstructors()
            {
                lock (this)
                {
                    if (_assignedOutsideConstructors is null)
                    {
                        var names = new HashSet<string>(StringComparer.Ordinal);
                        foreach (var reference in _type.DeclaringSyntaxReferences)
                        {
                            if (reference.GetSyntax() is TypeDeclarationSyntax declaration)
                            {
                                foreach (var member in declaration.Members)
                                {
                                    if (member is not (ConstructorDeclarationSyntax or BaseTypeDeclarationSyntax or FieldDeclarationSyntax or PropertyDeclarationSyntax { AccessorList: null }))
                                    {
                                        CollectAssigned(member, names);
                                    }
                                }
                            }
                        }

                        _assignedOutsideConstructors = names;
                    }

                    return _assignedOutsideConstructors;
                }
            }

            /// <summary>Names assigned, incremented or passed by <c>ref</c>/<c>out</c> in <paramref name="node"/>: <c>X = …</c>, <c>this.X += …</c>, <c>X++</c>.</summary>
            private static void CollectAssigned(SyntaxNode node, HashSet<string> names)
            {
                foreach (var descendant in node.DescendantNodes(n => !(n is BaseTypeDeclarationSyntax && n != node)))
                {
                    ExpressionSyntax? target = descendant switch
                    {
                        AssignmentExpressionSyntax assignment when !assignment.Parent.IsKind(SyntaxKind.ObjectInitializerExpression) => assignment.Left,
                        PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression or (int)SyntaxKind.PostDecrementExpression } postfix => postfix.Operand,
                        PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression } prefix => prefix.Operand,
                        ArgumentSyntax { RefKindKeyword.RawKind: (int)SyntaxKind.RefKeyword or (int)SyntaxKind.OutKeyword } argument => argument.Expression,
                        _ => null,
                    };
                    switch (target)
                    {
                        case IdentifierNameSyntax identifier:
                            names.Add(identifier.Identifier.ValueText);
                            break;
                        case MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: var name }:
                            names.Add(name.Identifier.ValueText);
                            break;
                    }
                }
            }
        }
    }
}
