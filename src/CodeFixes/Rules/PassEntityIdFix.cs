using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using QueueLint.Model;
using QueueLint.Model.Data;
using QueueLint.Model.Syntax;
using QueueLint.Options;
using QueueLint.Rules;

namespace QueueLint.CodeFixes.Rules
{
    /// <summary>
    /// The QL0001 rewrite, shared by the single fix and Fix All: plans are made per diagnostic, then the
    /// edits are merged so that each enqueue site is rewritten once and each job method gains one overload.
    /// </summary>
    internal static class PassEntityIdFix
    {
        public static async Task<SitePlan?> TryPlanAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (!diagnostic.Properties.TryGetValue(PassEntityIdAnalyzer.JobArgumentProperty, out var parameterName) || parameterName is null)
            {
                return null;
            }

            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || semanticModel is null)
            {
                return null;
            }

            var argument = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<ArgumentSyntax>();
            if (argument?.Parent?.Parent is not InvocationExpressionSyntax call
                || semanticModel.GetOperation(call, cancellationToken) is not IInvocationOperation invocation)
            {
                return null;
            }

            var method = await TryPlanMethodAsync(document.Project.Solution, invocation.TargetMethod, parameterName, cancellationToken).ConfigureAwait(false);
            return method is null ? null : new SitePlan(document, call, invocation, method);
        }

        public static async Task<Solution> ApplyAsync(Solution solution, ImmutableArray<(Document Document, Diagnostic Diagnostic)> diagnostics, CancellationToken cancellationToken)
        {
            var changes = new Dictionary<DocumentId, List<TextChange>>();
            var rewrittenSites = new HashSet<(DocumentId, TextSpan)>();
            var extendedMethods = new HashSet<(DocumentId, TextSpan)>();
            var injectedClasses = new HashSet<(DocumentId, TextSpan)>();
            var addedUsings = new Dictionary<DocumentId, List<string>>();

            var renamedKeys = new HashSet<string>(StringComparer.Ordinal);
            var messageProperties = new List<(Document Document, Diagnostic Diagnostic)>();
            foreach (var (document, diagnostic) in diagnostics)
            {
                // A message property: its producers and consumers change with it, all properties together (below).
                if (PassEntityIdMessageFix.Applies(diagnostic))
                {
                    messageProperties.Add((document, diagnostic));
                    continue;
                }

                // A JobDataMap value: every put and read of its name changes at once, so once per name.
                if (diagnostic.Properties.TryGetValue(PassEntityIdAnalyzer.JobDataKeyProperty, out var dataKey) && dataKey is not null)
                {
                    if (renamedKeys.Add(dataKey)
                        && await PassEntityIdJobDataFix.TryPlanAsync(solution, diagnostic, cancellationToken).ConfigureAwait(false) is { } dataPlan
                        && await dataPlan.GetChangesAsync(injectedClasses, cancellationToken).ConfigureAwait(false) is { } dataChanges)
                    {
                        foreach (var pair in dataChanges)
                        {
                            GetList(changes, pair.Key).AddRange(pair.Value);
                        }
                    }

                    continue;
                }

                var plan = await TryPlanAsync(document, diagnostic, cancellationToken).ConfigureAwait(false);
                if (plan is null)
                {
                    continue;
                }

                if (rewrittenSites.Add((plan.Document.Id, plan.Call.Span)))
                {
                    foreach (var change in plan.GetSiteChanges())
                    {
                        GetList(changes, plan.Document.Id).Add(change);
                    }

                    AddUsings(addedUsings, plan.Document.Id, plan.GetMissingUsings());
                }

                var method = plan.Method;
                if (!method.OverloadExists && extendedMethods.Add((method.Document.Id, method.Declaration.Span)))
                {
                    var text = await method.Document.GetTextAsync(cancellationToken).ConfigureAwait(false);
                    GetList(changes, method.Document.Id).Add(method.GetOverloadInsertion(text));
                    if (method.Injection is { } injection && injectedClasses.Add((method.Document.Id, injection.ClassSpan)))
                    {
                        GetList(changes, method.Document.Id).AddRange(injection.GetChanges(text));
                    }

                    AddUsings(addedUsings, method.Document.Id, method.MissingUsings);
                }
            }

            if (messageProperties.Count > 0
                && await PassEntityIdMessageFix.GetChangesAsync(solution, messageProperties, injectedClasses, cancellationToken).ConfigureAwait(false) is { } messageChanges)
            {
                foreach (var pair in messageChanges)
                {
                    GetList(changes, pair.Key).AddRange(pair.Value);
                }
            }

            // One insertion per document for all its new usings: insertions at one point would overlap.
            foreach (var pair in addedUsings)
            {
                var document = solution.GetDocument(pair.Key);
                if (document is not null && await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is CompilationUnitSyntax root)
                {
                    var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
                    GetList(changes, pair.Key).Add(UsingInsertion(root, text, pair.Value));
                }
            }

            foreach (var pair in changes)
            {
                var document = solution.GetDocument(pair.Key);
                if (document is null)
                {
                    continue;
                }

                var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
                solution = solution.WithDocumentText(pair.Key, text.WithChanges(WithoutOverlaps(pair.Value)));
            }

            return solution;
        }

        private static async Task<MethodPlan?> TryPlanMethodAsync(Solution solution, IMethodSymbol target, string diagnosedParameter, CancellationToken cancellationToken)
        {
            if (target.IsGenericMethod || target.IsStatic || target.ContainingType is not { TypeKind: TypeKind.Class }
                || target.DeclaringSyntaxReferences.Length != 1)
            {
                return null;
            }

            var declaration = await target.DeclaringSyntaxReferences[0].GetSyntaxAsync(cancellationToken).ConfigureAwait(false) as MethodDeclarationSyntax;
            var document = declaration is null ? null : solution.GetDocument(declaration.SyntaxTree);
            if (declaration is null || document is null || (declaration.Body is null && declaration.ExpressionBody is null))
            {
                return null;
            }

            // Re-bind in the job's own project: the site may live in another one.
            var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (semanticModel?.GetDeclaredSymbol(declaration, cancellationToken) is not IMethodSymbol method)
            {
                return null;
            }

            var model = JobModel.Get(semanticModel.Compilation);
            var symbols = model.Symbols;
            var isAsync = SymbolEqualityComparer.Default.Equals(method.ReturnType, symbols.Task);
            if ((!method.ReturnsVoid && !isAsync) || method.Parameters.Any(p => p.RefKind != RefKind.None))
            {
                return null;
            }

            var options = QueueLintOptions.Get(document.Project.AnalyzerOptions.AnalyzerConfigOptionsProvider.GetOptions(declaration.SyntaxTree));
            var replaced = ImmutableArray.CreateBuilder<ReplacedParameter>();
            var usedNames = new HashSet<string>(method.Parameters.Select(p => p.Name), StringComparer.Ordinal);
            foreach (var parameter in method.Parameters)
            {
                if (AsEntities(parameter.Type, semanticModel.Compilation) is not var (entity, collection))
                {
                    continue;
                }

                var diagnosed = parameter.Name == diagnosedParameter;
                if (!diagnosed && !model.Entities.IsEntity(entity, options, model, extra: null))
                {
                    continue;
                }

                var key = EntityKeys.FindKey(entity, symbols.KeyAttribute);
                if (key is null)
                {
                    if (diagnosed)
                    {
                        return null;
                    }

                    continue;
                }

                var newName = SyntaxText.UniqueName(parameter.Name + "Id", usedNames);
                if (collection != EntityCollection.None)
                {
                    newName = SyntaxText.UniqueName(Singular(parameter.Name) + "Ids", usedNames);
                }

                replaced.Add(new ReplacedParameter(
                    parameter,
                    entity,
                    collection,
                    key.Name,
                    newName,
                    key.Type.ToMinimalDisplayString(semanticModel, declaration.SpanStart),
                    entity.ToMinimalDisplayString(semanticModel, declaration.SpanStart)));
            }

            if (!replaced.Any(p => p.Parameter.Name == diagnosedParameter))
            {
                return null;
            }

            var replacedParameters = replaced.ToImmutable();

            // Load with the class's own context when it has one; otherwise inject the context that declares the
            // entities' sets, the way the class already takes its dependencies.
            var contextMember = FindDbContextMember(method.ContainingType, symbols);
            ContextInjection? injection = null;
            if (contextMember is null)
            {
                var contextType = FindDeclaringContext(semanticModel.Compilation, symbols, replacedParameters.Select(r => r.Entity));
                injection = contextType is null ? null : await ContextInjection.TryPlanAsync(document, semanticModel, method.ContainingType, contextType, cancellationToken).ConfigureAwait(false);
                if (injection is null)
                {
                    return null;
                }

                contextMember = injection.MemberName;
            }

            var includes = FindDereferencedNavigations(declaration, semanticModel, replacedParameters, model, options, cancellationToken);
            var missingUsings = new List<string>();
            var queriesCollection = replacedParameters.Any(r => r.Collection != EntityCollection.None);
            if (includes.Values.Any(list => list.Count > 0) || queriesCollection)
            {
                if (!NamespaceImported(declaration, semanticModel.Compilation, "Microsoft.EntityFrameworkCore"))
                {
                    missingUsings.Add("Microsoft.EntityFrameworkCore");
                }

                if ((!isAsync || queriesCollection) && !NamespaceImported(declaration, semanticModel.Compilation, "System.Linq"))
                {
                    missingUsings.Add("System.Linq");
                }
            }
            var overloadExists = method.ContainingType.GetMembers(method.Name).OfType<IMethodSymbol>().Any(other =>
                !SymbolEqualityComparer.Default.Equals(other, method)
                && other.Parameters.Length == method.Parameters.Length
                && other.Parameters.All(p =>
                {
                    var swap = replacedParameters.FirstOrDefault(r => r.Parameter.Ordinal == p.Ordinal);
                    var expected = swap is null ? method.Parameters[p.Ordinal].Type : KeysType(swap, semanticModel.Compilation);
                    return SymbolEqualityComparer.Default.Equals(p.Type, expected);
                }));

            return new MethodPlan(document, declaration, method, replacedParameters, contextMember, isAsync, overloadExists, injection, includes, missingUsings);
        }

        /// <summary>
        /// The entity type a parameter carries, and how: the type itself, the element of a one-dimensional array, or the
        /// type argument of <c>List&lt;T&gt;</c> or of an interface a list implements and a query can be materialized as.
        /// </summary>
        private static (INamedTypeSymbol Entity, EntityCollection Collection)? AsEntities(ITypeSymbol type, Compilation compilation)
        {
            switch (type)
            {
                case IArrayTypeSymbol { Rank: 1, ElementType: INamedTypeSymbol element }:
                    return (element, EntityCollection.Array);
                case INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } generic
                    when generic.TypeArguments[0] is INamedTypeSymbol element
                         && (generic.OriginalDefinition.SpecialType is SpecialType.System_Collections_Generic_IEnumerable_T
                                 or SpecialType.System_Collections_Generic_IReadOnlyCollection_T or SpecialType.System_Collections_Generic_IReadOnlyList_T
                                 or SpecialType.System_Collections_Generic_ICollection_T or SpecialType.System_Collections_Generic_IList_T
                             || SymbolEqualityComparer.Default.Equals(generic.OriginalDefinition, compilation.GetTypeByMetadataName("System.Collections.Generic.List`1"))):
                    return (element, EntityCollection.List);
                case INamedTypeSymbol entity:
                    return (entity, EntityCollection.None);
                default:
                    return null;
            }
        }

        /// <summary>The type of the parameter that replaces <paramref name="swap"/>'s: the key's, or a list or array of keys.</summary>
        private static ITypeSymbol? KeysType(ReplacedParameter swap, Compilation compilation)
        {
            var key = FindKeyType(swap.Entity, swap.KeyName);
            return key is null ? null : swap.Collection switch
            {
                EntityCollection.Array => compilation.CreateArrayTypeSymbol(key),
                EntityCollection.List => compilation.GetTypeByMetadataName("System.Collections.Generic.List`1")?.Construct(key),
                _ => key,
            };
        }

        /// <summary><c>orders</c> → <c>order</c>, for the name of a list of keys (<c>orderIds</c>).</summary>
        private static string Singular(string name)
            => name.EndsWith("ies", StringComparison.Ordinal) && name.Length > 3 ? name.Substring(0, name.Length - 3) + "y"
               : name.EndsWith("s", StringComparison.Ordinal) && !name.EndsWith("ss", StringComparison.Ordinal) && name.Length > 1 ? name.Substring(0, name.Length - 1)
               : name;

        internal static ITypeSymbol? FindKeyType(ITypeSymbol entity, string keyName)
        {
            for (var current = entity; current is not null; current = current.BaseType)
            {
                foreach (var member in current.GetMembers(keyName))
                {
                    if (member is IPropertySymbol property)
                    {
                        return property.Type;
                    }
                }
            }

            return null;
        }

        internal static string? FindDbContextMember(INamedTypeSymbol type, KnownSymbols symbols)
        {
            if (symbols.EfDbContext is null)
            {
                return null;
            }

            foreach (var member in type.GetMembers())
            {
                var memberType = member switch
                {
                    IFieldSymbol { IsStatic: false, IsImplicitlyDeclared: false } field => field.Type,
                    IPropertySymbol { IsStatic: false, IsIndexer: false, GetMethod: not null } property => property.Type,
                    _ => null,
                };

                if (memberType.InheritsFrom(symbols.EfDbContext))
                {
                    return member.Name;
                }
            }

            return null;
        }

        /// <summary>A <c>DbContext</c> with a <c>DbSet</c> of every entity, in this compilation or a referenced one.</summary>
        internal static INamedTypeSymbol? FindDeclaringContext(Compilation compilation, KnownSymbols symbols, IEnumerable<INamedTypeSymbol> entities)
        {
            if (symbols.EfDbContext is null || symbols.EfDbSet1 is null)
            {
                return null;
            }

            var wanted = entities.Select(e => e.OriginalDefinition).ToList();
            var assemblies = new List<IAssemblySymbol> { compilation.Assembly };
            foreach (var referenced in compilation.SourceModule.ReferencedAssemblySymbols)
            {
                if (!referenced.Name.StartsWith("Microsoft.", StringComparison.Ordinal) && !referenced.Name.StartsWith("System", StringComparison.Ordinal)
                    && referenced.Modules.Any(m => m.ReferencedAssemblySymbols.Any(a => SymbolEqualityComparer.Default.Equals(a, symbols.EfDbContext.ContainingAssembly))))
                {
                    assemblies.Add(referenced);
                }
            }

            foreach (var assembly in assemblies)
            {
                foreach (var type in SymbolHelpers.GetAllTypes(assembly.GlobalNamespace))
                {
                    if (type.TypeKind != TypeKind.Class || type.IsAbstract || !type.InheritsFrom(symbols.EfDbContext)
                        || !compilation.IsSymbolAccessibleWithin(type, compilation.Assembly))
                    {
                        continue;
                    }

                    var sets = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
                    for (var current = type; current is not null && !SymbolEqualityComparer.Default.Equals(current, symbols.EfDbContext); current = current.BaseType)
                    {
                        foreach (var member in current.GetMembers())
                        {
                            if (member is IPropertySymbol { IsStatic: false, Type: INamedTypeSymbol set }
                                && SymbolEqualityComparer.Default.Equals(set.OriginalDefinition, symbols.EfDbSet1))
                            {
                                sets.Add(set.TypeArguments[0].OriginalDefinition);
                            }
                        }
                    }

                    if (wanted.All(sets.Contains))
                    {
                        return type;
                    }
                }
            }

            return null;
        }

        /// <summary>
        /// Per replaced parameter, the navigation properties the original method dereferences
        /// (<c>order.Customer.Email</c>, <c>foreach (var line in order.Lines)</c>): the loading overload includes them.
        /// </summary>
        private static Dictionary<string, List<string>> FindDereferencedNavigations(MethodDeclarationSyntax declaration, SemanticModel semanticModel, ImmutableArray<ReplacedParameter> replaced, JobModel model, QueueLintOptions options, CancellationToken cancellationToken)
        {
            var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var swap in replaced)
            {
                result[swap.Parameter.Name] = new List<string>();
            }

            SyntaxNode? body = (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody;
            if (body is null)
            {
                return result;
            }

            foreach (var access in body.DescendantNodes().OfType<MemberAccessExpressionSyntax>())
            {
                if (access.Expression is not IdentifierNameSyntax owner || !result.TryGetValue(owner.Identifier.ValueText, out var list)
                    || !IsDereferenced(access)
                    || semanticModel.GetSymbolInfo(access, cancellationToken).Symbol is not IPropertySymbol property
                    || !model.Entities.IsEntity(property.Type, options, model, out _, out _)
                    || list.Contains(property.Name))
                {
                    continue;
                }

                list.Add(property.Name);
            }

            return result;
        }

        private static bool IsDereferenced(ExpressionSyntax navigation)
        {
            while (navigation.Parent is PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } or ParenthesizedExpressionSyntax)
            {
                navigation = (ExpressionSyntax)navigation.Parent;
            }

            return IsDereferencedDirectly(navigation);
        }

        private static bool IsDereferencedDirectly(ExpressionSyntax navigation) => navigation.Parent switch
        {
            MemberAccessExpressionSyntax outer => outer.Expression == navigation,
            ConditionalAccessExpressionSyntax conditional => conditional.Expression == navigation,
            ElementAccessExpressionSyntax element => element.Expression == navigation,
            ForEachStatementSyntax loop => loop.Expression == navigation,
            _ => false,
        };

        /// <summary>Whether the file (its usings or its namespaces') or a global using of the compilation imports the namespace.</summary>
        private static bool NamespaceImported(SyntaxNode node, Compilation compilation, string name)
        {
            for (var current = node.Parent; current is not null; current = current.Parent)
            {
                var usings = current switch
                {
                    CompilationUnitSyntax unit => unit.Usings,
                    BaseNamespaceDeclarationSyntax ns => ns.Usings,
                    _ => default,
                };
                if (usings.Any(u => u.Alias is null && u.StaticKeyword.IsKind(SyntaxKind.None) && Unqualified(u.Name) == name))
                {
                    return true;
                }
            }

            foreach (var tree in compilation.SyntaxTrees)
            {
                if (tree.GetRoot() is CompilationUnitSyntax unit
                    && unit.Usings.Any(u => u.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword) && u.Alias is null && Unqualified(u.Name) == name))
                {
                    return true;
                }
            }

            return false;
        }

        private static string? Unqualified(NameSyntax? name)
        {
            var text = name?.ToString();
            return text is not null && text.StartsWith("global::", StringComparison.Ordinal) ? text.Substring("global::".Length) : text;
        }

        private static TextChange UsingInsertion(CompilationUnitSyntax root, SourceText text, List<string> names)
        {
            var newLine = SyntaxText.NewLine(text);
            var lines = string.Join(newLine, names.Select(name => "using " + name + ";"));
            if (root.Usings.Count > 0)
            {
                var last = root.Usings[root.Usings.Count - 1];
                return new TextChange(new TextSpan(last.Span.End, 0), newLine + lines);
            }

            return new TextChange(new TextSpan(root.FullSpan.Start, 0), lines + newLine + newLine);
        }

        /// <summary><paramref name="expression"/> as the receiver of a member access, parenthesized where it must be.</summary>
        internal static string AsReceiver(ExpressionSyntax expression)
            => expression is IdentifierNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax
                   or ElementAccessExpressionSyntax or ThisExpressionSyntax or ParenthesizedExpressionSyntax or ObjectCreationExpressionSyntax
                   or PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression }
                ? expression.ToString()
                : "(" + expression + ")";

        /// <summary>A lambda parameter named for an entity (<c>o</c> for <c>Shop.Order</c>), none of <paramref name="taken"/>.</summary>
        private static string LambdaParameterName(string entityType, HashSet<string> taken)
        {
            var first = char.ToLowerInvariant(entityType[entityType.LastIndexOf('.') + 1]).ToString();
            return SyntaxText.UniqueName(SyntaxFacts.GetKeywordKind(first) != SyntaxKind.None ? "e" : first, taken);
        }

        private static void AddUsings(Dictionary<DocumentId, List<string>> addedUsings, DocumentId document, IEnumerable<string> missing)
        {
            foreach (var name in missing)
            {
                if (!addedUsings.TryGetValue(document, out var names))
                {
                    names = new List<string>();
                    addedUsings.Add(document, names);
                }

                if (!names.Contains(name))
                {
                    names.Add(name);
                }
            }
        }

        private static List<TextChange> GetList(Dictionary<DocumentId, List<TextChange>> changes, DocumentId id)
        {
            if (!changes.TryGetValue(id, out var list))
            {
                list = new List<TextChange>();
                changes.Add(id, list);
            }

            return list;
        }

        private static IEnumerable<TextChange> WithoutOverlaps(List<TextChange> changes)
        {
            var end = -1;
            foreach (var change in changes.OrderBy(c => c.Span.Start).ThenBy(c => c.Span.Length))
            {
                if (change.Span.Start < end || (change.Span.Length == 0 && change.Span.Start == end))
                {
                    continue;
                }

                end = change.Span.End;
                yield return change;
            }
        }

        internal sealed class SitePlan
        {
            public SitePlan(Document document, InvocationExpressionSyntax call, IInvocationOperation invocation, MethodPlan method)
            {
                Document = document;
                Call = call;
                Invocation = invocation;
                Method = method;
            }

            public Document Document { get; }

            public InvocationExpressionSyntax Call { get; }

            public IInvocationOperation Invocation { get; }

            public MethodPlan Method { get; }

            /// <summary><c>x.Ship(order, note)</c> becomes <c>x.Ship(order.Id, note)</c>, named arguments renamed.</summary>
            public IEnumerable<TextChange> GetSiteChanges()
            {
                foreach (var argument in Invocation.Arguments)
                {
                    // The operation of a null-forgiven argument (`order.Customer!`) has the operand as its syntax.
                    if (argument.Parameter is null || argument.Syntax.FirstAncestorOrSelf<ArgumentSyntax>() is not { } syntax
                        || syntax.Parent?.Parent != Call)
                    {
                        continue;
                    }

                    var replaced = Method.Replaced.FirstOrDefault(r => r.Parameter.Ordinal == argument.Parameter.Ordinal);
                    if (replaced is null)
                    {
                        continue;
                    }

                    var expression = syntax.Expression;
                    var receiver = AsReceiver(expression);
                    var text = receiver + "." + replaced.KeyName;
                    if (replaced.Collection != EntityCollection.None)
                    {
                        // orders.Select(o => o.Id).ToList(): the keys, in a list (an array) as the new parameter takes them.
                        var lambda = SiteLambdaName(replaced, syntax);
                        text = receiver + ".Select(" + lambda + " => " + lambda + "." + replaced.KeyName + ")."
                               + (replaced.Collection == EntityCollection.Array ? "ToArray()" : "ToList()");
                    }

                    if (syntax.NameColon is not null)
                    {
                        text = replaced.NewName + ": " + text;
                        yield return new TextChange(TextSpan.FromBounds(syntax.SpanStart, syntax.Span.End), text);
                    }
                    else
                    {
                        yield return new TextChange(expression.Span, text);
                    }
                }
            }

            /// <summary>The namespaces the rewritten site needs: <c>System.Linq</c> for the keys of a collection.</summary>
            public IEnumerable<string> GetMissingUsings()
            {
                var compilation = Invocation.SemanticModel?.Compilation;
                if (compilation is not null
                    && Method.Replaced.Any(r => r.Collection != EntityCollection.None && Invocation.Arguments.Any(a => a.Parameter?.Ordinal == r.Parameter.Ordinal))
                    && !NamespaceImported(Call, compilation, "System.Linq"))
                {
                    yield return "System.Linq";
                }
            }

            /// <summary>A name for the lambda's parameter that no symbol in scope at the site has.</summary>
            private string SiteLambdaName(ReplacedParameter swap, ArgumentSyntax site)
            {
                var taken = new HashSet<string>(StringComparer.Ordinal);
                if (Invocation.SemanticModel is { } semanticModel)
                {
                    foreach (var symbol in semanticModel.LookupSymbols(site.SpanStart))
                    {
                        taken.Add(symbol.Name);
                    }
                }

                return LambdaParameterName(swap.EntityType, taken);
            }
        }

        internal sealed class MethodPlan
        {
            public MethodPlan(Document document, MethodDeclarationSyntax declaration, IMethodSymbol method, ImmutableArray<ReplacedParameter> replaced, string contextMember, bool isAsync, bool overloadExists, ContextInjection? injection, Dictionary<string, List<string>> includes, List<string> missingUsings)
            {
                Injection = injection;
                Includes = includes;
                MissingUsings = missingUsings;
                Document = document;
                Declaration = declaration;
                Method = method;
                Replaced = replaced;
                ContextMember = contextMember;
                IsAsync = isAsync;
                OverloadExists = overloadExists;
            }

            public Document Document { get; }

            public MethodDeclarationSyntax Declaration { get; }

            public IMethodSymbol Method { get; }

            public ImmutableArray<ReplacedParameter> Replaced { get; }

            public string ContextMember { get; }

            public bool IsAsync { get; }

            public bool OverloadExists { get; }

            /// <summary>The context to add to the class, when it has none.</summary>
            public ContextInjection? Injection { get; }

            /// <summary>Navigations to include, per replaced parameter name.</summary>
            public Dictionary<string, List<string>> Includes { get; }

            public List<string> MissingUsings { get; }

            public string EntityNames => string.Join("', '", Replaced.Select(r => r.EntityType));

            /// <summary>The overload, inserted after the original method with the same indentation.</summary>
            public TextChange GetOverloadInsertion(SourceText text)
            {
                var newLine = SyntaxText.NewLine(text);
                var indent = SyntaxText.Indentation(text.Lines.GetLineFromPosition(Declaration.SpanStart));
                var inner = indent + "    ";

                var builder = new StringBuilder();
                builder.Append(newLine).Append(newLine);
                builder.Append(indent).Append(AccessibilityText(Method.DeclaredAccessibility)).Append(IsAsync ? "async Task " : "void ")
                    .Append(Method.Name).Append('(');
                for (var i = 0; i < Declaration.ParameterList.Parameters.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(", ");
                    }

                    var swap = Replaced.FirstOrDefault(r => r.Parameter.Ordinal == i);
                    if (swap is null)
                    {
                        builder.Append(Declaration.ParameterList.Parameters[i].ToString());
                    }
                    else
                    {
                        builder.Append(swap.NewType).Append(' ').Append(swap.NewName);
                    }
                }

                builder.Append(')').Append(newLine).Append(indent).Append('{').Append(newLine);
                foreach (var swap in Replaced)
                {
                    builder.Append(inner).Append("var ").Append(swap.Parameter.Name).Append(" = ");
                    if (swap.Collection != EntityCollection.None)
                    {
                        // One query for all the keys; rows deleted since the job was enqueued are simply not there.
                        var lambda = LambdaName(swap);
                        var materialize = swap.Collection == EntityCollection.Array ? "ToArray" : "ToList";
                        builder.Append(IsAsync ? "await " : string.Empty).Append(ContextMember).Append(".Set<").Append(swap.EntityType).Append(">().Where(")
                            .Append(lambda).Append(" => ").Append(swap.NewName).Append(".Contains(").Append(lambda).Append('.').Append(swap.KeyName).Append(")).")
                            .Append(materialize).Append(IsAsync ? "Async();" : "();").Append(newLine).Append(newLine);
                        continue;
                    }

                    if (Includes.TryGetValue(swap.Parameter.Name, out var navigations) && navigations.Count > 0)
                    {
                        // Find cannot include: a query loads the entity with what the method reads through it.
                        var lambda = LambdaName(swap);
                        builder.Append(IsAsync ? "await " : string.Empty).Append(ContextMember).Append(".Set<").Append(swap.EntityType).Append(">()");
                        foreach (var navigation in navigations)
                        {
                            builder.Append(".Include(").Append(lambda).Append(" => ").Append(lambda).Append('.').Append(navigation).Append(')');
                        }

                        builder.Append(IsAsync ? ".FirstOrDefaultAsync(" : ".FirstOrDefault(").Append(lambda).Append(" => ").Append(lambda).Append('.')
                            .Append(swap.KeyName).Append(" == ").Append(swap.NewName).Append(");").Append(newLine);
                    }
                    else
                    {
                        builder.Append(IsAsync ? "await " + ContextMember + ".FindAsync<" : ContextMember + ".Find<")
                            .Append(swap.EntityType).Append(">(").Append(swap.NewName).Append(");").Append(newLine);
                    }

                    builder.Append(inner).Append("if (").Append(swap.Parameter.Name).Append(" is null)").Append(newLine)
                        .Append(inner).Append('{').Append(newLine)
                        .Append(inner).Append("    // Deleted since the job was enqueued: nothing left to do.").Append(newLine)
                        .Append(inner).Append("    return;").Append(newLine)
                        .Append(inner).Append('}').Append(newLine).Append(newLine);
                }

                builder.Append(inner).Append(IsAsync ? "await " : string.Empty).Append(Method.Name).Append('(')
                    .Append(string.Join(", ", Method.Parameters.Select(p => EscapeIdentifier(p.Name)))).Append(");").Append(newLine);
                builder.Append(indent).Append('}');

                return new TextChange(new TextSpan(Declaration.Span.End, 0), builder.ToString());
            }

            private string LambdaName(ReplacedParameter swap)
            {
                var taken = new HashSet<string>(Method.Parameters.Select(p => p.Name), StringComparer.Ordinal);
                foreach (var other in Replaced)
                {
                    taken.Add(other.NewName);
                }

                taken.Add(ContextMember);
                return LambdaParameterName(swap.EntityType, taken);
            }

            private static string EscapeIdentifier(string name)
                => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

            private static string AccessibilityText(Accessibility accessibility) => accessibility switch
            {
                Accessibility.Public => "public ",
                Accessibility.Internal => "internal ",
                Accessibility.Protected => "protected ",
                Accessibility.ProtectedOrInternal => "protected internal ",
                Accessibility.ProtectedAndInternal => "private protected ",
                _ => "private ",
            };
        }

        internal sealed class ReplacedParameter
        {
            public ReplacedParameter(IParameterSymbol parameter, INamedTypeSymbol entity, EntityCollection collection, string keyName, string newName, string keyType, string entityType)
            {
                Entity = entity;
                Collection = collection;
                Parameter = parameter;
                KeyName = keyName;
                NewName = newName;
                KeyType = keyType;
                EntityType = entityType;
            }

            public IParameterSymbol Parameter { get; }

            public string KeyName { get; }

            public string NewName { get; }

            public string KeyType { get; }

            public string EntityType { get; }

            /// <summary>The entity type: the parameter's type, or its element type for a collection.</summary>
            public INamedTypeSymbol Entity { get; }

            /// <summary>Whether the parameter is one entity or a collection of them, and which.</summary>
            public EntityCollection Collection { get; }

            /// <summary>The new parameter's type: the key's, or a list (an array) of keys for a collection.</summary>
            public string NewType => Collection switch
            {
                EntityCollection.Array => KeyType + "[]",
                EntityCollection.List => "System.Collections.Generic.List<" + KeyType + ">",
                _ => KeyType,
            };
        }

        /// <summary>How a replaced parameter holds its entities.</summary>
        internal enum EntityCollection
        {
            /// <summary>One entity.</summary>
            None,

            /// <summary>An array of entities: the keys are passed as an array.</summary>
            Array,

            /// <summary><c>List&lt;T&gt;</c> or an interface it implements (<c>IEnumerable&lt;T&gt;</c>, <c>IReadOnlyList&lt;T&gt;</c>, …): the keys are passed as a list.</summary>
            List,
        }
    }
}
