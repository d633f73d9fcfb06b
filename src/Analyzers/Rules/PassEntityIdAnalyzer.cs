using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using QueueLint.Model;
using QueueLint.Model.Enqueue;
using QueueLint.Model.Syntax;
using QueueLint.Options;

namespace QueueLint.Rules
{
    /// <summary>
    /// QL0001: an entity (or a collection of entities) in a job payload. Payload values are checked at the
    /// enqueue site; message types' properties once, on the property.
    /// </summary>
    [DiagnosticAnalyzer(Microsoft.CodeAnalysis.LanguageNames.CSharp)]
    public sealed class PassEntityIdAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Diagnostic property: the key property's name, when one was found.</summary>
        public const string KeyPropertyName = "KeyProperty";

        /// <summary>Diagnostic property, present when the value is a job method argument the fixer can rewrite.</summary>
        public const string JobArgumentProperty = "JobArgument";

        /// <summary>The name a Quartz <c>JobDataMap</c> value is put under, when it is a constant: the fix renames its puts and reads.</summary>
        public const string JobDataKeyProperty = "JobDataKey";

        /// <summary>Diagnostic property, present on a message type's property of a single entity: the fix makes it the key.</summary>
        public const string MessagePropertyProperty = "MessageProperty";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(Descriptors.PassEntityId, Descriptors.PassEntityIdCompilationEnd);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(Reporting.GeneratedCodeFlags);
            context.RegisterCompilationStartAction(OnCompilationStart);
        }

        private static void OnCompilationStart(CompilationStartAnalysisContext context)
        {
            var model = JobModel.Get(context.Compilation);
            var globalOptions = QueueLintOptions.Get(context.Options.AnalyzerConfigOptionsProvider.GlobalOptions);
            if (!model.IsActive(globalOptions))
            {
                return;
            }

            var state = new CompilationState(model);
            EnqueueSiteActions.Register(context, model, state.AnalyzeEnqueueSite);
            if (model.Symbols.EfModelBuilder is not null)
            {
                context.RegisterSemanticModelAction(state.AnalyzeModelBuilderCalls);
            }

            if (model.Symbols.HasMassTransit)
            {
                // A semantic-model action rather than a symbol action on every type: most types are not messages.
                context.RegisterSemanticModelAction(state.AnalyzeMessageTypesInTree);
            }

            context.RegisterCompilationEndAction(state.AnalyzeCompilationEnd);
        }

        private sealed class CompilationState
        {
            private static readonly TextFilter s_entityCallFilter = new(new[] { "Entity<" });

            private readonly JobModel _model;

            // Facts only complete at compilation end.
            private readonly ConcurrentDictionary<INamedTypeSymbol, byte> _modelBuilderEntities = new(SymbolEqualityComparer.Default);
            private readonly ConcurrentDictionary<INamedTypeSymbol, QueueLintOptions> _publishedMessageTypes = new(SymbolEqualityComparer.Default);
            private readonly ConcurrentBag<PendingValue> _pendingValues = new();
            private readonly ConcurrentDictionary<INamedTypeSymbol, ImmutableArray<MessageProperty>> _messageProperties = new(SymbolEqualityComparer.Default);
            private readonly ConcurrentDictionary<IPropertySymbol, byte> _reportedProperties = new(SymbolEqualityComparer.Default);

            public CompilationState(JobModel model) => _model = model;

            /// <summary>Collects <c>modelBuilder.Entity&lt;T&gt;()</c> calls, whose types are entities decided at compilation end.</summary>
            public void AnalyzeModelBuilderCalls(SemanticModelAnalysisContext context)
            {
                var tree = context.SemanticModel.SyntaxTree;
                if (!s_entityCallFilter.MayContain(tree.GetText(context.CancellationToken)))
                {
                    return;
                }

                var file = FileSyntax.Get(tree, context.CancellationToken);
                for (var i = 0; i < file.Invocations.Length; i++)
                {
                    context.CancellationToken.ThrowIfCancellationRequested();
                    if (file.InvokedNames[i] == "Entity"
                        && context.SemanticModel.GetSymbolInfo(file.Invocations[i], context.CancellationToken).Symbol is IMethodSymbol method
                        && IsModelBuilderEntity(method))
                    {
                        _modelBuilderEntities.TryAdd((INamedTypeSymbol)method.TypeArguments[0].OriginalDefinition, 0);
                    }
                }
            }

            public void AnalyzeEnqueueSite(EnqueueSiteContext context)
            {
                var site = context.Site;
                var options = context.Options;
                foreach (var value in site.Payload)
                {
                    // A query of entities is not data at all yet: QL0002 reports deferred queries.
                    if (value.Type.IsOrImplements(_model.Symbols.IQueryable))
                    {
                        continue;
                    }

                    if (_model.Entities.IsEntity(value.Type, options, _model, out var entity, out var isCollection))
                    {
                        context.ReportDiagnostic(CreateValueDiagnostic(Descriptors.PassEntityId, site, value, entity!, isCollection));
                    }
                    else if (_model.Symbols.EfModelBuilder is not null
                        && _model.Entities.GetElementType(value.Type, out _) is INamedTypeSymbol candidate
                        && candidate.SpecialType == SpecialType.None
                        && candidate.IsInSource())
                    {
                        _pendingValues.Add(new PendingValue(site, value, options));
                    }
                }

                if (site.MessageType is INamedTypeSymbol messageType && messageType.IsInSource()
                    && !_model.Entities.IsEntity(messageType, options, _model, extra: null))
                {
                    _publishedMessageTypes.TryAdd(messageType.OriginalDefinition, options);
                }
            }

            /// <summary>Properties, declared in this file, of message types consumed in the compilation.</summary>
            public void AnalyzeMessageTypesInTree(SemanticModelAnalysisContext context)
            {
                var tree = context.SemanticModel.SyntaxTree;
                var types = _model.GetConsumedMessageTypesDeclaredIn(tree);
                if (types.IsEmpty)
                {
                    return;
                }

                var options = QueueLintOptions.Get(context.Options, tree);
                foreach (var type in types)
                {
                    if (!_model.Entities.IsEntity(type, options, _model, extra: null))
                    {
                        ReportMessageProperties(type, options, extra: null, Descriptors.PassEntityId, d => context.Report(d), onlyIn: tree);
                    }
                }
            }

            public void AnalyzeCompilationEnd(CompilationAnalysisContext context)
            {
                var extra = new HashSet<INamedTypeSymbol>(_modelBuilderEntities.Keys, SymbolEqualityComparer.Default);
                if (extra.Count > 0)
                {
                    foreach (var pending in _pendingValues)
                    {
                        var element = _model.Entities.GetElementType(pending.Value.Type, out var isCollection) as INamedTypeSymbol;
                        if (element is not null && extra.Contains(element.OriginalDefinition))
                        {
                            context.Report(CreateValueDiagnostic(Descriptors.PassEntityIdCompilationEnd, pending.Site, pending.Value, element, isCollection));
                        }
                    }
                }

                // Message types consumed here were checked live against the declared entities; at the end they
                // are checked again with the ModelBuilder facts, and published-only types for the first time.
                foreach (var pair in _publishedMessageTypes)
                {
                    if (!extra.Contains(pair.Key))
                    {
                        ReportMessageProperties(pair.Key, pair.Value, extra, Descriptors.PassEntityIdCompilationEnd, d => context.Report(d));
                    }
                }

                if (extra.Count > 0)
                {
                    foreach (var consumed in _model.ConsumedMessageTypes)
                    {
                        if (consumed.IsInSource() && !extra.Contains(consumed) && consumed.Locations[0].SourceTree is { } tree)
                        {
                            ReportMessageProperties(consumed, QueueLintOptions.Get(context.Options, tree), extra, Descriptors.PassEntityIdCompilationEnd, d => context.Report(d));
                        }
                    }
                }
            }

            private void ReportMessageProperties(INamedTypeSymbol messageType, QueueLintOptions options, ICollection<INamedTypeSymbol>? extra, DiagnosticDescriptor descriptor, System.Action<Diagnostic> report, SyntaxTree? onlyIn = null)
            {
                foreach (var candidate in GetMessageProperties(messageType))
                {
                    if ((onlyIn is not null && candidate.Location.SourceTree != onlyIn)
                        || !_model.Entities.IsEntity(candidate.Element, options, _model, extra)
                        || !_reportedProperties.TryAdd(candidate.Property, 0))
                    {
                        continue;
                    }

                    var key = _model.Symbols.GetEntityKey(candidate.Element);
                    var properties = key is null || candidate.IsCollection
                        ? ImmutableDictionary<string, string?>.Empty
                        : ImmutableDictionary<string, string?>.Empty.Add(KeyPropertyName, key.Name).Add(MessagePropertyProperty, candidate.Property.Name);
                    report(Diagnostic.Create(
                        descriptor,
                        candidate.Location,
                        properties,
                        "Message '" + messageType.Name + "' property '" + candidate.Property.Name + "'",
                        candidate.Element.Name,
                        DescribeReplacement(valueText: null, key, candidate.IsCollection)));
                }
            }

            /// <summary>
            /// The public instance properties of a message type (its source base types' included) whose type is, or is a
            /// collection of, a type that may be an entity: read once per type, for the file that declares it and again at
            /// compilation end.
            /// </summary>
            private ImmutableArray<MessageProperty> GetMessageProperties(INamedTypeSymbol messageType)
            {
                if (_messageProperties.TryGetValue(messageType, out var known))
                {
                    return known;
                }

                var builder = ImmutableArray.CreateBuilder<MessageProperty>();
                for (var current = messageType; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
                {
                    if (!current.IsInSource())
                    {
                        break;
                    }

                    foreach (var member in current.GetMembers())
                    {
                        if (member is not IPropertySymbol { IsStatic: false, IsIndexer: false, DeclaredAccessibility: Accessibility.Public } property
                            || property.IsImplicitlyDeclared
                            || GetPropertyLocation(property) is not { } location)
                        {
                            continue;
                        }

                        if (_model.Entities.GetElementType(property.Type, out var isCollection) is INamedTypeSymbol { SpecialType: SpecialType.None } element)
                        {
                            builder.Add(new MessageProperty(property, location, element, isCollection));
                        }
                    }
                }

                return _messageProperties.GetOrAdd(messageType, builder.ToImmutable());
            }

            private Diagnostic CreateValueDiagnostic(DiagnosticDescriptor descriptor, EnqueueSite site, PayloadValue value, INamedTypeSymbol entity, bool isCollection)
            {
                var key = _model.Symbols.GetEntityKey(entity);
                var syntax = value.Value.Syntax;
                var properties = ImmutableDictionary<string, string?>.Empty;
                if (key is not null)
                {
                    if (!isCollection)
                    {
                        properties = properties.Add(KeyPropertyName, key.Name);
                        if (value.Origin == PayloadOrigin.JobData && value.Name is { } dataKey)
                        {
                            properties = properties.Add(JobDataKeyProperty, dataKey);
                        }
                    }

                    // The job method's parameter takes the entity (or a collection of it): the fix can pass keys instead.
                    if (value.Origin == PayloadOrigin.JobArgument
                        && value.Parameter is { } parameter
                        && (isCollection
                            ? _model.Entities.GetElementType(parameter.Type, out var parameterIsCollection) is { } element && parameterIsCollection
                              && SymbolEqualityComparer.Default.Equals(element.OriginalDefinition, entity.OriginalDefinition)
                            : SymbolEqualityComparer.Default.Equals(parameter.Type.OriginalDefinition, entity.OriginalDefinition)))
                    {
                        properties = properties.Add(JobArgumentProperty, parameter.Name);
                    }
                }

                var valueText = syntax is IdentifierNameSyntax or MemberAccessExpressionSyntax or ThisExpressionSyntax ? syntax.ToString() : null;
                return Diagnostic.Create(
                    descriptor,
                    syntax.GetLocation(),
                    properties,
                    site.JobDisplayName,
                    entity.Name,
                    DescribeReplacement(valueText, key, isCollection));
            }

            private static string DescribeReplacement(string? valueText, IPropertySymbol? key, bool isCollection)
            {
                if (isCollection)
                {
                    return key is null ? "the entities' keys" : "the entities' '" + key.Name + "' values";
                }

                if (key is null)
                {
                    return "its key";
                }

                return valueText is null ? "its key '" + key.Name + "'" : "'" + valueText + "." + key.Name + "'";
            }

            private static Location? GetPropertyLocation(IPropertySymbol property)
            {
                foreach (var location in property.Locations)
                {
                    if (location.IsInSource)
                    {
                        return location;
                    }
                }

                return null;
            }

            private bool IsModelBuilderEntity(IMethodSymbol method)
                => method.Name == "Entity"
                   && method.IsGenericMethod
                   && method.TypeArguments[0] is INamedTypeSymbol
                   && SymbolEqualityComparer.Default.Equals(method.ContainingType, _model.Symbols.EfModelBuilder);
        }

        /// <summary>A message property whose type may be an entity, or a collection of one.</summary>
        private readonly struct MessageProperty
        {
            public MessageProperty(IPropertySymbol property, Location location, INamedTypeSymbol element, bool isCollection)
            {
                Property = property;
                Location = location;
                Element = element;
                IsCollection = isCollection;
            }

            public IPropertySymbol Property { get; }

            public Location Location { get; }

            public INamedTypeSymbol Element { get; }

            public bool IsCollection { get; }
        }

        private sealed class PendingValue
        {
            public PendingValue(EnqueueSite site, PayloadValue value, QueueLintOptions options)
            {
                Site = site;
                Value = value;
                Options = options;
            }

            public EnqueueSite Site { get; }

            public PayloadValue Value { get; }

            public QueueLintOptions Options { get; }
        }
    }
}
