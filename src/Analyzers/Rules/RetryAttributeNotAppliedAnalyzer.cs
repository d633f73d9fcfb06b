using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using QueueLint.Model;
using QueueLint.Model.Enqueue;
using QueueLint.Model.Syntax;

namespace QueueLint.Rules
{
    /// <summary>
    /// QL0023: a Hangfire job filter attribute ([AutomaticRetry], [DisableConcurrentExecution], …) on a class or
    /// method that no job names: every enqueue site names the interface it implements, and Hangfire reads
    /// filters from the type and method the job expression names. Which sites name what is only known once
    /// every file is seen, so the rule reports from a compilation-end action.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class RetryAttributeNotAppliedAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.RetryAttributeNotApplied);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(Reporting.GeneratedCodeFlags);
            context.RegisterCompilationStartAction(start =>
            {
                var model = JobModel.Get(start.Compilation);
                if (!model.Symbols.HasHangfire || model.Symbols.HangfireJobFilterAttribute is null)
                {
                    return;
                }

                var state = new State(model, model.Symbols.HangfireJobFilterAttribute);
                EnqueueSiteActions.Register(start, model, state.AnalyzeSite);
                start.RegisterCompilationEndAction(state.Report);
            });
        }

        private sealed class State
        {
            private readonly JobModel _model;
            private readonly INamedTypeSymbol _filterAttribute;
            private readonly ConcurrentDictionary<IMethodSymbol, byte> _interfaceJobs = new(SymbolEqualityComparer.Default);
            private readonly ConcurrentDictionary<ITypeSymbol, byte> _namedTypes = new(SymbolEqualityComparer.Default);
            private readonly ConcurrentDictionary<IMethodSymbol, byte> _runtimeTyped = new(SymbolEqualityComparer.Default);

            public State(JobModel model, INamedTypeSymbol filterAttribute)
            {
                _model = model;
                _filterAttribute = filterAttribute;
            }

            public void AnalyzeSite(EnqueueSiteContext context)
            {
                if (!context.Site.RecordsMethodCall || context.Site.JobInvocation is not { } job)
                {
                    return;
                }

                var method = job.TargetMethod.OriginalDefinition;
                switch (job.Instance?.WithoutImplicitConversions())
                {
                    case null:
                        _namedTypes.TryAdd(method.ContainingType, 0);
                        break;
                    case IParameterReferenceOperation { Type: { } named, Parameter.ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } }:
                        // Enqueue<T>(x => x.Run()): Hangfire records T and the method as written.
                        _namedTypes.TryAdd(named.OriginalDefinition, 0);
                        if (named.TypeKind == TypeKind.Interface)
                        {
                            _interfaceJobs.TryAdd(method, 0);
                        }

                        break;
                    default:
                        // Enqueue(() => service.Run()): Hangfire records the instance's run-time type.
                        _runtimeTyped.TryAdd(method, 0);
                        break;
                }
            }

            /// <summary>
            /// The source classes that implement an interface some site enqueues and carry a filter attribute, on the
            /// class or on one of its methods: only they can hold an attribute that Hangfire would not read.
            /// </summary>
            private List<INamedTypeSymbol> FindFilteredImplementations()
            {
                var filtered = new List<INamedTypeSymbol>();
                var seen = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
                var interfaces = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
                foreach (var job in _interfaceJobs.Keys)
                {
                    if (!interfaces.Add(job.ContainingType.OriginalDefinition))
                    {
                        continue;
                    }

                    foreach (var type in _model.SourceTypes.GetSubtypes(job.ContainingType))
                    {
                        if (type.TypeKind == TypeKind.Class && seen.Add(type) && HasFilterOnTypeOrMethod(type))
                        {
                            filtered.Add(type);
                        }
                    }
                }

                return filtered;
            }

            private bool HasFilterOnTypeOrMethod(INamedTypeSymbol type)
            {
                if (HasFilter(type))
                {
                    return true;
                }

                foreach (var member in type.GetMembers())
                {
                    if (member is IMethodSymbol method && HasFilter(method))
                    {
                        return true;
                    }
                }

                return false;
            }

            public void Report(CompilationAnalysisContext context)
            {
                if (_interfaceJobs.IsEmpty)
                {
                    return;
                }

                foreach (var type in FindFilteredImplementations())
                {
                    if (IsNamed(type))
                    {
                        continue;
                    }

                    INamedTypeSymbol? onlyInterface = null;
                    var interfaces = 0;
                    var typeReported = false;
                    foreach (var contract in type.AllInterfaces)
                    {
                        var used = false;
                        foreach (var member in contract.GetMembers())
                        {
                            if (member is not IMethodSymbol contractMethod
                                || !_interfaceJobs.ContainsKey(contractMethod.OriginalDefinition)
                                || type.FindImplementationForInterfaceMember(contractMethod) is not IMethodSymbol implementation)
                            {
                                continue;
                            }

                            if (_runtimeTyped.ContainsKey(contractMethod.OriginalDefinition) || _runtimeTyped.ContainsKey(implementation.OriginalDefinition))
                            {
                                used = false;
                                interfaces = int.MaxValue;
                                break;
                            }

                            used = true;
                            if (SymbolEqualityComparer.Default.Equals(implementation.ContainingType, type))
                            {
                                ReportAttributes(context, implementation, contractMethod, implementation.ContainingType.Name + "." + implementation.Name, contractMethod.ContainingType.Name + "." + contractMethod.Name);
                            }
                        }

                        if (used && interfaces != int.MaxValue)
                        {
                            interfaces++;
                            onlyInterface = contract;
                        }
                    }

                    if (interfaces is > 0 and not int.MaxValue && !typeReported)
                    {
                        // On the class: it would move to the interface, when exactly one interface is enqueued.
                        ReportAttributes(context, type, interfaces == 1 ? onlyInterface : null, type.Name, interfaces == 1 ? onlyInterface!.Name : "its interfaces");
                        typeReported = true;
                    }
                }
            }

            private void ReportAttributes(CompilationAnalysisContext context, ISymbol symbol, ISymbol? target, string name, string targetName)
            {
                var targetLocation = target is not null && target.Locations.Length > 0 && target.Locations[0].IsInSource ? target.Locations[0] : null;
                foreach (var attribute in symbol.GetAttributes())
                {
                    if (!attribute.AttributeClass.InheritsFrom(_filterAttribute) || attribute.ApplicationSyntaxReference is not { } reference)
                    {
                        continue;
                    }

                    var attributeName = attribute.AttributeClass!.Name;
                    if (attributeName.EndsWith("Attribute", System.StringComparison.Ordinal))
                    {
                        attributeName = attributeName.Substring(0, attributeName.Length - "Attribute".Length);
                    }

                    var location = Location.Create(reference.SyntaxTree, reference.Span);
                    context.Report(Diagnostic.Create(
                        Descriptors.RetryAttributeNotApplied,
                        location,
                        targetLocation is null ? null : new[] { targetLocation },
                        properties: null,
                        attributeName,
                        name,
                        targetName));
                }
            }

            private bool IsNamed(INamedTypeSymbol type)
            {
                foreach (var named in _namedTypes.Keys)
                {
                    if (named.TypeKind != TypeKind.Interface && named is INamedTypeSymbol namedType && namedType.InheritsFrom(type))
                    {
                        return true;
                    }
                }

                return false;
            }

            private bool HasFilter(ISymbol symbol)
            {
                foreach (var attribute in symbol.GetAttributes())
                {
                    if (attribute.AttributeClass.InheritsFrom(_filterAttribute))
                    {
                        return true;
                    }
                }

                return false;
            }
        }
    }
}
