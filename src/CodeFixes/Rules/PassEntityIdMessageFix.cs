using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using QueueLint.Model;
using QueueLint.Model.Jobs;
using QueueLint.Options;
using QueueLint.Rules;

namespace QueueLint.CodeFixes.Rules
{
    /// <summary>
    /// QL0001 on a message type's property of an entity (<c>Order Order</c>): the property becomes the entity's key
    /// (<c>int OrderId</c>, a positional record's parameter included), every producer passes the key
    /// (<c>new OrderPlaced { OrderId = order.Id }</c>, <c>new OrderShipped(order.Id, …)</c>), and every consumer that
    /// reads it (<c>context.Message.Order</c> in a MassTransit <c>Consume</c>, <c>message.Order</c> in a Rebus
    /// <c>Handle</c>) loads the entity by that key once at the top of the handler, returning when the row is gone; a read
    /// of the key alone (<c>message.Order.Id</c>) becomes a read of the new property, wherever it is. The
    /// solution must hold the message's producers and consumers: with no producer or no consumer in it, one is
    /// elsewhere (a contract shared with another service) and there is no fix, nor when any use of the property or of
    /// the message takes another shape (an anonymous-object initializer, a read outside a handler, a write outside an
    /// initializer).
    /// </summary>
    internal static class PassEntityIdMessageFix
    {
        private const string DeletedComment = "// Deleted since the message was sent: nothing left to do.";

        /// <summary>Whether the diagnostic is on a message property this fix may rewrite.</summary>
        public static bool Applies(Diagnostic diagnostic)
            => diagnostic.Properties.ContainsKey(PassEntityIdAnalyzer.MessagePropertyProperty);

        /// <summary>
        /// The changes that make every property of <paramref name="diagnostics"/> (all on message properties) the key,
        /// per document; a property whose uses cannot all be rewritten is left as it is. Null when none can be.
        /// </summary>
        public static async Task<Dictionary<DocumentId, List<TextChange>>?> GetChangesAsync(
            Solution solution,
            IEnumerable<(Document Document, Diagnostic Diagnostic)> diagnostics,
            HashSet<(DocumentId, TextSpan)> injectedClasses,
            CancellationToken cancellationToken)
        {
            var plans = new List<PropertyPlan>();
            var seen = new HashSet<IPropertySymbol>(SymbolEqualityComparer.Default);
            foreach (var (document, diagnostic) in diagnostics)
            {
                if (await TryPlanAsync(solution, document, diagnostic, cancellationToken).ConfigureAwait(false) is { } plan && seen.Add(plan.Property))
                {
                    plans.Add(plan);
                }
            }

            if (plans.Count == 0)
            {
                return null;
            }

            var changes = new Dictionary<DocumentId, List<TextChange>>();
            List<TextChange> For(DocumentId id) => changes.TryGetValue(id, out var list) ? list : changes[id] = new List<TextChange>();
            foreach (var plan in plans)
            {
                foreach (var (id, change) in plan.Changes)
                {
                    For(id).Add(change);
                }
            }

            // One load per property at the top of each handler that reads it; the loads of one handler go in one insertion.
            foreach (var handler in plans.SelectMany(p => p.Loads).GroupBy(l => (l.Document.Id, l.Method.Span)))
            {
                var first = handler.First();
                var semanticModel = await first.Document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
                var text = await first.Document.GetTextAsync(cancellationToken).ConfigureAwait(false);
                if (semanticModel is null || first.Method.Body is not { } body
                    || first.Method.Parent is not TypeDeclarationSyntax typeDeclaration
                    || semanticModel.GetDeclaredSymbol(typeDeclaration, cancellationToken) is not INamedTypeSymbol type)
                {
                    return null;
                }

                var symbols = JobModel.Get(semanticModel.Compilation).Symbols;
                var context = PassEntityIdFix.FindDbContextMember(type, symbols);
                if (context is null)
                {
                    var contextType = PassEntityIdFix.FindDeclaringContext(semanticModel.Compilation, symbols, handler.Select(l => l.Entity));
                    var injection = contextType is null || !FailureReport.ContainerBuilds(first.Handler, semanticModel.Compilation)
                        ? null
                        : await ContextInjection.TryPlanAsync(first.Document, semanticModel, type, contextType, cancellationToken).ConfigureAwait(false);
                    if (injection is null)
                    {
                        return null;
                    }

                    context = injection.MemberName;
                    if (injectedClasses.Add((first.Document.Id, injection.ClassSpan)))
                    {
                        For(first.Document.Id).AddRange(injection.GetChanges(text));
                    }
                }

                var newLine = SyntaxText.NewLine(text);
                var indent = body.Statements.Count > 0
                    ? SyntaxText.Indentation(text.Lines.GetLineFromPosition(body.Statements[0].SpanStart))
                    : SyntaxText.Indentation(text.Lines.GetLineFromPosition(body.OpenBraceToken.SpanStart)) + "    ";
                var taken = new HashSet<string>(first.Method.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText), StringComparer.Ordinal);
                foreach (var symbol in semanticModel.LookupSymbols(body.OpenBraceToken.Span.End))
                {
                    taken.Add(symbol.Name);
                }

                var inserted = "";
                foreach (var reads in handler.GroupBy(l => l.Plan))
                {
                    var load = reads.First();
                    var local = SyntaxText.UniqueName(Camel(load.Plan.Property.Name), taken);
                    var entityName = load.Entity.ToMinimalDisplayString(semanticModel, body.SpanStart);
                    inserted += newLine + indent + "var " + local + " = await " + context + ".FindAsync<" + entityName + ">(" + load.Receiver + "." + load.Plan.NewName + ");"
                        + newLine + indent + "if (" + local + " is null)"
                        + newLine + indent + "{"
                        + newLine + indent + "    " + DeletedComment
                        + newLine + indent + "    return;"
                        + newLine + indent + "}"
                        + newLine;
                    foreach (var read in reads)
                    {
                        For(first.Document.Id).Add(new TextChange(read.Read.Span, local));
                    }
                }

                For(first.Document.Id).Add(new TextChange(new TextSpan(body.OpenBraceToken.Span.End, 0), inserted));
            }

            return changes;
        }

        private static async Task<PropertyPlan?> TryPlanAsync(Solution solution, Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (!diagnostic.Properties.TryGetValue(PassEntityIdAnalyzer.MessagePropertyProperty, out var propertyName) || propertyName is null
                || !diagnostic.Properties.TryGetValue(PassEntityIdAnalyzer.KeyPropertyName, out var keyName) || keyName is null
                || await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not { } root
                || await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } semanticModel)
            {
                return null;
            }

            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            var declaration = node.FirstAncestorOrSelf<SyntaxNode>(n => n is PropertyDeclarationSyntax or ParameterSyntax);
            var property = declaration switch
            {
                PropertyDeclarationSyntax { AccessorList: not null, ExpressionBody: null } p => semanticModel.GetDeclaredSymbol(p, cancellationToken),
                ParameterSyntax { Parent: ParameterListSyntax { Parent: RecordDeclarationSyntax record } } parameter
                    => semanticModel.GetDeclaredSymbol(record, cancellationToken)?.GetMembers(parameter.Identifier.ValueText).OfType<IPropertySymbol>().FirstOrDefault(),
                _ => null,
            };
            if (declaration is null || property is null || property.Name != propertyName
                || property.Type is not INamedTypeSymbol entity
                || property.ContainingType is not { DeclaringSyntaxReferences.Length: 1 } message
                || PassEntityIdFix.FindKeyType(entity, keyName) is not { } keyType)
            {
                return null;
            }

            var newName = propertyName + "Id";
            for (var current = message; current is not null; current = current.BaseType)
            {
                if (current.MemberNames.Contains(newName))
                {
                    return null;
                }
            }

            var plan = new PropertyPlan(property, newName);
            var keyText = keyType.ToMinimalDisplayString(semanticModel, declaration.SpanStart);
            if (declaration is PropertyDeclarationSyntax propertyDeclaration)
            {
                plan.Add(document.Id, TextSpan.FromBounds(propertyDeclaration.Type.SpanStart, propertyDeclaration.Identifier.Span.End), keyText + " " + newName);
                if (propertyDeclaration.Initializer is not null)
                {
                    plan.Add(document.Id, TextSpan.FromBounds(propertyDeclaration.AccessorList!.Span.End, propertyDeclaration.Span.End), "");
                }
            }
            else
            {
                var parameter = (ParameterSyntax)declaration;
                var record = (RecordDeclarationSyntax)parameter.Parent!.Parent!;

                // The record's own members reading the parameter or the property would need rewriting too.
                if (parameter.Type is null
                    || record.Members.SelectMany(m => m.DescendantTokens()).Any(t => t.IsKind(SyntaxKind.IdentifierToken) && t.ValueText == propertyName)
                    || record.BaseList?.DescendantTokens().Any(t => t.ValueText == propertyName) == true)
                {
                    return null;
                }

                plan.Add(document.Id, TextSpan.FromBounds(parameter.Type.SpanStart, parameter.Span.End), keyText + " " + newName);
                var constructor = message.InstanceConstructors.FirstOrDefault(c => c.Parameters.Length == record.ParameterList!.Parameters.Count
                    && c.DeclaringSyntaxReferences.Any(r => r.Span == record.Span));
                var ordinal = record.ParameterList!.Parameters.IndexOf(parameter);
                if (constructor is null
                    || !await AddCreationsAsync(plan, solution, constructor, ordinal, keyName, cancellationToken).ConfigureAwait(false))
                {
                    return null;
                }

                // var (order, at) = message; would take the key where the entity was.
                foreach (var deconstruct in message.GetMembers("Deconstruct").OfType<IMethodSymbol>())
                {
                    if ((await SymbolFinder.FindReferencesAsync(deconstruct, solution, cancellationToken).ConfigureAwait(false)).Any(r => r.Locations.Any()))
                    {
                        return null;
                    }
                }
            }

            var consumers = 0;
            foreach (var reference in await SymbolFinder.FindReferencesAsync(message, solution, cancellationToken).ConfigureAwait(false))
            {
                foreach (var location in reference.Locations)
                {
                    var use = await NodeAtAsync(location, cancellationToken).ConfigureAwait(false);
                    switch (use?.Parent)
                    {
                        // IConsumer<OrderPlaced>, IHandleMessages<OrderPlaced>: a handler in the solution.
                        case TypeArgumentListSyntax { Parent: GenericNameSyntax { Identifier.ValueText: "IConsumer" or "IHandleMessages" } handlerInterface }
                            when handlerInterface.FirstAncestorOrSelf<BaseListSyntax>() is not null:
                            consumers++;
                            break;

                        // Publish<OrderPlaced>(new { Order = order }): values the fix cannot see by the property.
                        case TypeArgumentListSyntax { Parent: GenericNameSyntax generic }
                            when generic.FirstAncestorOrSelf<InvocationExpressionSyntax>() is { } call
                                 && call.ArgumentList.Arguments.Any(a => a.Expression is AnonymousObjectCreationExpressionSyntax):
                            return null;

                        case ObjectCreationExpressionSyntax:
                            plan.Producers++;
                            break;
                    }
                }
            }

            foreach (var reference in await SymbolFinder.FindReferencesAsync(property, solution, cancellationToken).ConfigureAwait(false))
            {
                foreach (var location in reference.Locations)
                {
                    // A positional record's parameter, which declares the property.
                    if (location.Location.SourceTree == declaration.SyntaxTree && declaration.Span.Contains(location.Location.SourceSpan))
                    {
                        continue;
                    }

                    if (await NodeAtAsync(location, cancellationToken).ConfigureAwait(false) is not IdentifierNameSyntax name
                        || !await AddUseAsync(plan, location.Document, name, entity, message, keyName, cancellationToken).ConfigureAwait(false))
                    {
                        return null;
                    }
                }
            }

            return consumers == 0 || plan.Producers == 0 ? null : plan;
        }

        /// <summary>Each <c>new OrderShipped(order, …)</c> passes <c>order.Id</c>; false for a use of the constructor of another shape.</summary>
        private static async Task<bool> AddCreationsAsync(PropertyPlan plan, Solution solution, IMethodSymbol constructor, int ordinal, string keyName, CancellationToken cancellationToken)
        {
            foreach (var reference in await SymbolFinder.FindReferencesAsync(constructor, solution, cancellationToken).ConfigureAwait(false))
            {
                foreach (var location in reference.Locations)
                {
                    var creation = (await NodeAtAsync(location, cancellationToken).ConfigureAwait(false))?.FirstAncestorOrSelf<BaseObjectCreationExpressionSyntax>();
                    if (creation is null
                        || await location.Document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } semanticModel
                        || semanticModel.GetOperation(creation, cancellationToken) is not IObjectCreationOperation operation
                        || operation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == ordinal) is not { ArgumentKind: ArgumentKind.Explicit, Syntax: ArgumentSyntax argument })
                    {
                        return false;
                    }

                    if (argument.NameColon is { } nameColon)
                    {
                        plan.Add(location.Document.Id, nameColon.Name.Span, plan.NewName);
                    }

                    plan.Add(location.Document.Id, argument.Expression.Span, PassEntityIdFix.AsReceiver(argument.Expression) + "." + keyName);
                    plan.Producers++;
                }
            }

            return true;
        }

        /// <summary>
        /// A use of the property: a write in an object or <c>with</c> initializer (a producer), or a read of the message a
        /// MassTransit consumer or a Rebus handler was given; false for any other.
        /// </summary>
        private static async Task<bool> AddUseAsync(PropertyPlan plan, Document document, IdentifierNameSyntax name, INamedTypeSymbol entity, INamedTypeSymbol message, string keyName, CancellationToken cancellationToken)
        {
            // new OrderShipped(Order: order): the parameter's name, renamed with the creation's argument.
            if (name.Parent is NameColonSyntax)
            {
                return plan.Changes.Any(c => c.Document == document.Id && c.Change.Span == name.Span);
            }

            if (name.Parent is AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression, Parent: InitializerExpressionSyntax } assignment
                && assignment.Left == name)
            {
                plan.Add(document.Id, name.Span, plan.NewName);
                plan.Add(document.Id, assignment.Right.Span, PassEntityIdFix.AsReceiver(assignment.Right) + "." + keyName);
                plan.Producers++;
                return true;
            }

            // message.Order.Id reads the key alone: message.OrderId, wherever it is read.
            if (name.Parent is MemberAccessExpressionSyntax { Parent: MemberAccessExpressionSyntax keyRead } keyOwner
                && keyOwner.Name == name && keyRead.Expression == keyOwner && keyRead.Name.Identifier.ValueText == keyName
                && !(keyRead.Parent is AssignmentExpressionSyntax assigned && assigned.Left == keyRead))
            {
                plan.Add(document.Id, keyRead.Span, keyOwner.Expression + "." + plan.NewName);
                return true;
            }

            if (name.Parent is not MemberAccessExpressionSyntax access || access.Name != name
                || (access.Parent is AssignmentExpressionSyntax written && written.Left == access)
                || access.FirstAncestorOrSelf<MethodDeclarationSyntax>() is not { Body: not null } method
                || !method.Modifiers.Any(SyntaxKind.AsyncKeyword)
                || await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } semanticModel
                || semanticModel.GetDeclaredSymbol(method, cancellationToken) is not { Parameters.Length: >= 1 } handler)
            {
                return false;
            }

            // The message the handler was given: context.Message in a MassTransit consumer's Consume(ConsumeContext<T>
            // context), the parameter itself in a Rebus handler's Handle(T message).
            var model = JobModel.Get(semanticModel.Compilation);
            var options = QueueLintOptions.Get(document.Project.AnalyzerOptions.AnalyzerConfigOptionsProvider.GetOptions(access.SyntaxTree));
            var kind = JobEntryPoints.GetKind(handler, model, options);
            var given = kind switch
            {
                JobEntryPointKind.MassTransitConsumer when access.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Message", Expression: IdentifierNameSyntax context } => context,
                JobEntryPointKind.RebusHandler => access.Expression as IdentifierNameSyntax,
                _ => null,
            };
            if (given is null
                || semanticModel.GetSymbolInfo(given, cancellationToken).Symbol is not IParameterSymbol { Ordinal: 0 } parameter
                || !SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, handler)
                || !SymbolEqualityComparer.Default.Equals(kind == JobEntryPointKind.RebusHandler ? parameter.Type : (parameter.Type as INamedTypeSymbol)?.TypeArguments.FirstOrDefault(), message))
            {
                return false;
            }

            // A navigation read through the entity (context.Message.Order.Customer.Email) was serialized with it; a load
            // by key would leave it null. Loading it too is left to the application (an Include, a second query).
            var outer = (ExpressionSyntax)access;
            while (outer.Parent is PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } or ParenthesizedExpressionSyntax)
            {
                outer = (ExpressionSyntax)outer.Parent;
            }

            var navigation = outer.Parent switch
            {
                MemberAccessExpressionSyntax member when member.Expression == outer => member,
                ConditionalAccessExpressionSyntax { WhenNotNull: MemberBindingExpressionSyntax binding } conditional when conditional.Expression == outer => (ExpressionSyntax)binding,
                _ => null,
            };
            if (navigation is not null
                && semanticModel.GetSymbolInfo(navigation, cancellationToken).Symbol is IPropertySymbol read
                && model.Entities.IsEntity(read.Type, options, model, out _, out _))
            {
                return false;
            }

            plan.Loads.Add(new Load(plan, document, method, access, access.Expression.ToString(), entity, kind));
            return true;
        }

        private static async Task<SyntaxNode?> NodeAtAsync(ReferenceLocation location, CancellationToken cancellationToken)
            => location.Location.SourceTree is { } tree
                ? (await tree.GetRootAsync(cancellationToken).ConfigureAwait(false)).FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true)
                : null;

        private static string Camel(string name)
        {
            var camel = char.ToLowerInvariant(name[0]) + name.Substring(1);
            return SyntaxFacts.GetKeywordKind(camel) != SyntaxKind.None ? "@" + camel : camel;
        }

        /// <summary>What making one property the key changes: its declaration, producers and the handlers that read it.</summary>
        private sealed class PropertyPlan
        {
            public PropertyPlan(IPropertySymbol property, string newName)
            {
                Property = property;
                NewName = newName;
            }

            public IPropertySymbol Property { get; }

            public string NewName { get; }

            public int Producers { get; set; }

            public List<(DocumentId Document, TextChange Change)> Changes { get; } = new();

            public List<Load> Loads { get; } = new();

            public void Add(DocumentId document, TextSpan span, string text) => Changes.Add((document, new TextChange(span, text)));
        }

        /// <summary>A handler's read of the property (<c>context.Message.Order</c>), replaced with the entity it loads.</summary>
        private sealed class Load
        {
            public Load(PropertyPlan plan, Document document, MethodDeclarationSyntax method, ExpressionSyntax read, string receiver, INamedTypeSymbol entity, JobEntryPointKind handler)
            {
                Plan = plan;
                Document = document;
                Method = method;
                Read = read;
                Receiver = receiver;
                Entity = entity;
                Handler = handler;
            }

            public PropertyPlan Plan { get; }

            public Document Document { get; }

            public MethodDeclarationSyntax Method { get; }

            public ExpressionSyntax Read { get; }

            public string Receiver { get; }

            public INamedTypeSymbol Entity { get; }

            /// <summary>The entry point reading the property: a MassTransit consumer or a Rebus handler.</summary>
            public JobEntryPointKind Handler { get; }
        }
    }
}
