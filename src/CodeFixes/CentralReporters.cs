using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using QueueLint.Model;
using QueueLint.Model.Jobs;
using QueueLint.Model.Syntax;

namespace QueueLint.CodeFixes
{
    /// <summary>
    /// One reporter for every failed job of a framework, registered where the application configures that
    /// framework: what QL0011's central fix writes. Each framework says where it is configured (its registration
    /// sites), which interface its reporter implements and what the reporting member does; the class itself is
    /// written from the interface symbol, so that Quartz 3 (<c>Task</c>) and 4 (<c>ValueTask</c>) both get their own
    /// signatures.
    /// </summary>
    internal abstract class CentralReporter
    {
        private static readonly CentralReporter[] s_all = { new HangfireReporter(), new QuartzReporter(), new MassTransitReporter(), new CoravelReporter() };

        public static IReadOnlyList<CentralReporter> All => s_all;

        protected CentralReporter(string framework, string title, string? className, string? interfaceName, params string[] siteNames)
        {
            Framework = framework;
            Title = title;
            ClassName = className;
            InterfaceName = interfaceName;
            SiteNames = siteNames;
        }

        /// <summary>The framework name, as in <c>queuelint.failures_reported</c> keys and the equivalence key.</summary>
        public string Framework { get; }

        public string Title { get; }

        public string EquivalenceKey => RuleIdentifiers.ReportJobFailures + ".Central." + Framework;

        /// <summary>The name of the class written, or null when the registration alone reports (Coravel).</summary>
        public string? ClassName { get; }

        /// <summary>Metadata name of the interface the class implements.</summary>
        public string? InterfaceName { get; }

        /// <summary>Text a file must hold to be searched for a registration site.</summary>
        public IReadOnlyList<string> SiteNames { get; }

        /// <summary>Whether a call of this name may be a registration site (the cheap test before binding).</summary>
        public virtual bool IsSiteName(string name) => SiteNames.Contains(name);

        /// <summary>Whether every site found is edited (Coravel's scheduler and queue each take a handler), or the first.</summary>
        public virtual bool EditsEverySite => false;

        /// <summary>The reporter for a QL0011 finding of this entry-point kind, or null when none is central.</summary>
        public static CentralReporter? For(string? kind)
            => kind switch
            {
                nameof(JobEntryPointKind.HangfireJob) => s_all[0],
                nameof(JobEntryPointKind.QuartzJob) => s_all[1],
                nameof(JobEntryPointKind.MassTransitConsumer) or nameof(JobEntryPointKind.MassTransitJobConsumer) => s_all[2],
                nameof(JobEntryPointKind.CoravelInvocable) => s_all[3],
                _ => null,
            };

        /// <summary>
        /// The registration <paramref name="invocation"/> stands for, or null. <paramref name="report"/> says how the
        /// reporter reports; a site that cannot reach a logger where one is needed is no site.
        /// </summary>
        public abstract RegistrationSite? MatchSite(InvocationExpressionSyntax invocation, IMethodSymbol target, SemanticModel semanticModel, CentralReport report, CancellationToken cancellationToken);

        /// <summary>
        /// What the registration gains: the statement that registers <paramref name="type"/> (a lambda's last
        /// statement, or the statement after the site), or for a chained call the handler it takes.
        /// </summary>
        public abstract string Registration(RegistrationSite site, string type, CentralReport report);

        /// <summary>The statements of the member that reports, given its symbol; null for members that only complete.</summary>
        public virtual string? ReportingBody(IMethodSymbol member, CentralReport report) => null;

        /// <summary>Whether <paramref name="symbol"/> is declared in an assembly of the framework (its DI extensions included).</summary>
        protected static bool IsFrom(ISymbol symbol, string assemblyPrefix)
            => symbol.ContainingAssembly?.Name is { } name
               && name.StartsWith(assemblyPrefix, StringComparison.Ordinal)
               && (name.Length == assemblyPrefix.Length || name[assemblyPrefix.Length] == '.');

        /// <summary>The configurator parameter of the lambda passed to a <c>AddXxx(x => …)</c> call, with the lambda.</summary>
        protected static (LambdaExpressionSyntax Lambda, string Configurator)? ConfigureLambda(InvocationExpressionSyntax invocation)
        {
            foreach (var argument in invocation.ArgumentList.Arguments)
            {
                switch (argument.Expression)
                {
                    case SimpleLambdaExpressionSyntax simple:
                        return (simple, simple.Parameter.Identifier.ValueText);
                    case ParenthesizedLambdaExpressionSyntax { ParameterList.Parameters.Count: > 0 } parenthesized:
                        return (parenthesized, parenthesized.ParameterList.Parameters.Last().Identifier.ValueText);
                }
            }

            return null;
        }

        /// <summary>A local, parameter, field or property in scope at <paramref name="position"/> whose type is <paramref name="type"/>.</summary>
        protected static string? InScope(SemanticModel semanticModel, int position, INamedTypeSymbol? type)
        {
            if (type is null)
            {
                return null;
            }

            foreach (var symbol in semanticModel.LookupSymbols(position))
            {
                var symbolType = symbol switch
                {
                    ILocalSymbol local => local.Type,
                    IParameterSymbol parameter => parameter.Type,
                    IFieldSymbol field => field.Type,
                    IPropertySymbol property => property.Type,
                    _ => null,
                };
                if (symbolType is not null && symbolType.IsOrImplements(type) && symbol.Locations.All(l => l.IsInSource && l.SourceSpan.Start < position))
                {
                    return symbol.Name;
                }
            }

            return null;
        }

        private sealed class HangfireReporter : CentralReporter
        {
            public HangfireReporter()
                : base("Hangfire", "Report failed Hangfire jobs centrally (a job filter on FailedState)", "ReportFailedJobsFilter", "Hangfire.States.IApplyStateFilter", "AddHangfire", "GlobalConfiguration", "GlobalJobFilters")
            {
            }

            // GlobalConfiguration.Configuration.UseXxx(…): any extension of the configuration.
            public override bool IsSiteName(string name) => true;

            public override RegistrationSite? MatchSite(InvocationExpressionSyntax invocation, IMethodSymbol target, SemanticModel semanticModel, CentralReport report, CancellationToken cancellationToken)
            {
                if (!IsFrom(target, "Hangfire"))
                {
                    return null;
                }

                // services.AddHangfire(config => …) or AddHangfire((provider, config) => …): the filter is added inside;
                // a logger comes from the provider, the second overload's parameter.
                if (target.Name == "AddHangfire")
                {
                    if (ConfigureLambda(invocation) is not { } configure)
                    {
                        return null;
                    }

                    string? services = null;
                    if (report.UsesLogger)
                    {
                        services = configure.Lambda is ParenthesizedLambdaExpressionSyntax { ParameterList.Parameters: { Count: 2 } parameters }
                            ? parameters[0].Identifier.ValueText
                            : HasProviderOverload(target) ? FreeName("provider", invocation) : null;
                        if (services is null)
                        {
                            return null;
                        }
                    }

                    return new RegistrationSite(this, invocation, RegistrationKind.AppendToLambda, configure.Lambda, configure.Configurator, services);
                }

                // GlobalJobFilters.Filters.Add(…) or GlobalConfiguration.Configuration.UseXxx(…): one more filter after it.
                if (invocation.Parent is not ExpressionStatementSyntax { Parent: BlockSyntax or GlobalStatementSyntax } statement
                    || !(IsGlobal(invocation.Expression, "GlobalJobFilters", "Filters", semanticModel, cancellationToken)
                         || IsGlobal(invocation.Expression, "GlobalConfiguration", "Configuration", semanticModel, cancellationToken)))
                {
                    return null;
                }

                string? provider = null;
                if (report.UsesLogger)
                {
                    var compilation = semanticModel.Compilation;
                    provider = InScope(semanticModel, statement.SpanStart, compilation.GetTypeByMetadataName("System.IServiceProvider"));
                    if (provider is null)
                    {
                        return null;
                    }
                }

                return new RegistrationSite(this, statement, RegistrationKind.StatementAfter, null, null, provider);
            }

            public override string Registration(RegistrationSite site, string type, CentralReport report)
            {
                var filter = "new " + type + "(" + (site.Provider is { } provider ? provider + ".GetRequiredService<Microsoft.Extensions.Logging.ILogger<" + type + ">>()" : "") + ")";
                return site.Kind == RegistrationKind.AppendToLambda
                    ? site.Configurator + ".UseFilter(" + filter + ");"
                    : "Hangfire.GlobalJobFilters.Filters.Add(" + filter + ");";
            }

            /// <summary>The <c>AddHangfire((provider, config) => …)</c> overload is there to switch to.</summary>
            private static bool HasProviderOverload(IMethodSymbol target)
                => target.ContainingType.GetMembers(target.Name).OfType<IMethodSymbol>().Any(m => m.Parameters.Any(p =>
                    p.Type is INamedTypeSymbol { DelegateInvokeMethod.Parameters: { Length: 2 } invoke } && invoke[0].Type.ToDisplayString() == "System.IServiceProvider"));

            /// <summary>Whether the chain <paramref name="expression"/> starts at Hangfire's <c>type.property</c>.</summary>
            private static bool IsGlobal(ExpressionSyntax expression, string type, string property, SemanticModel semanticModel, CancellationToken cancellationToken)
            {
                while (true)
                {
                    switch (expression)
                    {
                        case MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: var name }, Name.Identifier.ValueText: var member } access when name == type && member == property:
                            return semanticModel.GetSymbolInfo(access, cancellationToken).Symbol is IPropertySymbol symbol
                                && symbol.ContainingType.ToDisplayString() == "Hangfire." + type;
                        case MemberAccessExpressionSyntax access:
                            expression = access.Expression;
                            break;
                        case InvocationExpressionSyntax call:
                            expression = call.Expression;
                            break;
                        default:
                            return false;
                    }
                }
            }

            public override string? ReportingBody(IMethodSymbol member, CentralReport report)
            {
                if (member.Name != "OnStateApplied" || member.Parameters.Length == 0)
                {
                    return null;
                }

                var context = member.Parameters[0].Name;
                return "if (" + context + ".NewState is Hangfire.States.FailedState failed) { "
                    + report.Call("failed.Exception", "Job {JobId} failed", "A Hangfire job failed", context + ".BackgroundJob.Id") + " }";
            }
        }

        private sealed class QuartzReporter : CentralReporter
        {
            public QuartzReporter()
                : base("Quartz", "Report failed Quartz jobs centrally (a job listener)", "JobFailureListener", "Quartz.IJobListener", "AddQuartz")
            {
            }

            public override RegistrationSite? MatchSite(InvocationExpressionSyntax invocation, IMethodSymbol target, SemanticModel semanticModel, CentralReport report, CancellationToken cancellationToken)
            {
                if (!IsFrom(target, "Quartz") || ConfigureLambda(invocation) is not { } configure)
                {
                    return null;
                }

                // Every job: Quartz 4 takes a collection of matchers (Matchers.AllJobs()), Quartz 3 a params array of them
                // (EverythingMatcher<JobKey>.AllJobs(), imported by hand: the simplifier leaves it written in full).
                var compilation = semanticModel.Compilation;
                if (compilation.GetTypeByMetadataName("Quartz.Matchers")?.GetMembers("AllJobs").OfType<IMethodSymbol>().FirstOrDefault() is { } allJobs)
                {
                    var matchers = allJobs.ReturnType.AllInterfaces.Any(i => i.Name == "IEnumerable") ? "Quartz.Matchers.AllJobs()" : "new[] { Quartz.Matchers.AllJobs() }";
                    return new RegistrationSite(this, invocation, RegistrationKind.AppendToLambda, configure.Lambda, configure.Configurator, null, matchers, null);
                }

                return compilation.GetTypeByMetadataName("Quartz.Impl.Matchers.EverythingMatcher`1") is not null
                    ? new RegistrationSite(this, invocation, RegistrationKind.AppendToLambda, configure.Lambda, configure.Configurator, null, "EverythingMatcher<Quartz.JobKey>.AllJobs()", "Quartz.Impl.Matchers")
                    : null;
            }

            public override string Registration(RegistrationSite site, string type, CentralReport report)
                => site.Configurator + ".AddJobListener<" + type + ">(" + site.Arguments + ");";

            public override string? ReportingBody(IMethodSymbol member, CentralReport report)
            {
                var exception = member.Parameters.FirstOrDefault(p => IsException(p.Type));
                if (member.Name != "JobWasExecuted" || exception is null)
                {
                    return null;
                }

                return "if (" + exception.Name + " is not null) { "
                    + report.Call(exception.Name, "Job {JobKey} failed", "A Quartz job failed", member.Parameters[0].Name + ".JobDetail.Key") + " }";
            }
        }

        private sealed class MassTransitReporter : CentralReporter
        {
            public MassTransitReporter()
                : base("MassTransit", "Report failed MassTransit consumers centrally (a consume observer)", "ConsumeFailureObserver", "MassTransit.IConsumeObserver", "AddMassTransit")
            {
            }

            public override RegistrationSite? MatchSite(InvocationExpressionSyntax invocation, IMethodSymbol target, SemanticModel semanticModel, CentralReport report, CancellationToken cancellationToken)
                => IsFrom(target, "MassTransit") && ConfigureLambda(invocation) is { } configure
                    ? new RegistrationSite(this, invocation, RegistrationKind.AppendToLambda, configure.Lambda, configure.Configurator, null)
                    : null;

            public override string Registration(RegistrationSite site, string type, CentralReport report)
                => site.Configurator + ".AddConsumeObserver<" + type + ">();";

            public override string? ReportingBody(IMethodSymbol member, CentralReport report)
            {
                var exception = member.Parameters.FirstOrDefault(p => IsException(p.Type));
                if (member.Name != "ConsumeFault" || exception is null || member.TypeParameters.Length != 1)
                {
                    return null;
                }

                return report.Call(
                    exception.Name,
                    "Consumer of {MessageType} failed for message {MessageId}",
                    "A MassTransit consumer failed",
                    "typeof(" + member.TypeParameters[0].Name + ").Name",
                    member.Parameters[0].Name + ".MessageId");
            }
        }

        /// <summary>Coravel takes a handler, not a class: <c>UseScheduler(…).OnError(ex => …)</c>, <c>ConfigureQueue().OnError(ex => …)</c>.</summary>
        private sealed class CoravelReporter : CentralReporter
        {
            public CoravelReporter()
                : base("Coravel", "Report failed Coravel jobs centrally (an OnError handler)", null, null, "UseScheduler", "ConfigureQueue")
            {
            }

            public override bool EditsEverySite => true;

            public override RegistrationSite? MatchSite(InvocationExpressionSyntax invocation, IMethodSymbol target, SemanticModel semanticModel, CentralReport report, CancellationToken cancellationToken)
            {
                if (!IsFrom(target, "Coravel")
                    || invocation.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "OnError" }
                    || target.ReturnType.GetMembers("OnError").IsEmpty)
                {
                    return null;
                }

                // The logger comes from the provider the scheduler or queue is taken from; it is named once more in the
                // handler, so it must be a plain name (app.Services), not a call.
                string? provider = null;
                if (report.UsesLogger)
                {
                    if (invocation.Expression is not MemberAccessExpressionSyntax { Expression: var receiver } || !IsPlainName(receiver))
                    {
                        return null;
                    }

                    provider = receiver.ToString();
                }

                return new RegistrationSite(this, invocation, RegistrationKind.ChainCall, null, null, provider);
            }

            public override string Registration(RegistrationSite site, string type, CentralReport report)
            {
                var exception = FailureReport.ExceptionName(site.Node.SyntaxTree.GetRoot());
                return exception + " => " + report.HandlerCall(exception, site.Provider ?? "", "Coravel", "A Coravel job failed").TrimEnd(';');
            }

            private static bool IsPlainName(ExpressionSyntax expression)
                => expression switch
                {
                    IdentifierNameSyntax => true,
                    MemberAccessExpressionSyntax { Expression: var inner } => IsPlainName(inner),
                    _ => false,
                };
        }

        /// <summary><paramref name="name"/>, or a numbered one, that no identifier of the file uses.</summary>
        protected static string FreeName(string name, SyntaxNode within)
        {
            var used = new HashSet<string>(within.SyntaxTree.GetRoot().DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText), StringComparer.Ordinal);
            return SyntaxText.UniqueName(name, used);
        }

        private static bool IsException(ITypeSymbol type)
        {
            for (var current = type; current is not null; current = current.BaseType)
            {
                if (current.Name == "Exception" && current.ContainingNamespace?.ToDisplayString() == "System")
                {
                    return true;
                }
            }

            return false;
        }
    }

    internal enum RegistrationKind
    {
        /// <summary>A statement appended to the configuration lambda: <c>x.AddJobListener&lt;T&gt;();</c>.</summary>
        AppendToLambda,

        /// <summary>A statement after the registration statement: <c>GlobalJobFilters.Filters.Add(new T(…));</c>.</summary>
        StatementAfter,

        /// <summary>A call chained to the registration: <c>.OnError(ex => …)</c>.</summary>
        ChainCall,
    }

    /// <summary>Where the application configures a framework, and what the fix adds there.</summary>
    internal sealed class RegistrationSite
    {
        public RegistrationSite(CentralReporter reporter, SyntaxNode node, RegistrationKind kind, LambdaExpressionSyntax? lambda, string? configurator, string? provider, string? arguments = null, string? import = null)
        {
            Arguments = arguments;
            Import = import;
            Reporter = reporter;
            Node = node;
            Kind = kind;
            Lambda = lambda;
            Configurator = configurator;
            Provider = provider;
        }

        public CentralReporter Reporter { get; }

        /// <summary>The registration call, or its statement for <see cref="RegistrationKind.StatementAfter"/>.</summary>
        public SyntaxNode Node { get; }

        public RegistrationKind Kind { get; }

        public LambdaExpressionSyntax? Lambda { get; }

        public string? Configurator { get; }

        /// <summary>An <c>IServiceProvider</c> the registration can take a logger from, when it needs one.</summary>
        public string? Provider { get; }

        /// <summary>What the registration call takes besides the reporter, in the framework version's own terms.</summary>
        public string? Arguments { get; }

        /// <summary>A namespace the registration's file imports for <see cref="Arguments"/>.</summary>
        public string? Import { get; }
    }

    /// <summary>How a central reporter reports: the configured <c>queuelint.report_method</c>, else an injected <c>ILogger&lt;T&gt;</c>.</summary>
    internal sealed class CentralReport
    {
        private CentralReport(string? reportMethod, bool takesMessage)
        {
            ReportMethod = reportMethod;
            TakesMessage = takesMessage;
        }

        public string? ReportMethod { get; }

        public bool TakesMessage { get; }

        public bool UsesLogger => ReportMethod is null;

        /// <summary>The report of <paramref name="project"/>'s registration in <paramref name="tree"/>, or null when nothing can report.</summary>
        public static CentralReport? Create(Project project, Compilation compilation, SyntaxTree tree)
        {
            var options = Options.QueueLintOptions.Get(project.AnalyzerOptions.AnalyzerConfigOptionsProvider.GetOptions(tree));
            if (options.ReportMethod is { } configured && FailureReport.ResolveReportMethod(compilation, configured) is { } method)
            {
                return new CentralReport(configured, method.Parameters.Length >= 2 && method.Parameters[1].Type.SpecialType == SpecialType.System_String);
            }

            // LoggerExtensions as the model knows it: the logging abstractions' own (the WebJobs host declares another).
            var symbols = JobModel.Get(compilation).Symbols;
            return symbols.ILogger1 is not null && symbols.LoggerExtensions is not null
                ? new CentralReport(null, false)
                : null;
        }

        /// <summary>The report statement: <c>_logger.LogError(ex, template, args)</c> or the report method's call.</summary>
        public string Call(string exception, string template, string message, params string[] arguments)
            => ReportMethod is not null
                ? ReportMethod + "(" + exception + (TakesMessage ? ", " + Literal(message) : "") + ");"
                : "_logger.LogError(" + exception + ", " + Literal(template) + string.Concat(arguments.Select(a => ", " + a)) + ");";

        /// <summary>The handler's body for a reporter that is a lambda (Coravel): the logger is asked of the provider.</summary>
        public string HandlerCall(string exception, string provider, string category, string message)
            => ReportMethod is not null
                ? Call(exception, message, message)
                : provider + ".GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>().CreateLogger(" + Literal(category) + ").LogError(" + exception + ", " + Literal(message) + ");";

        private static string Literal(string text) => SymbolDisplay.FormatLiteral(text, quote: true);
    }

    /// <summary>Finds the registration sites of a framework in a project and the projects that depend on it.</summary>
    internal static class RegistrationSites
    {
        public static async Task<(Document Document, CentralReport Report, List<RegistrationSite> Sites)?> FindAsync(CentralReporter reporter, Project project, CancellationToken cancellationToken)
        {
            var solution = project.Solution;
            var projects = new List<ProjectId> { project.Id };
            projects.AddRange(solution.GetProjectDependencyGraph().GetProjectsThatTransitivelyDependOnThisProject(project.Id).OrderBy(id => solution.GetProject(id)!.Name, StringComparer.Ordinal));
            foreach (var projectId in projects)
            {
                var candidate = solution.GetProject(projectId);
                if (candidate is null || candidate.Language != LanguageNames.CSharp)
                {
                    continue;
                }

                foreach (var document in candidate.Documents)
                {
                    var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
                    var content = text.ToString();
                    if (!reporter.SiteNames.Any(name => content.IndexOf(name, StringComparison.Ordinal) >= 0))
                    {
                        continue;
                    }

                    if (await FindInDocumentAsync(reporter, document, cancellationToken).ConfigureAwait(false) is { } found)
                    {
                        return (document, found.Report, found.Sites);
                    }
                }
            }

            return null;
        }

        private static async Task<(CentralReport Report, List<RegistrationSite> Sites)?> FindInDocumentAsync(CentralReporter reporter, Document document, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            // The reporter's interface must be visible where it is registered; otherwise the fix would write nothing.
            if (root is null || semanticModel is null
                || (reporter.InterfaceName is { } contract && semanticModel.Compilation.GetTypeByMetadataName(contract) is null)
                || CentralReport.Create(document.Project, semanticModel.Compilation, root.SyntaxTree) is not { } report)
            {
                return null;
            }

            var sites = new List<RegistrationSite>();
            foreach (var invocation in root.DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                var name = invocation.Expression switch
                {
                    MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
                    SimpleNameSyntax simple => simple.Identifier.ValueText,
                    _ => null,
                };
                if (name is null || !reporter.IsSiteName(name)
                    || semanticModel.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol target
                    || reporter.MatchSite(invocation, target, semanticModel, report, cancellationToken) is not { } site)
                {
                    continue;
                }

                sites.Add(site);
                if (!reporter.EditsEverySite)
                {
                    break;
                }
            }

            return sites.Count == 0 ? null : (report, sites);
        }
    }
}
