using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Formatting;
using QueueLint.Model;
using QueueLint.Model.Jobs;
using QueueLint.Model.Syntax;
using QueueLint.Options;

namespace QueueLint.CodeFixes
{
    /// <summary>
    /// How a fix reports a job's exception, decided once per class: the configured <c>queuelint.report_method</c>; else an
    /// <c>ILogger</c> the class already holds (field, property, primary-constructor parameter); else an
    /// <c>ILogger&lt;TJob&gt;</c> injected through the constructor, where the class is built by a container; else, for a
    /// static Wolverine handler, an <c>ILogger&lt;TMessage&gt;</c> parameter, which Wolverine resolves from the container for
    /// each message; for a static in-process Azure Function, an <c>ILogger log</c> parameter, which the host binds to the
    /// function's logger (a logger parameter the method already takes is used as it is). The log call is structured: <c>_logger.LogError(ex, "Job {Job} failed for {OrderId}", "OrderJobs.Ship", orderId)</c>.
    /// </summary>
    internal sealed class FailureReport
    {
        private const string LoggingNamespace = "Microsoft.Extensions.Logging";

        private FailureReport(string? reportMethod, bool reportMethodTakesMessage, string? loggerName, bool injects, INamedTypeSymbol type, string? parameterType = null)
        {
            ReportMethod = reportMethod;
            ReportMethodTakesMessage = reportMethodTakesMessage;
            LoggerName = loggerName;
            Injects = injects;
            Type = type;
            ParameterType = parameterType;
        }

        /// <summary>The logger type a parameter added to the job method takes (a static Wolverine handler or in-process function), or null.</summary>
        public string? ParameterType { get; }

        /// <summary>The configured report method, fully qualified.</summary>
        public string? ReportMethod { get; }

        public bool ReportMethodTakesMessage { get; }

        /// <summary>The logger the report call uses: an existing member or parameter, or the injected one.</summary>
        public string? LoggerName { get; }

        /// <summary>Whether the fix adds an <c>ILogger&lt;TJob&gt;</c> to the class.</summary>
        public bool Injects { get; }

        public INamedTypeSymbol Type { get; }

        /// <summary>
        /// The report for <paramref name="method"/>, or null when there is no way to report from it. A logger parameter
        /// is asked for only when <paramref name="addsParameter"/> says the caller adds it to the method itself.
        /// </summary>
        public static async Task<FailureReport?> CreateAsync(Document document, SemanticModel semanticModel, IMethodSymbol method, CancellationToken cancellationToken, bool addsParameter = false)
        {
            var type = method.ContainingType;
            var options = QueueLintOptions.Get(document.Project.AnalyzerOptions.AnalyzerConfigOptionsProvider.GetOptions(semanticModel.SyntaxTree));
            if (options.ReportMethod is { } configured && ResolveReportMethod(semanticModel.Compilation, configured) is { } reportMethod)
            {
                return new FailureReport(configured, reportMethod.Parameters.Length >= 2 && reportMethod.Parameters[1].Type.SpecialType == SpecialType.System_String, null, false, type);
            }

            var symbols = JobModel.Get(semanticModel.Compilation).Symbols;
            if (symbols.ILogger is null)
            {
                return null;
            }

            if (JobLoggers.Find(type, method.IsStatic, semanticModel.Compilation) is { } logger)
            {
                return new FailureReport(null, false, logger.Name, false, type);
            }

            foreach (var parameter in method.Parameters)
            {
                if (parameter.Type.IsOrImplements(symbols.ILogger))
                {
                    return new FailureReport(null, false, parameter.Name, false, type);
                }
            }

            if (method.IsStatic && addsParameter && symbols.ILogger1 is not null
                && WolverineHandlers.IsHandlerMethod(method, symbols)
                && WolverineHandlers.GetMessageType(method) is { TypeKind: not TypeKind.TypeParameter } message
                && !method.Parameters.Any(p => p.Name == "logger"))
            {
                return new FailureReport(null, false, "logger", false, type, LoggingNamespace + ".ILogger<" + message.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + ">");
            }

            if (method.IsStatic && addsParameter && AzureFunctions.IsInProcessJob(method, symbols) && !method.Parameters.Any(p => p.Name == "log"))
            {
                return new FailureReport(null, false, "log", false, type, LoggingNamespace + ".ILogger");
            }

            if (method.IsStatic || symbols.ILogger1 is null || !await CanInjectAsync(document, type, method, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            var primary = PrimaryConstructorParameters(type) is not null;
            return new FailureReport(null, false, primary ? "logger" : "_logger", true, type);
        }

        /// <summary><c>_logger.LogError(ex, "Job {Job} failed for {OrderId}", "OrderJobs.Ship", orderId);</c> or the report method call.</summary>
        public StatementSyntax CreateStatement(string exceptionName, IMethodSymbol job)
        {
            var jobName = job.ContainingType.Name + "." + job.Name;
            var arguments = new List<IParameterSymbol>();
            foreach (var parameter in job.Parameters)
            {
                if (IsValue(parameter.Type))
                {
                    arguments.Add(parameter);
                }
            }

            var template = "Job {Job} failed" + (arguments.Count == 0 ? "" : " for " + string.Join(", ", arguments.Select(p => "{" + Pascal(p.Name) + "}")));
            string text;
            if (ReportMethod is not null)
            {
                text = ReportMethod + "(" + exceptionName + (ReportMethodTakesMessage ? ", \"Job " + jobName + " failed\"" : "") + ");";
            }
            else
            {
                text = LoggerName + ".LogError(" + exceptionName + ", " + Literal(template) + ", " + Literal(jobName)
                    + string.Concat(arguments.Select(p => ", " + EscapedName(p.Name))) + ");";
            }

            var statement = (ExpressionStatementSyntax)SyntaxFactory.ParseStatement(text);
            if (ReportMethod is not null && statement.Expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: { } reportType } })
            {
                statement = statement.ReplaceNode(reportType, reportType.WithAdditionalAnnotations(DocumentCleanup.QualifiedName));
            }

            return statement.WithLeadingTrivia(SyntaxFactory.ElasticMarker).WithTrailingTrivia(SyntaxFactory.ElasticMarker).WithAdditionalAnnotations(Formatter.Annotation);
        }

        /// <summary><paramref name="method"/> with the logger parameter the report asks for (<see cref="ParameterType"/>), or as it is.</summary>
        public MethodDeclarationSyntax AddLoggerParameter(MethodDeclarationSyntax method)
        {
            if (ParameterType is null)
            {
                return method;
            }

            var type = SyntaxFactory.ParseTypeName(ParameterType).WithAdditionalAnnotations(DocumentCleanup.QualifiedName);
            return method.AddParameterListParameters(SyntaxFactory.Parameter(SyntaxFactory.Identifier(LoggerName!)).WithType(type.WithTrailingTrivia(SyntaxFactory.Space)));
        }

        /// <summary>The class with the logger it needs: a field and a constructor parameter, or a primary-constructor parameter.</summary>
        public TypeDeclarationSyntax AddLogger(TypeDeclarationSyntax declaration)
        {
            if (!Injects)
            {
                return declaration;
            }

            var loggerType = SyntaxFactory.ParseTypeName(LoggingNamespace + ".ILogger<" + declaration.Identifier.ValueText + TypeParameters(declaration) + ">")
                .WithAdditionalAnnotations(DocumentCleanup.QualifiedName);
            var parameter = SyntaxFactory.Parameter(SyntaxFactory.Identifier("logger")).WithType(loggerType.WithTrailingTrivia(SyntaxFactory.Space));

            if (declaration.ParameterList is { } primary)
            {
                return declaration.WithParameterList(primary.AddParameters(parameter));
            }

            var field = SyntaxFactory.ParseMemberDeclaration("private readonly " + LoggingNamespace + ".ILogger<" + declaration.Identifier.ValueText + TypeParameters(declaration) + "> _logger;")!;
            field = field.ReplaceNode(((FieldDeclarationSyntax)field).Declaration.Type, loggerType.WithTrailingTrivia(SyntaxFactory.Space));
            var constructor = declaration.Members.OfType<ConstructorDeclarationSyntax>().FirstOrDefault(c => !c.Modifiers.Any(SyntaxKind.StaticKeyword));
            var fieldIndex = FieldInsertIndex(declaration);
            field = fieldIndex > 0
                ? field.WithLeadingTrivia(declaration.Members[fieldIndex - 1].GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia)))
                    .WithTrailingTrivia(declaration.Members[fieldIndex - 1].GetTrailingTrivia())
                : FirstMember(field, declaration, blankLineAfter: constructor is not null);

            SyntaxList<MemberDeclarationSyntax> members;
            if (constructor is null)
            {
                var created = SyntaxFactory.ParseMemberDeclaration("public " + declaration.Identifier.ValueText + "(" + LoggingNamespace + ".ILogger<" + declaration.Identifier.ValueText + TypeParameters(declaration) + "> logger) => _logger = logger;")!;
                created = created.ReplaceNode(((ConstructorDeclarationSyntax)created).ParameterList.Parameters[0].Type!, loggerType.WithTrailingTrivia(SyntaxFactory.Space));
                created = fieldIndex == 0 && declaration.Members.Count > 0
                    ? SeparatedFromNext(created, declaration)
                    : created.WithAdditionalAnnotations(Formatter.Annotation);
                members = declaration.Members.Insert(fieldIndex, created);
            }
            else
            {
                var assignment = SyntaxFactory.ParseStatement("_logger = logger;");
                var updated = constructor.WithParameterList(constructor.ParameterList.AddParameters(parameter));
                if (updated.Body is { Statements.Count: > 0 } body)
                {
                    var last = body.Statements.Last();
                    updated = updated.WithBody(body.AddStatements(assignment.WithLeadingTrivia(last.GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia))).WithTrailingTrivia(last.GetTrailingTrivia())));
                }
                else if (updated.Body is { } empty)
                {
                    updated = updated.WithBody(empty.AddStatements(assignment)).WithAdditionalAnnotations(Formatter.Annotation);
                }
                else if (updated.ExpressionBody is { } arrow)
                {
                    updated = updated.WithExpressionBody(null).WithSemicolonToken(default)
                        .WithBody(SyntaxFactory.Block(SyntaxFactory.ExpressionStatement(arrow.Expression.WithoutTrivia()), assignment))
                        .WithTrailingTrivia(constructor.GetTrailingTrivia())
                        .WithAdditionalAnnotations(Formatter.Annotation);
                }

                members = declaration.Members.Replace(constructor, updated);
            }

            return declaration.WithMembers(members.Insert(fieldIndex, field));
        }

        /// <summary>
        /// A name for the caught exception that nothing in <paramref name="scope"/> uses yet; names declared inside other
        /// catch clauses do not count (their scope ends with them).
        /// </summary>
        public static string ExceptionName(SyntaxNode scope, SyntaxNode? within = null)
        {
            var used = new HashSet<string>(StringComparer.Ordinal);
            foreach (var token in scope.DescendantTokens(n => n is not CatchClauseSyntax || (within is not null && (n == within || n.Contains(within)))))
            {
                if (token.IsKind(SyntaxKind.IdentifierToken))
                {
                    used.Add(token.ValueText);
                }
            }

            return used.Contains("ex") ? SyntaxText.UniqueName("exception", used) : "ex";
        }

        /// <summary>
        /// A member placed first in a class that has no fields, on a line of its own: the formatter does not break the
        /// line before a first member that starts with a comment, so the line ends are written here.
        /// </summary>
        private static MemberDeclarationSyntax FirstMember(MemberDeclarationSyntax member, TypeDeclarationSyntax declaration, bool blankLineAfter)
        {
            if (declaration.Members.Count == 0)
            {
                return member.WithAdditionalAnnotations(Formatter.Annotation);
            }

            var end = LineEnd(declaration);
            return member.WithLeadingTrivia(Indentation(declaration)).WithTrailingTrivia(blankLineAfter ? new[] { end, end } : new[] { end });
        }

        /// <summary>A member placed before the class's first member, a blank line before it and after it.</summary>
        private static MemberDeclarationSyntax SeparatedFromNext(MemberDeclarationSyntax member, TypeDeclarationSyntax declaration)
        {
            var end = LineEnd(declaration);
            return member.WithLeadingTrivia(SyntaxFactory.TriviaList(end).AddRange(Indentation(declaration))).WithTrailingTrivia(end, end);
        }

        private static IEnumerable<SyntaxTrivia> Indentation(TypeDeclarationSyntax declaration)
            => declaration.Members[0].GetLeadingTrivia().Reverse().TakeWhile(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).Take(1)
                .DefaultIfEmpty(SyntaxFactory.ElasticMarker);

        private static SyntaxTrivia LineEnd(TypeDeclarationSyntax declaration)
        {
            foreach (var trivia in declaration.OpenBraceToken.TrailingTrivia)
            {
                if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
                {
                    return trivia;
                }
            }

            return SyntaxFactory.ElasticCarriageReturnLineFeed;
        }

        private static int FieldInsertIndex(TypeDeclarationSyntax declaration)
        {
            var index = 0;
            for (var i = 0; i < declaration.Members.Count; i++)
            {
                if (declaration.Members[i] is FieldDeclarationSyntax)
                {
                    index = i + 1;
                }
            }

            return index;
        }

        private static string TypeParameters(TypeDeclarationSyntax declaration)
            => declaration.TypeParameterList is { } list ? "<" + string.Join(", ", list.Parameters.Select(p => p.Identifier.ValueText)) + ">" : "";

        internal static IMethodSymbol? ResolveReportMethod(Compilation compilation, string name)
        {
            var dot = name.LastIndexOf('.');
            if (dot <= 0 || compilation.GetTypeByMetadataName(name.Substring(0, dot)) is not { } type)
            {
                return null;
            }

            foreach (var member in type.GetMembers(name.Substring(dot + 1)))
            {
                if (member is IMethodSymbol { IsStatic: true, Parameters.Length: >= 1 } method
                    && method.Parameters[0].Type.Name == "Exception"
                    && method.Parameters.Skip(method.Parameters.Length >= 2 && method.Parameters[1].Type.SpecialType == SpecialType.System_String ? 2 : 1).All(p => p.IsOptional))
                {
                    return method;
                }
            }

            return null;
        }

        /// <summary>The parameters of a C# 12 primary constructor, or null.</summary>
        private static IEnumerable<IParameterSymbol>? PrimaryConstructorParameters(INamedTypeSymbol type)
        {
            foreach (var constructor in type.InstanceConstructors)
            {
                foreach (var reference in constructor.DeclaringSyntaxReferences)
                {
                    if (reference.GetSyntax() is TypeDeclarationSyntax)
                    {
                        return constructor.Parameters;
                    }
                }
            }

            return null;
        }

        /// <summary>
        /// A logger can be added to the constructor when a container builds the class: it already takes
        /// constructor parameters, or its framework resolves jobs from a container, and no code calls
        /// <c>new</c> on it. The search for such calls, the dearest question, is asked last.
        /// </summary>
        private static async Task<bool> CanInjectAsync(Document document, INamedTypeSymbol type, IMethodSymbol method, CancellationToken cancellationToken)
        {
            if (type.TypeKind != TypeKind.Class || type.DeclaringSyntaxReferences.Length != 1)
            {
                return false;
            }

            var explicitConstructors = type.InstanceConstructors.Where(c => !c.IsImplicitlyDeclared).ToList();
            if (explicitConstructors.Count > 1
                || (!type.InstanceConstructors.Any(c => c.Parameters.Length > 0) && !await FrameworkResolvesFromContainerAsync(document, method, cancellationToken).ConfigureAwait(false)))
            {
                return false;
            }

            foreach (var constructor in type.InstanceConstructors)
            {
                var references = await SymbolFinder.FindReferencesAsync(constructor, document.Project.Solution, cancellationToken).ConfigureAwait(false);
                if (references.Any(r => r.Locations.Any()))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Whether the framework that runs <paramref name="method"/> builds its class from the application's container.</summary>
        private static async Task<bool> FrameworkResolvesFromContainerAsync(Document document, IMethodSymbol method, CancellationToken cancellationToken)
        {
            var compilation = (await document.Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false))!;
            var model = JobModel.Get(compilation);
            var jobCode = model.GetJobCode(document.Project.AnalyzerOptions, cancellationToken);
            return ContainerBuilds(jobCode.Find(method, cancellationToken)?.EntryKind ?? JobEntryPointKind.None, compilation);
        }

        /// <summary>Whether the framework that runs a <paramref name="kind"/> entry point builds its class from the application's container.</summary>
        internal static bool ContainerBuilds(JobEntryPointKind kind, Compilation compilation)
            => kind switch
            {
                JobEntryPointKind.HostedService or JobEntryPointKind.MassTransitConsumer or JobEntryPointKind.MassTransitJobConsumer or JobEntryPointKind.CoravelInvocable => true,
                JobEntryPointKind.HangfireJob => compilation.GetTypeByMetadataName("Hangfire.AspNetCore.AspNetCoreJobActivator") is not null,
                JobEntryPointKind.QuartzJob => compilation.GetTypeByMetadataName("Quartz.Simpl.MicrosoftDependencyInjectionJobFactory") is not null,
                // Rebus.ServiceProvider resolves handlers from the container; the built-in activator takes what the application builds.
                JobEntryPointKind.RebusHandler => compilation.ReferencedAssemblyNames.Any(a => a.Name == "Rebus.ServiceProvider"),
                // Wolverine's generated code builds handler classes with their constructor's services from the container.
                JobEntryPointKind.WolverineHandler => true,
                // CAP resolves each subscriber from a new scope of the container (or builds it with ActivatorUtilities).
                JobEntryPointKind.CapSubscriber => true,
                // The isolated worker builds function classes with ActivatorUtilities; in-process, an instance class gets its
                // constructor's services from the host's container.
                JobEntryPointKind.FunctionsQueueTrigger or JobEntryPointKind.FunctionsServiceBusTrigger or JobEntryPointKind.FunctionsTimerTrigger => true,
                _ => false,
            };

        private static bool IsValue(ITypeSymbol type)
        {
            if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
            {
                type = nullable.TypeArguments[0];
            }

            return type.TypeKind == TypeKind.Enum
                || type.SpecialType is >= SpecialType.System_Boolean and <= SpecialType.System_String
                || type.SpecialType == SpecialType.System_DateTime
                || (type.ContainingNamespace?.Name == "System" && type.Name is "Guid" or "DateTimeOffset" or "TimeSpan" or "DateOnly");
        }

        private static string Pascal(string name) => name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name.Substring(1);

        private static string EscapedName(string name) => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

        private static string Literal(string text) => SymbolDisplay.FormatLiteral(text, quote: true);
    }
}
