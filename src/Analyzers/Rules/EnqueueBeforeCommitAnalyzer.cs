using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using QueueLint.Model;
using QueueLint.Model.Enqueue;
using QueueLint.Model.Syntax;

namespace QueueLint.Rules
{
    /// <summary>
    /// QL0004: an enqueue site (Hangfire, MassTransit publish/send, configured wrappers) that comes, in the same
    /// method body, after a transaction is begun and before it is committed (<c>BeginTransaction[Async]</c> …
    /// <c>Commit[Async]</c>, <c>new TransactionScope()</c> … <c>Complete()</c>), or before the body's first
    /// <c>SaveChanges[Async]</c>. Order is read from the code's text, which is the order of straight-line code.
    /// </summary>
    [DiagnosticAnalyzer(Microsoft.CodeAnalysis.LanguageNames.CSharp)]
    public sealed class EnqueueBeforeCommitAnalyzer : EnqueueSiteAnalyzer
    {
        /// <summary>Diagnostic property: where the commit or save call starts, for the fixer.</summary>
        public const string TargetPositionProperty = "TargetPosition";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.EnqueueBeforeCommit);

        internal override bool IsApplicable(KnownSymbols symbols) => symbols.HasEnqueueFramework && (symbols.EfDbContext is not null || symbols.TransactionScope is not null || symbols.DbConnection is not null);

        internal override void AnalyzeSite(EnqueueSiteContext context, KnownSymbols symbols)
        {
            var site = context.Site;
            if (site.FillsPayloadOnly || site.DeliveredOnCommit)
            {
                // A data map is filled before scheduling, not at it; an outbox makes publishing before SaveChanges the
                // intended pattern.
                return;
            }

            var call = site.Operation.Syntax;
            var body = EnclosingBody(call);
            if (body is null)
            {
                return;
            }

            var semanticModel = context.SemanticModel;
            var cancellationToken = context.CancellationToken;
            SyntaxNode? target = null;
            string? what = null;

            // (a) inside an open transaction.
            foreach (var (transaction, scope, kind) in Transactions(body, semanticModel, symbols, cancellationToken))
            {
                if (transaction.Locations.Length == 0 || transaction.Locations[0].SourceSpan.End > call.SpanStart || !scope.Span.Contains(call.Span))
                {
                    continue;
                }

                SyntaxNode? commitAfter = null;
                var committedBefore = false;
                foreach (var invocation in BodyNodes(body))
                {
                    if (invocation is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } commit
                        && access.Name.Identifier.ValueText is "Commit" or "CommitAsync" or "Complete"
                        && SymbolEqualityComparer.Default.Equals(semanticModel.GetSymbolInfo(access.Expression, cancellationToken).Symbol, transaction))
                    {
                        if (commit.SpanStart < call.SpanStart)
                        {
                            committedBefore = true;
                        }
                        else if (commitAfter is null && commit.SpanStart > call.Span.End)
                        {
                            commitAfter = commit;
                        }
                    }
                }

                if (!committedBefore && commitAfter is not null)
                {
                    target = commitAfter;
                    what = kind;
                    break;
                }
            }

            // (b) before the body's first SaveChanges.
            if (target is null && symbols.EfDbContext is not null)
            {
                foreach (var node in BodyNodes(body))
                {
                    if (node is InvocationExpressionSyntax save
                        && EnqueueSiteActions.GetInvokedName(save) is "SaveChanges" or "SaveChangesAsync"
                        && semanticModel.GetSymbolInfo(save, cancellationToken).Symbol is IMethodSymbol method
                        && method.ContainingType.InheritsFrom(symbols.EfDbContext))
                    {
                        if (save.SpanStart < call.SpanStart)
                        {
                            // Something was saved before the site: the job's data may well be among it.
                            break;
                        }

                        target = save;
                        what = method.Name;
                        break;
                    }
                }
            }

            // Read last, for the few sites before a commit: whether the payload points at the rows being saved.
            if (target is null || what is null || !MayNeedSavedData(context))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.EnqueueBeforeCommit,
                call.GetLocation(),
                ImmutableDictionary<string, string?>.Empty.Add(TargetPositionProperty, target.SpanStart.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                site.JobDisplayName,
                what));
        }

        /// <summary>
        /// Whether what the site hands over may make the job read the data being saved: an entity or its key
        /// (<c>order</c>, <c>order.Id</c>, <c>new OrderPlaced(order.Id)</c>, or a local set from one), or no data at all,
        /// so that the job can only find its work in the store. A payload of other values (a directory path, even one
        /// read from an entity, a file's name) says the job's work lies elsewhere: such a site is left alone.
        /// </summary>
        private static bool MayNeedSavedData(EnqueueSiteContext context)
        {
            var model = JobModel.Get(context.SemanticModel.Compilation);
            var carriesData = false;
            foreach (var value in context.Site.Payload)
            {
                if (ReadsEntity(value.Value, context, model, ref carriesData, followLocals: true))
                {
                    return true;
                }
            }

            return !carriesData;
        }

        private static bool ReadsEntity(IOperation value, EnqueueSiteContext context, JobModel model, ref bool carriesData, bool followLocals)
        {
            foreach (var operation in value.DescendantsAndSelf())
            {
                switch (operation)
                {
                    case ILocalReferenceOperation local:
                        carriesData = true;
                        if (followLocals && InitializerOf(local.Local, context) is { } initializer
                            && ReadsEntity(initializer, context, model, ref carriesData, followLocals: false))
                        {
                            return true;
                        }

                        break;
                    case IParameterReferenceOperation or IMemberReferenceOperation or IInvocationOperation or IInstanceReferenceOperation:
                        carriesData = true;
                        break;
                }

                if (operation.Type is { } type && model.Entities.IsEntity(type, context.Options, model, out var entity, out _)
                    && (operation.Parent is not IMemberReferenceOperation member || member.Instance != operation || IsKey(member.Member, entity!, model)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The entity's key, or a member named as one (<c>CustomerId</c>): what a job loads the row by.</summary>
        private static bool IsKey(ISymbol member, INamedTypeSymbol entity, JobModel model)
            => SymbolEqualityComparer.Default.Equals(member, model.Symbols.GetEntityKey(entity))
               || member.Name.EndsWith("Id", System.StringComparison.Ordinal);

        private static IOperation? InitializerOf(ILocalSymbol local, EnqueueSiteContext context)
        {
            foreach (var reference in local.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(context.CancellationToken) is VariableDeclaratorSyntax { Initializer.Value: { } initializer }
                    && initializer.SyntaxTree == context.SemanticModel.SyntaxTree)
                {
                    return context.SemanticModel.GetOperation(initializer, context.CancellationToken);
                }
            }

            return null;
        }

        /// <summary>
        /// The body's local declarations, using statements and commit or save calls, in document order: read from the
        /// file's one walk, once per body however many enqueue sites it holds.
        /// </summary>
        private static SyntaxNode[] BodyNodes(SyntaxNode body) => s_bodyNodes.GetValue(body, s_findBodyNodes);

        private static readonly ConditionalWeakTable<SyntaxNode, SyntaxNode[]> s_bodyNodes = new();

        private static readonly ConditionalWeakTable<SyntaxNode, SyntaxNode[]>.CreateValueCallback s_findBodyNodes = body =>
        {
            // The file's walk is done by the time a site is read: the sites come from it.
            var file = FileSyntax.Get(body.SyntaxTree, CancellationToken.None);
            var (start, end) = file.GetJobCodeRange(body);
            var nodes = new List<SyntaxNode>();
            for (var i = start; i < end; i++)
            {
                switch (file.JobCodeInfo[i].Kind)
                {
                    case (int)SyntaxKind.LocalDeclarationStatement:
                    case (int)SyntaxKind.UsingStatement:
                        nodes.Add(file.JobCodeNodes[i]);
                        break;
                    case (int)SyntaxKind.InvocationExpression
                        when file.InvokedNames[file.JobCodeInfo[i].InvocationIndex] is "Commit" or "CommitAsync" or "Complete" or "SaveChanges" or "SaveChangesAsync":
                        nodes.Add(file.JobCodeNodes[i]);
                        break;
                }
            }

            return nodes.ToArray();
        };

        private static SyntaxNode? EnclosingBody(SyntaxNode node)
        {
            for (var current = node.Parent; current is not null; current = current.Parent)
            {
                switch (current)
                {
                    case BaseMethodDeclarationSyntax method:
                        return (SyntaxNode?)method.Body ?? method.ExpressionBody;
                    case LocalFunctionStatementSyntax local:
                        return (SyntaxNode?)local.Body ?? local.ExpressionBody;
                    case AccessorDeclarationSyntax accessor:
                        return (SyntaxNode?)accessor.Body ?? accessor.ExpressionBody;
                    case AnonymousFunctionExpressionSyntax lambda when lambda.Block is not null:
                        return lambda.Block;
                }
            }

            return null;
        }

        /// <summary>Transactions begun in the body: the local holding each, the code it is open in, and how it ends.</summary>
        private static IEnumerable<(ISymbol Transaction, SyntaxNode Scope, string Kind)> Transactions(SyntaxNode body, SemanticModel semanticModel, KnownSymbols symbols, CancellationToken cancellationToken)
        {
            foreach (var node in BodyNodes(body))
            {
                VariableDeclarationSyntax? declaration;
                SyntaxNode? scope;
                switch (node)
                {
                    case LocalDeclarationStatementSyntax local:
                        declaration = local.Declaration;
                        scope = local.Parent;
                        break;
                    case UsingStatementSyntax { Declaration: { } usingDeclaration } usingStatement:
                        declaration = usingDeclaration;
                        scope = usingStatement.Statement;
                        break;
                    default:
                        continue;
                }

                if (scope is null || declaration.Variables.Count != 1 || declaration.Variables[0].Initializer?.Value is not { } value)
                {
                    continue;
                }

                if (value is AwaitExpressionSyntax awaited)
                {
                    value = awaited.Expression;
                }

                string? kind = null;
                if (value is InvocationExpressionSyntax begin
                    && EnqueueSiteActions.GetInvokedName(begin) is "BeginTransaction" or "BeginTransactionAsync"
                    && semanticModel.GetSymbolInfo(begin, cancellationToken).Symbol is IMethodSymbol method
                    && (method.ContainingType.InheritsFrom(symbols.DatabaseFacade) || method.ContainingType.InheritsFrom(symbols.DbConnection)
                        || method.ContainingType.IsOrImplements(symbols.IDbConnection)
                        || (method.IsExtensionMethod && method.Parameters.Length > 0 && method.Parameters[0].Type.InheritsFrom(symbols.DatabaseFacade))))
                {
                    kind = "the transaction's commit";
                }
                else if (value is BaseObjectCreationExpressionSyntax creation
                    && symbols.TransactionScope is not null
                    && SymbolEqualityComparer.Default.Equals(semanticModel.GetTypeInfo(creation, cancellationToken).Type, symbols.TransactionScope))
                {
                    kind = "the TransactionScope's Complete";
                }

                if (kind is not null && semanticModel.GetDeclaredSymbol(declaration.Variables[0], cancellationToken) is { } local2)
                {
                    yield return (local2, scope, kind);
                }
            }
        }
    }
}
