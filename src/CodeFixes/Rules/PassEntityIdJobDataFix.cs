using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using QueueLint.Model;
using QueueLint.Model.Syntax;
using QueueLint.Rules;

namespace QueueLint.CodeFixes.Rules
{
    /// <summary>
    /// QL0001 on a Quartz <c>JobDataMap</c> value: the entity put under a key (<c>map["invoice"] = invoice</c>,
    /// <c>Put</c>, <c>Add</c>) is put as its key under a new name (<c>map["invoiceId"] = invoice.Number</c>), and every
    /// read of the old name in the solution (<c>(Invoice)context.MergedJobDataMap["invoice"]</c>, <c>Get("invoice") as
    /// Invoice</c>) becomes a load by that key from the reading class's <c>DbContext</c> (injected as for job arguments
    /// when it has none). All puts and reads of the name change together, so one finding's fix rewrites them all. No
    /// fix when nothing in the solution reads the name (the reading job is elsewhere), when a put or a read has another
    /// shape, or when the new name is used already.
    /// </summary>
    internal static class PassEntityIdJobDataFix
    {
        public static async Task<Plan?> TryPlanAsync(Solution solution, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (!diagnostic.Properties.TryGetValue(PassEntityIdAnalyzer.JobDataKeyProperty, out var name) || name is null
                || !diagnostic.Properties.TryGetValue(PassEntityIdAnalyzer.KeyPropertyName, out var keyProperty) || keyProperty is null
                || diagnostic.Location.SourceTree is not { } siteTree
                || solution.GetDocument(siteTree) is not { } siteDocument
                || await siteDocument.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } siteModel
                || siteModel.GetTypeInfo((await siteTree.GetRootAsync(cancellationToken).ConfigureAwait(false)).FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true), cancellationToken).Type is not INamedTypeSymbol entity)
            {
                return null;
            }

            var newName = name + "Id";
            var quoted = "\"" + name + "\"";
            var puts = new List<(Document Document, ExpressionSyntax Key, ExpressionSyntax Value)>();
            var reads = new List<Read>();
            var quotedNew = "\"" + newName + "\"";
            foreach (var project in solution.Projects.Where(p => p.Language == LanguageNames.CSharp))
            {
                // Only code that can use a JobDataMap puts or reads one.
                var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
                if (compilation is null || JobModel.Get(compilation).Symbols.QuartzJobDataMap is null)
                {
                    continue;
                }

                foreach (var document in project.Documents)
                {
                    var text = (await document.GetTextAsync(cancellationToken).ConfigureAwait(false)).ToString();
                    var hasName = text.IndexOf(quoted, StringComparison.Ordinal) >= 0;
                    if (!hasName && text.IndexOf(quotedNew, StringComparison.Ordinal) < 0)
                    {
                        continue;
                    }

                    var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                    var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
                    if (root is null || semanticModel is null)
                    {
                        return null;
                    }

                    var symbols = JobModel.Get(semanticModel.Compilation).Symbols;
                    foreach (var literal in root.DescendantNodes().OfType<LiteralExpressionSyntax>())
                    {
                        if (!literal.IsKind(SyntaxKind.StringLiteralExpression))
                        {
                            continue;
                        }

                        // The new name in use already, as any string of the code (comments aside): it may be a key.
                        if (literal.Token.ValueText == newName)
                        {
                            return null;
                        }

                        if (!hasName || literal.Token.ValueText != name || Use(literal, semanticModel, symbols, cancellationToken) is not { } use)
                        {
                            continue;
                        }

                        switch (use)
                        {
                            case (UseKind.Put, var value) when SymbolEqualityComparer.Default.Equals(semanticModel.GetTypeInfo(value, cancellationToken).Type?.OriginalDefinition, entity.OriginalDefinition):
                                puts.Add((document, literal, value));
                                break;
                            case (UseKind.Read, var access) when ReadAs(access, semanticModel, cancellationToken) is { } read
                                                                 && SymbolEqualityComparer.Default.Equals(read.Type.OriginalDefinition, entity.OriginalDefinition):
                                reads.Add(new Read(document, literal, read.Replaced, access));
                                break;
                            default:
                                // A put of another value, a read of another shape, or the name used in a way not read
                                // here (an initializer, a constant, any other string): it cannot change everywhere.
                                return null;
                        }
                    }
                }
            }

            // The finding's own put must be one of those rewritten.
            return reads.Count == 0 || !puts.Any(p => p.Value.SyntaxTree == siteTree && p.Value.Span.Contains(diagnostic.Location.SourceSpan))
                ? null
                : new Plan(name, newName, keyProperty, entity, puts, reads);
        }

        private enum UseKind
        {
            Other,
            Put,
            Read,
        }

        /// <summary>
        /// What the string literal is to a <c>JobDataMap</c>: the key of a put (and the value put), the key of a read (and
        /// the read expression), or nothing of the kind.
        /// </summary>
        private static (UseKind Kind, ExpressionSyntax Node)? Use(LiteralExpressionSyntax literal, SemanticModel semanticModel, KnownSymbols symbols, CancellationToken cancellationToken)
        {
            if (literal.Parent is not ArgumentSyntax argument)
            {
                return (UseKind.Other, literal);
            }

            switch (argument.Parent?.Parent)
            {
                case ElementAccessExpressionSyntax element when element.ArgumentList.Arguments.Count == 1 && IsJobDataMap(element.Expression, semanticModel, symbols, cancellationToken):
                    return element.Parent is AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assignment && assignment.Left == element
                        ? (UseKind.Put, assignment.Right)
                        : (UseKind.Read, element);
                case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } invocation
                    when IsJobDataMap(access.Expression, semanticModel, symbols, cancellationToken):
                    var arguments = invocation.ArgumentList.Arguments;
                    return access.Name.Identifier.ValueText switch
                    {
                        "Put" or "Add" when arguments.Count == 2 && arguments[0] == argument => (UseKind.Put, arguments[1].Expression),
                        "Get" when arguments.Count == 1 => (UseKind.Read, invocation),
                        _ => (UseKind.Read, invocation),
                    };
                default:
                    return (UseKind.Other, literal);
            }
        }

        private static bool IsJobDataMap(ExpressionSyntax expression, SemanticModel semanticModel, KnownSymbols symbols, CancellationToken cancellationToken)
            => semanticModel.GetTypeInfo(expression, cancellationToken).Type.InheritsFrom(symbols.QuartzJobDataMap);

        /// <summary>A read cast to a type (<c>(Invoice)map["invoice"]</c>, <c>map.Get("invoice") as Invoice</c>), and the expression to replace.</summary>
        private static (ITypeSymbol Type, ExpressionSyntax Replaced)? ReadAs(ExpressionSyntax read, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            if (read is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: not "Get" } })
            {
                return null;
            }

            var outer = read.Parent is ParenthesizedExpressionSyntax parenthesized ? parenthesized : read;
            return outer.Parent switch
            {
                CastExpressionSyntax cast when semanticModel.GetTypeInfo(cast.Type, cancellationToken).Type is { } type => (type, cast),
                BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AsExpression } asExpression when asExpression.Left == outer
                    && semanticModel.GetTypeInfo(asExpression.Right, cancellationToken).Type is { } type => (type, asExpression),
                _ => null,
            };
        }

        /// <summary>
        /// <c>if (invoice is null) { return; }</c> after <c>var invoice = …</c>, as the job-argument fix writes, when the read
        /// initializes a local of a method that returns nothing (<c>void</c> or <c>Task</c>): the row may be gone by then.
        /// </summary>
        private static async Task<TextChange?> GuardAsync(Read read, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            if (read.Replaced.Parent is not EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax variable }
                || variable.Parent is not VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax { Parent: BlockSyntax } statement }
                || EnclosingMethodOutsideLoops(statement) is not { } method
                || semanticModel.GetDeclaredSymbol(method, cancellationToken) is not { } symbol
                || !(symbol.ReturnsVoid || (symbol.ReturnType is INamedTypeSymbol { IsGenericType: false, Name: "Task" or "ValueTask" } && symbol.IsAsync)))
            {
                return null;
            }

            var text = await read.Document.GetTextAsync(cancellationToken).ConfigureAwait(false);
            var newLine = SyntaxText.NewLine(text);
            var indent = SyntaxText.Indentation(text.Lines.GetLineFromPosition(statement.SpanStart));
            var name = variable.Identifier.ValueText;
            return new TextChange(new TextSpan(statement.Span.End, 0),
                newLine + indent + "if (" + name + " is null)" + newLine
                + indent + "{" + newLine
                + indent + "    // Deleted since the job was scheduled: nothing left to do." + newLine
                + indent + "    return;" + newLine
                + indent + "}" + newLine);
        }

        /// <summary>Whether some file of the solution calls <c>AddQuartz</c> (a call, not a comment naming it), whose job factory creates jobs through the container.</summary>
        private static async Task<bool> UsesContainerJobFactoryAsync(Solution solution, CancellationToken cancellationToken)
        {
            foreach (var project in solution.Projects)
            {
                foreach (var document in project.Documents)
                {
                    if ((await document.GetTextAsync(cancellationToken).ConfigureAwait(false)).ToString().IndexOf("AddQuartz", StringComparison.Ordinal) >= 0
                        && await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is { } root
                        && root.DescendantNodes().OfType<InvocationExpressionSyntax>().Any(call => call.Expression switch
                        {
                            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText == "AddQuartz",
                            SimpleNameSyntax name => name.Identifier.ValueText == "AddQuartz",
                            _ => false,
                        }))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>The method whose body holds <paramref name="statement"/>, in blocks and <c>try</c>s but in no loop, lambda or local function (where <c>return</c> would mean something else).</summary>
        private static MethodDeclarationSyntax? EnclosingMethodOutsideLoops(StatementSyntax statement)
        {
            for (var node = statement.Parent; node is not null; node = node.Parent)
            {
                switch (node)
                {
                    case MethodDeclarationSyntax method:
                        return method;
                    case BlockSyntax or TryStatementSyntax or CatchClauseSyntax or FinallyClauseSyntax or UsingStatementSyntax or LockStatementSyntax or IfStatementSyntax or ElseClauseSyntax:
                        continue;
                    default:
                        return null;
                }
            }

            return null;
        }

        /// <summary>A read of the old name: the literal to rename, the cast to replace with a load, the read itself.</summary>
        internal sealed class Read
        {
            public Read(Document document, LiteralExpressionSyntax key, ExpressionSyntax replaced, ExpressionSyntax access)
            {
                Document = document;
                Key = key;
                Replaced = replaced;
                Access = access;
            }

            public Document Document { get; }

            public LiteralExpressionSyntax Key { get; }

            public ExpressionSyntax Replaced { get; }

            public ExpressionSyntax Access { get; }
        }

        internal sealed class Plan
        {
            public Plan(string name, string newName, string keyProperty, INamedTypeSymbol entity, List<(Document Document, ExpressionSyntax Key, ExpressionSyntax Value)> puts, List<Read> reads)
            {
                Name = name;
                NewName = newName;
                KeyProperty = keyProperty;
                Entity = entity;
                Puts = puts;
                Reads = reads;
            }

            public string Name { get; }

            public string NewName { get; }

            public string KeyProperty { get; }

            public INamedTypeSymbol Entity { get; }

            public List<(Document Document, ExpressionSyntax Key, ExpressionSyntax Value)> Puts { get; }

            public List<Read> Reads { get; }

            /// <summary>
            /// The changes, per document: puts renamed and given the key, reads renamed and loaded with the reading class's
            /// context (injected once per class when it has none). Null when a reading class has no context and cannot be given one.
            /// </summary>
            public async Task<Dictionary<DocumentId, List<TextChange>>?> GetChangesAsync(HashSet<(DocumentId, TextSpan)> injectedClasses, CancellationToken cancellationToken)
            {
                var changes = new Dictionary<DocumentId, List<TextChange>>();
                List<TextChange> For(DocumentId id) => changes.TryGetValue(id, out var list) ? list : changes[id] = new List<TextChange>();

                var literal = "\"" + NewName + "\"";
                foreach (var (document, key, value) in Puts)
                {
                    For(document.Id).Add(new TextChange(key.Span, literal));
                    For(document.Id).Add(new TextChange(value.Span, PassEntityIdFix.AsReceiver(value) + "." + KeyProperty));
                }

                bool? containerCreatesJobs = null;
                foreach (var read in Reads)
                {
                    var semanticModel = await read.Document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
                    // The load uses an instance member: the read must be in an instance method, accessor or constructor.
                    if (semanticModel is null || read.Replaced.FirstAncestorOrSelf<TypeDeclarationSyntax>() is not { } typeDeclaration
                        || semanticModel.GetDeclaredSymbol(typeDeclaration, cancellationToken) is not INamedTypeSymbol type
                        || read.Replaced.FirstAncestorOrSelf<MemberDeclarationSyntax>() is not { } member
                        || member is not (BaseMethodDeclarationSyntax or BasePropertyDeclarationSyntax)
                        || member.Modifiers.Any(SyntaxKind.StaticKeyword))
                    {
                        return null;
                    }

                    var symbols = JobModel.Get(semanticModel.Compilation).Symbols;
                    var context = PassEntityIdFix.FindDbContextMember(type, symbols);
                    if (context is null)
                    {
                        // Quartz's own job factories call a parameterless constructor: a context can be injected only
                        // where the application hands job creation to its container (AddQuartz).
                        containerCreatesJobs ??= await UsesContainerJobFactoryAsync(read.Document.Project.Solution, cancellationToken).ConfigureAwait(false);
                        if (!containerCreatesJobs.Value)
                        {
                            return null;
                        }

                        var contextType = PassEntityIdFix.FindDeclaringContext(semanticModel.Compilation, symbols, new[] { Entity });
                        var injection = contextType is null ? null : await ContextInjection.TryPlanAsync(read.Document, semanticModel, type, contextType, cancellationToken).ConfigureAwait(false);
                        if (injection is null)
                        {
                            return null;
                        }

                        context = injection.MemberName;
                        if (injectedClasses.Add((read.Document.Id, injection.ClassSpan)))
                        {
                            For(read.Document.Id).AddRange(injection.GetChanges(await read.Document.GetTextAsync(cancellationToken).ConfigureAwait(false)));
                        }
                    }

                    var entityName = Entity.ToMinimalDisplayString(semanticModel, read.Replaced.SpanStart);
                    var access = read.Access.ToString().Replace("\"" + Name + "\"", literal);
                    var isAsync = AsyncRewrite.EnclosingFunction(read.Replaced) is { } function && AsyncRewrite.IsAsync(function);
                    var load = context + ".Find<" + entityName + ">(" + access + ")";
                    if (isAsync)
                    {
                        // Parenthesized only where something is read from the result.
                        load = "await " + context + ".FindAsync<" + entityName + ">(" + access + ")";
                        var outer = read.Replaced.Parent is ParenthesizedExpressionSyntax p ? p.Parent : read.Replaced.Parent;
                        if (outer is MemberAccessExpressionSyntax or ConditionalAccessExpressionSyntax or ElementAccessExpressionSyntax or InvocationExpressionSyntax
                            && read.Replaced.Parent is not ParenthesizedExpressionSyntax)
                        {
                            load = "(" + load + ")";
                        }
                    }
                    For(read.Document.Id).Add(new TextChange(read.Replaced.Span, load));
                    if (await GuardAsync(read, semanticModel, cancellationToken).ConfigureAwait(false) is { } guard)
                    {
                        For(read.Document.Id).Add(guard);
                    }
                }

                return changes;
            }
        }
    }
}
