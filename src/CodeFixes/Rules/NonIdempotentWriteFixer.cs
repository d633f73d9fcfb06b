using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using QueueLint.Model;
using QueueLint.Model.Data;
using QueueLint.Model.Syntax;
using QueueLint.Rules;

namespace QueueLint.CodeFixes.Rules
{
    /// <summary>
    /// QL0030, inserts only: when the new row's initializer sets a property from the job's arguments (a parameter,
    /// or a member of one such as <c>context.Message.OrderId</c>), that value is the row's natural key for this job,
    /// and the insert is guarded by a check for it: <c>if (!await set.AnyAsync(row =&gt; row.OrderId == orderId)) { … }</c>.
    /// Other shapes have no correct automatic rewrite (the page shows the processed marker).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(NonIdempotentWriteFixer))]
    [Shared]
    public sealed class NonIdempotentWriteFixer : CodeFixProvider
    {
        public const string EquivalenceKey = RuleIdentifiers.NonIdempotentWrite + ".GuardInsert";

        private static readonly SolutionFixAllProvider s_fixAll = new SolutionFixAllProvider("Guard the inserts with an existence check", ApplyAsync);

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.NonIdempotentWrite);

        public override FixAllProvider GetFixAllProvider() => s_fixAll;

        public override Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            // Only inserts with a key from the job's arguments can be fixed; every finding gets the action so that
            // Fix All (and dotnet format, which starts from the first finding) reaches them all; the rest stay.
            foreach (var diagnostic in context.Diagnostics)
            {
                s_fixAll.RegisterFix(context, diagnostic, "Insert only when the row does not exist", EquivalenceKey);
            }

            return Task.CompletedTask;
        }

        private static Task<Solution> ApplyAsync(Solution solution, ImmutableArray<(Document Document, Diagnostic Diagnostic)> diagnostics, CancellationToken cancellationToken)
            => TextEdits.ApplyAsync(solution, diagnostics, (edits, diagnostic, token) =>
            {
                if (diagnostic.Properties.TryGetValue(NonIdempotentWriteAnalyzer.ShapeProperty, out var shape) && shape == NonIdempotentWriteAnalyzer.InsertShape
                    && edits.FirstTime(diagnostic.Location.SourceSpan.Start)
                    && Plan(edits.Root, edits.SemanticModel, edits.Text, diagnostic, token) is { } plan)
                {
                    edits.Changes.Add(plan.Change);
                    if (plan.Namespace is not null)
                    {
                        edits.Usings.Add(plan.Namespace);
                    }
                }
            }, cancellationToken);

        private static (TextChange Change, string? Namespace)? Plan(CompilationUnitSyntax root, SemanticModel semanticModel, SourceText text, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax call
                || semanticModel.GetOperation(call, cancellationToken) is not IInvocationOperation invocation)
            {
                return null;
            }

            var symbols = JobModel.Get(semanticModel.Compilation).Symbols;
            var ef = EntityFramework.Classify(invocation, symbols);
            if (ef.Kind != EfOperationKind.Add || ef.Entity is not { } entity || invocation.TargetMethod.Name.StartsWith("AddRange", System.StringComparison.Ordinal))
            {
                return null;
            }

            // [await] call;  as a statement of a block.
            SyntaxNode expression = call;
            if (expression.Parent is AwaitExpressionSyntax awaited)
            {
                expression = awaited;
            }

            if (expression.Parent is not ExpressionStatementSyntax { Parent: BlockSyntax } statement)
            {
                return null;
            }

            var function = statement.Ancestors().FirstOrDefault(n => n is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax);
            if (function is null || NaturalKey(invocation) is not { } key)
            {
                return null;
            }

            var set = SetText(invocation, entity, symbols);
            if (set is null)
            {
                return null;
            }

            var isAsync = function switch
            {
                BaseMethodDeclarationSyntax declaration => declaration.Modifiers.Any(SyntaxKind.AsyncKeyword),
                LocalFunctionStatementSyntax local => local.Modifiers.Any(SyntaxKind.AsyncKeyword),
                AnonymousFunctionExpressionSyntax lambda => lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword),
                _ => false,
            };
            var used = new HashSet<string>(function.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText));
            var row = SyntaxText.UniqueName("row", used);
            var any = isAsync ? "AnyAsync" : "Any";
            var setType = semanticModel.Compilation.GetTypeByMetadataName("System.Linq.IQueryable`1")?.Construct(entity);
            string? namespaceName = null;
            if (setType is null || semanticModel.LookupSymbols(statement.SpanStart, setType, any, includeReducedExtensionMethods: true).IsEmpty)
            {
                namespaceName = isAsync ? "Microsoft.EntityFrameworkCore" : "System.Linq";
            }

            var line = text.Lines.GetLineFromPosition(statement.SpanStart);
            var indent = SyntaxText.Indentation(line);
            var newLine = SyntaxText.NewLine(text, line);
            var condition = (isAsync ? "!await " : "!") + set + "." + any + "(" + row + " => " + row + "." + key.Property + " == " + key.Value + ")";
            var lines = statement.ToString().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
            var body = string.Join(newLine, lines.Select((l, i) => i == 0 ? indent + "    " + l : (l.Trim().Length == 0 ? string.Empty : "    " + l)));
            var replacement = indent + "if (" + condition + ")" + newLine + indent + "{" + newLine + body + newLine + indent + "}";
            var end = text.Lines.GetLineFromPosition(statement.Span.End);
            if (end.LineNumber + 1 < text.Lines.Count && text.Lines[end.LineNumber + 1].ToString().Trim() is { Length: > 0 } next && next != "}")
            {
                // A blank line after the closing brace, as after any block.
                replacement += newLine;
            }
            var span = TextSpan.FromBounds(line.Start, statement.Span.End);
            return (new TextChange(span, replacement), namespaceName);
        }

        /// <summary>The first property of the new row's initializer set from the job's arguments, with the value's text.</summary>
        private static (string Property, string Value)? NaturalKey(IInvocationOperation invocation)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Value.WithoutImplicitConversions() is not IObjectCreationOperation { Initializer: { } initializer })
                {
                    continue;
                }

                foreach (var assignment in initializer.Initializers)
                {
                    if (assignment is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property } set
                        && set.Value.WithoutImplicitConversions() is { } value
                        && IsKeyType(value.Type)
                        && FromArguments(value))
                    {
                        return (property.Property.Name, value.Syntax.ToString());
                    }
                }
            }

            return null;
        }

        /// <summary>A parameter, or a member of one that is not a collection's size (<c>context.Message.OrderId</c>).</summary>
        private static bool FromArguments(IOperation value)
            => value switch
            {
                IParameterReferenceOperation => true,
                IMemberReferenceOperation { Instance: { } instance } member when member is IPropertyReferenceOperation or IFieldReferenceOperation
                    => !IsCollection(instance.Type) && FromArguments(instance.WithoutImplicitConversions()),
                _ => false,
            };

        /// <summary>Types a natural key is made of: numbers, strings, Guids.</summary>
        private static bool IsKeyType(ITypeSymbol? type)
            => type is not null
               && (type.SpecialType is SpecialType.System_Int16 or SpecialType.System_Int32 or SpecialType.System_Int64
                       or SpecialType.System_UInt16 or SpecialType.System_UInt32 or SpecialType.System_UInt64 or SpecialType.System_String
                   || type.Name == "Guid");

        private static bool IsCollection(ITypeSymbol? type)
            => type is IArrayTypeSymbol || (type is not null && type.SpecialType != SpecialType.System_String && type.AllInterfaces.Any(i => i.SpecialType == SpecialType.System_Collections_IEnumerable));

        /// <summary>The set the row goes into: the receiver of <c>DbSet.Add</c>, or <c>context.Set&lt;T&gt;()</c>.</summary>
        private static string? SetText(IInvocationOperation invocation, INamedTypeSymbol entity, KnownSymbols symbols)
        {
            if (invocation.Instance is not { } instance)
            {
                return null;
            }

            if (SymbolEqualityComparer.Default.Equals(instance.Type?.OriginalDefinition, symbols.EfDbSet1))
            {
                return instance.Syntax.ToString();
            }

            return instance.Syntax is IdentifierNameSyntax or MemberAccessExpressionSyntax
                ? instance.Syntax + ".Set<" + entity.ToMinimalDisplayString(invocation.SemanticModel!, invocation.Syntax.SpanStart) + ">()"
                : null;
        }
    }
}
