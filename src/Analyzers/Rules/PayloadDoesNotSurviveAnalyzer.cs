using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using QueueLint.Model;
using QueueLint.Model.Enqueue;
using QueueLint.Model.Serialization;
using QueueLint.Model.Syntax;
using QueueLint.Options;

namespace QueueLint.Rules
{
    /// <summary>
    /// QL0009: a payload value whose type the framework's serializer does not give back as it went in, followed
    /// through members, collections and generic arguments to the first member that fails, which the message names.
    /// With <c>QL0009.strict_arguments</c>, any job argument that is not a simple value or a collection of them.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class PayloadDoesNotSurviveAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Reports every job argument that is not a simple value or a collection of them (on in the <c>strict</c> preset).</summary>
        internal static readonly RuleOption<bool> StrictArguments = RuleOption.Boolean("QL0009.strict_arguments", defaultValue: false);

        private const int MaxQuotedLength = 40;

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.PayloadDoesNotSurvive);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(Reporting.GeneratedCodeFlags);
            context.RegisterCompilationStartAction(static context =>
            {
                var model = JobModel.Get(context.Compilation);
                if (model.Symbols.HasEnqueueFramework)
                {
                    EnqueueSiteActions.Register(context, model, site => AnalyzeSite(site, model));
                }
            });
        }

        private static void AnalyzeSite(EnqueueSiteContext context, JobModel model)
        {
            var site = context.Site;
            PayloadSerializer? serializer = null;
            var serializerRead = false;
            bool? strict = null;
            foreach (var value in site.Payload)
            {
                if (value.Origin == PayloadOrigin.MessageValue || value.Value.IsNullOrDefault())
                {
                    continue;
                }

                var type = value.PayloadType;
                if (type is null || type.TypeKind == TypeKind.Error || type.SpecialType == SpecialType.System_String)
                {
                    continue;
                }

                if (!serializerRead)
                {
                    serializer = model.GetPayloadSerializer(site, context.CancellationToken);
                    serializerRead = true;
                }

                if (serializer is not null && model.PayloadTypes.Check(type, serializer, context.CancellationToken) is { } problem)
                {
                    var severity = problem.Kind == PayloadProblemKind.FileContent ? DiagnosticSeverity.Info : DiagnosticSeverity.Warning;
                    context.ReportDiagnostic(Diagnostic.Create(
                        Descriptors.PayloadDoesNotSurvive,
                        value.Value.Syntax.GetLocation(),
                        severity,
                        additionalLocations: null,
                        properties: null,
                        site.JobDisplayName,
                        Describe(value, type),
                        Explain(problem, serializer)));
                    continue;
                }

                if (value.Origin is PayloadOrigin.Message || IsSubstitutedByFramework(type, model.Symbols))
                {
                    continue;
                }

                if (model.PayloadTypes.IsSimpleOrCollectionOfSimple(type))
                {
                    continue;
                }

                strict ??= StrictArguments.Get(context.AnalyzerOptions.AnalyzerConfigOptionsProvider.GetOptions(value.Value.Syntax.SyntaxTree));
                if (strict.Value)
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        Descriptors.PayloadDoesNotSurvive,
                        value.Value.Syntax.GetLocation(),
                        site.JobDisplayName,
                        Describe(value, type),
                        "it is not a simple value or a collection of simple values; pass the id and load it in the job"));
                }
            }
        }

        /// <summary>How the message quotes the value: its text when short, else its type.</summary>
        private static string Describe(PayloadValue value, ITypeSymbol type)
            => SyntaxNames.QuotableText(value.Value.Syntax, MaxQuotedLength) ?? PayloadTypes.Display(type);

        private static string Explain(PayloadProblem problem, PayloadSerializer serializer)
        {
            var path = "'" + problem.Path + "'";
            var type = PayloadTypes.Display(problem.Type);
            return problem.Kind switch
            {
                PayloadProblemKind.NoUsableConstructor => path + " has no constructor " + serializer.Name + " can call (" + serializer.Constructors + "), so reading it fails every time",
                PayloadProblemKind.UnboundConstructorParameter => "the constructor of " + path + " has a parameter '" + problem.Detail + "' that matches no property, so " + serializer.Name + " refuses to read it",
                PayloadProblemKind.NonPublicSetter => path + " has a non-public setter, which " + serializer.Name + " does not call: it arrives as the constructor leaves it",
                PayloadProblemKind.GetOnly => path + " is get-only and not set by the constructor " + serializer.Name + " calls: it arrives as that constructor leaves it",
                PayloadProblemKind.Field => path + " is a field, which " + serializer.Name + " does not write: it arrives with its default value",
                PayloadProblemKind.NoTypeName => path + " is typed as the " + problem.Detail + " '" + type + "' and " + serializer.Name + " writes no type name, so reading it fails every time",
                PayloadProblemKind.ObjectTyped => path + " is typed '" + type + "': " + serializer.Name + " gives back a JSON value, not what was put in",
                PayloadProblemKind.BackReference => path + " points back to '" + type + "': with both directions filled, " + serializer.Name + " fails on the reference loop in the call that hands it over",
                PayloadProblemKind.NotSerializable => path + " is " + problem.Detail + " ('" + type + "'), which belongs to the code that enqueues the job and does not survive serialization",
                PayloadProblemKind.NotString => serializer.Name + " is configured with useProperties, under which Quartz refuses a value that is not a string ('" + type + "') when the job or trigger is stored; put it as text (PutAsString)",
                PayloadProblemKind.FileContent when problem.Detail is { } what => path + " is " + what + " ('" + type + "'), which cannot be serialized; store the content and pass a blob reference or a path",
                _ => path + " is file content ('" + type + "'), kept in job storage for as long as the job; store it elsewhere and pass a blob reference or a path",
            };
        }

        /// <summary>Parameters the framework fills in itself when the job runs (a cancellation token, Hangfire's context).</summary>
        private static bool IsSubstitutedByFramework(ITypeSymbol type, KnownSymbols symbols)
            => SymbolEqualityComparer.Default.Equals(type, symbols.CancellationToken)
               || type.IsOrImplements(symbols.HangfireIJobCancellationToken)
               || type.InheritsFrom(symbols.HangfirePerformContext);
    }
}
