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
    /// QL0002: a payload value that belongs to the code enqueuing the job — a DbContext, an HttpContext, a
    /// ClaimsPrincipal, a logger, a service provider or scope, a stream, a delegate or expression, a task, a
    /// deferred query, a live CancellationToken, a non-null PerformContext or IJobCancellationToken. Hangfire's
    /// placeholders (<c>CancellationToken.None</c>, <c>default</c>, <c>null</c>, <c>JobCancellationToken.Null</c>) are
    /// what it expects and stay quiet.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ContextBoundPayloadAnalyzer : EnqueueSiteAnalyzer
    {
        /// <summary>Diagnostic property: the placeholder expression the fixer writes instead of the value.</summary>
        public const string PlaceholderProperty = "Placeholder";

        private const int MaxQuotedLength = 40;

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.ContextBoundPayload);

        internal override bool IsApplicable(KnownSymbols symbols) => symbols.HasEnqueueFramework;

        internal override void AnalyzeSite(EnqueueSiteContext context, KnownSymbols symbols)
        {
            foreach (var value in context.Site.Payload)
            {
                var kind = Classify(value.Value, symbols, out var placeholderType, out var placeholderMember);
                if (kind is null)
                {
                    continue;
                }

                var syntax = value.Value.Syntax;
                var described = SyntaxNames.QuotableText(syntax, MaxQuotedLength) is { } text ? kind + " '" + text + "'" : kind;
                var properties = ImmutableDictionary<string, string?>.Empty;
                if (placeholderMember is not null)
                {
                    properties = properties.Add(
                        PlaceholderProperty,
                        placeholderType is null ? placeholderMember : placeholderType.ToMinimalDisplayString(context.SemanticModel, syntax.SpanStart) + "." + placeholderMember);
                }

                context.ReportDiagnostic(Diagnostic.Create(Descriptors.ContextBoundPayload, syntax.GetLocation(), properties, context.Site.JobDisplayName, described));
            }
        }

        /// <summary>What the value is, for the message, or null when it may travel with the job.</summary>
        private static string? Classify(IOperation value, KnownSymbols symbols, out INamedTypeSymbol? placeholderType, out string? placeholderMember)
        {
            placeholderType = null;
            placeholderMember = null;
            var type = value.Type;
            if (type is null || type.TypeKind == TypeKind.Error || value.IsNullOrDefault())
            {
                return null;
            }

            if (SymbolEqualityComparer.Default.Equals(type, symbols.CancellationToken))
            {
                if (value is IPropertyReferenceOperation { Property.Name: "None", Property.IsStatic: true } || value is IObjectCreationOperation)
                {
                    return null;
                }

                placeholderType = symbols.CancellationToken;
                placeholderMember = "None";
                return "the live CancellationToken";
            }

            if (type.IsOrImplements(symbols.HangfireIJobCancellationToken))
            {
                if (value is IFieldReferenceOperation { Field.Name: "Null", Field.IsStatic: true } or IPropertyReferenceOperation { Property.Name: "Null", Property.IsStatic: true })
                {
                    return null;
                }

                placeholderType = symbols.HangfireJobCancellationToken;
                placeholderMember = symbols.HangfireJobCancellationToken is null ? "null" : "Null";
                return "the IJobCancellationToken";
            }

            if (type.InheritsFrom(symbols.HangfirePerformContext))
            {
                placeholderMember = "null";
                return "the PerformContext";
            }

            if (type.InheritsFrom(symbols.EfDbContext))
            {
                return "the DbContext";
            }

            if (type.InheritsFrom(symbols.HttpContext) || type.InheritsFrom(symbols.HttpRequest))
            {
                return "the " + (type.InheritsFrom(symbols.HttpContext) ? "HttpContext" : "HttpRequest");
            }

            if (type.InheritsFrom(symbols.ClaimsPrincipal))
            {
                return "the ClaimsPrincipal";
            }

            if (type.IsOrImplements(symbols.ILogger))
            {
                return "the logger";
            }

            if (type.IsOrImplements(symbols.IServiceScope) || type.IsOrImplements(symbols.IServiceProvider))
            {
                return "the service provider";
            }

            if (type.InheritsFrom(symbols.Stream))
            {
                return "the stream";
            }

            if (type.TypeKind == TypeKind.Delegate)
            {
                return "the delegate";
            }

            if (type.InheritsFrom(symbols.Expression))
            {
                return "the expression";
            }

            if (type.InheritsFrom(symbols.Task) || SymbolEqualityComparer.Default.Equals(type, symbols.ValueTask)
                || SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, symbols.ValueTask1))
            {
                return "the task";
            }

            if (type.IsOrImplements(symbols.IQueryable) || IsDeferredLinq(value, symbols))
            {
                return "the deferred query";
            }

            return null;
        }

        /// <summary>A LINQ operator call that returns a lazy sequence (<c>Where</c>, <c>Select</c>, ...), not a materialised one.</summary>
        private static bool IsDeferredLinq(IOperation value, KnownSymbols symbols)
            => value is IInvocationOperation invocation
               && SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, symbols.LinqEnumerable)
               && invocation.TargetMethod.ReturnType is INamedTypeSymbol { IsGenericType: true } returned
               && SymbolEqualityComparer.Default.Equals(returned.OriginalDefinition, symbols.IEnumerable1);
    }
}
