using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using QueueLint.Model;
using QueueLint.Model.Enqueue;
using QueueLint.Model.Syntax;
using QueueLint.Options;

namespace QueueLint.Rules
{
    /// <summary>
    /// QL0005: a payload value stored under a name that says it is a secret — the job parameter, the data-map
    /// key, the message property — and of a type that can hold one (text or bytes).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class SecretInPayloadAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Replaces the default list of sensitive words; a name matches when its words spell one.</summary>
        internal static readonly RuleOption<ImmutableArray<string>> SensitiveNames = RuleOption.List(
            "QL0005.sensitive_names",
            ImmutableArray.Create("password", "passwd", "secret", "token", "apikey", "creditcard", "cardnumber", "cvv", "ssn"));

        /// <summary>Turns off the personal-data part of the rule.</summary>
        internal static readonly RuleOption<bool> PersonalData = RuleOption.Boolean("QL0005.personal_data", defaultValue: true);

        /// <summary>More names of personal data, each a kind of its own, added to the built-in kinds.</summary>
        internal static readonly RuleOption<ImmutableArray<string>> PersonalDataNames = RuleOption.List("QL0005.personal_data_names", ImmutableArray<string>.Empty);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(Descriptors.SecretInPayload, Descriptors.SecretInPayloadCompilationEnd, Descriptors.PersonalDataInPayload);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(Reporting.GeneratedCodeFlags);
            context.RegisterCompilationStartAction(static context =>
            {
                var model = JobModel.Get(context.Compilation);
                if (!model.IsActive(QueueLintOptions.Get(context.Options.AnalyzerConfigOptionsProvider.GlobalOptions)))
                {
                    return;
                }

                var state = new State(model);
                EnqueueSiteActions.Register(context, model, state.AnalyzeSite);
                if (model.Symbols.HasMassTransit)
                {
                    context.RegisterSemanticModelAction(state.AnalyzeConsumedMessageTypes);
                    context.RegisterCompilationEndAction(state.AnalyzePublishedMessageTypes);
                }
            });
        }

        /// <summary>True when the name's words (camelCase, snake_case, kebab-case) spell one of the sensitive words.</summary>
        internal static bool IsSensitive(string name, ImmutableArray<string> sensitive)
        {
            var words = SplitWords(name);
            for (var start = 0; start < words.Count; start++)
            {
                var joined = string.Empty;
                for (var end = start; end < words.Count; end++)
                {
                    joined += words[end];
                    foreach (var candidate in sensitive)
                    {
                        if (string.Equals(joined, candidate.Replace("_", string.Empty).Replace("-", string.Empty), StringComparison.OrdinalIgnoreCase))
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        internal static List<string> SplitWords(string name)
        {
            var words = new List<string>();
            var start = 0;
            for (var i = 1; i <= name.Length; i++)
            {
                var boundary = i == name.Length
                    || name[i] == '_' || name[i] == '-'
                    || (char.IsUpper(name[i]) && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))));
                if (!boundary)
                {
                    continue;
                }

                if (i > start)
                {
                    words.Add(name.Substring(start, i - start).Trim('_', '-'));
                }

                start = i;
            }

            words.RemoveAll(w => w.Length == 0);
            return words;
        }

        /// <summary>Only values that can hold a secret: text and bytes.</summary>
        private static bool CanHoldSecret(ITypeSymbol? type)
            => type switch
            {
                { SpecialType: SpecialType.System_String or SpecialType.System_Object } => true,
                IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Char or SpecialType.System_Byte } => true,
                INamedTypeSymbol { Name: "SecureString", ContainingNamespace.Name: "Security" } => true,
                _ => false,
            };

        private sealed class State
        {
            private readonly JobModel _model;
            private readonly ConcurrentDictionary<INamedTypeSymbol, SyntaxTree> _published = new(SymbolEqualityComparer.Default);
            private readonly ConcurrentDictionary<IPropertySymbol, byte> _reported = new(SymbolEqualityComparer.Default);
            private readonly PersonalDataKinds _personalData = new();

            public State(JobModel model) => _model = model;

            public void AnalyzeSite(EnqueueSiteContext context)
            {
                var site = context.Site;
                var sensitive = SensitiveNames.Get(context.AnalyzerOptions.AnalyzerConfigOptionsProvider.GetOptions(site.Operation.Syntax.SyntaxTree));
                foreach (var value in site.Payload)
                {
                    // The message object itself is checked through its type's properties, below.
                    if (value.Origin == PayloadOrigin.Message || value.Name is not { } name)
                    {
                        continue;
                    }

                    var type = value.Parameter?.Type ?? value.Type;
                    if (CanHoldSecret(type) && CanHoldSecret(value.Type ?? type) && IsSensitive(name, sensitive))
                    {
                        context.ReportDiagnostic(Diagnostic.Create(Descriptors.SecretInPayload, value.Value.Syntax.GetLocation(), site.JobDisplayName, name));
                    }
                }

                ReportPersonalData(context);

                if (site.MessageType is INamedTypeSymbol message && message.IsInSource() && !_model.ConsumedMessageTypes.Contains(message.OriginalDefinition))
                {
                    _published.TryAdd(message.OriginalDefinition, site.Operation.Syntax.SyntaxTree);
                }
            }

            /// <summary>A payload object whose members hold two or more kinds of personal data, once per value.</summary>
            private void ReportPersonalData(EnqueueSiteContext context)
            {
                AnalyzerConfigOptions? options = null;
                var extra = ImmutableArray<string>.Empty;
                foreach (var value in context.Site.Payload)
                {
                    if (value.Origin == PayloadOrigin.MessageValue
                        || value.PayloadType is not INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct, SpecialType: SpecialType.None } type
                        || !type.IsInSource())
                    {
                        continue;
                    }

                    if (options is null)
                    {
                        options = context.AnalyzerOptions.AnalyzerConfigOptionsProvider.GetOptions(context.Site.Operation.Syntax.SyntaxTree);
                        if (!PersonalData.Get(options))
                        {
                            return;
                        }

                        extra = PersonalDataNames.Get(options);
                    }

                    var kinds = _personalData.Find(type, extra);
                    if (kinds.Length >= 2)
                    {
                        context.ReportDiagnostic(Diagnostic.Create(
                            Descriptors.PersonalDataInPayload,
                            value.Value.Syntax.GetLocation(),
                            DiagnosticSeverity.Info,
                            additionalLocations: null,
                            properties: null,
                            context.Site.JobDisplayName,
                            type.Name,
                            string.Join(", ", kinds),
                            JobModel.DescribePayloadStore(context.Site)));
                    }
                }
            }

            public void AnalyzeConsumedMessageTypes(SemanticModelAnalysisContext context)
            {
                var tree = context.SemanticModel.SyntaxTree;
                var types = _model.GetConsumedMessageTypesDeclaredIn(tree);
                if (types.IsEmpty)
                {
                    return;
                }

                var sensitive = SensitiveNames.Get(context.Options.AnalyzerConfigOptionsProvider.GetOptions(tree));
                foreach (var type in types)
                {
                    Report(type, sensitive, Descriptors.SecretInPayload, d => context.Report(d), tree);
                }
            }

            public void AnalyzePublishedMessageTypes(CompilationAnalysisContext context)
            {
                foreach (var pair in _published)
                {
                    var sensitive = SensitiveNames.Get(context.Options.AnalyzerConfigOptionsProvider.GetOptions(pair.Value));
                    Report(pair.Key, sensitive, Descriptors.SecretInPayloadCompilationEnd, d => context.Report(d), onlyIn: null);
                }
            }

            private void Report(INamedTypeSymbol message, ImmutableArray<string> sensitive, DiagnosticDescriptor descriptor, Action<Diagnostic> report, SyntaxTree? onlyIn)
            {
                for (var current = message; current is not null && current.IsInSource(); current = current.BaseType)
                {
                    foreach (var member in current.GetMembers())
                    {
                        if (member is not IPropertySymbol { IsStatic: false, IsIndexer: false, DeclaredAccessibility: Accessibility.Public } property
                            || property.IsImplicitlyDeclared
                            || property.Locations.Length == 0
                            || !property.Locations[0].IsInSource
                            || (onlyIn is not null && property.Locations[0].SourceTree != onlyIn)
                            || !CanHoldSecret(property.Type)
                            || !IsSensitive(property.Name, sensitive)
                            || !_reported.TryAdd(property, 0))
                        {
                            continue;
                        }

                        report(Diagnostic.Create(descriptor, property.Locations[0], "Message '" + message.Name + "'", property.Name));
                    }
                }
            }
        }
    }
}
