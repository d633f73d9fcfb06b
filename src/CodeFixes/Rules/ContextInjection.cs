using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Text;

namespace QueueLint.CodeFixes.Rules
{
    /// <summary>
    /// Gives a job class a <c>DbContext</c> the way it already takes dependencies: a primary-constructor parameter,
    /// or a constructor parameter assigned to a <c>private readonly</c> field (a new constructor when the class
    /// has only the implicit one and nothing calls it). The job activator supplies it when the job runs.
    /// </summary>
    internal sealed class ContextInjection
    {
        private enum Shape
        {
            PrimaryConstructor,
            Constructor,
            NewConstructor,
        }

        private readonly Shape _shape;
        private readonly TypeDeclarationSyntax _class;
        private readonly ConstructorDeclarationSyntax? _constructor;
        private readonly string _typeName;
        private readonly string _parameterName;
        private readonly string? _fieldName;

        private ContextInjection(Shape shape, TypeDeclarationSyntax @class, ConstructorDeclarationSyntax? constructor, string typeName, string parameterName, string? fieldName)
        {
            _shape = shape;
            _class = @class;
            _constructor = constructor;
            _typeName = typeName;
            _parameterName = parameterName;
            _fieldName = fieldName;
        }

        /// <summary>What the loading code calls the context: the field, or the primary-constructor parameter.</summary>
        public string MemberName => _fieldName ?? _parameterName;

        public TextSpan ClassSpan => _class.Span;

        public static async Task<ContextInjection?> TryPlanAsync(Document document, SemanticModel semanticModel, INamedTypeSymbol type, INamedTypeSymbol contextType, CancellationToken cancellationToken)
        {
            if (type.DeclaringSyntaxReferences.Length != 1
                || await type.DeclaringSyntaxReferences[0].GetSyntaxAsync(cancellationToken).ConfigureAwait(false) is not TypeDeclarationSyntax declaration
                || declaration.SyntaxTree != semanticModel.SyntaxTree)
            {
                return null;
            }

            var typeName = contextType.ToMinimalDisplayString(semanticModel, declaration.SpanStart);
            var baseName = char.ToLowerInvariant(contextType.Name[0]) + contextType.Name.Substring(1);
            if (SyntaxFacts.GetKeywordKind(baseName) != SyntaxKind.None)
            {
                baseName = "dbContext";
            }

            var members = new HashSet<string>(StringComparer.Ordinal);
            for (var current = type; current is not null; current = current.BaseType)
            {
                foreach (var name in current.MemberNames)
                {
                    members.Add(name);
                }
            }

            foreach (var method in type.GetMembers().OfType<IMethodSymbol>())
            {
                foreach (var parameter in method.Parameters)
                {
                    members.Add(parameter.Name);
                }
            }

            if (declaration.ParameterList is { } primary)
            {
                foreach (var parameter in primary.Parameters)
                {
                    members.Add(parameter.Identifier.ValueText);
                }

                return new ContextInjection(Shape.PrimaryConstructor, declaration, null, typeName, SyntaxText.UniqueName(baseName, members), null);
            }

            var constructors = declaration.Members.OfType<ConstructorDeclarationSyntax>().Where(c => !c.Modifiers.Any(SyntaxKind.StaticKeyword)).ToList();
            if (constructors.Count > 1)
            {
                return null;
            }

            var fieldName = SyntaxText.UniqueName("_" + baseName, members);
            if (constructors.Count == 1)
            {
                var constructor = constructors[0];
                if (constructor.Initializer is { ThisOrBaseKeyword.RawKind: (int)SyntaxKind.ThisKeyword } || (constructor.Body is null && constructor.ExpressionBody is null))
                {
                    return null;
                }

                var parameters = new HashSet<string>(constructor.ParameterList.Parameters.Select(p => p.Identifier.ValueText), StringComparer.Ordinal);
                parameters.Add(fieldName);
                return new ContextInjection(Shape.Constructor, declaration, constructor, typeName, SyntaxText.UniqueName(baseName, parameters), fieldName);
            }

            // Only the implicit constructor: adding one with a parameter must not break code that calls it.
            if (type.IsStatic || type.IsAbstract)
            {
                return null;
            }

            var solution = document.Project.Solution;
            foreach (var implicitConstructor in type.InstanceConstructors)
            {
                var references = await SymbolFinder.FindReferencesAsync(implicitConstructor, solution, cancellationToken).ConfigureAwait(false);
                if (references.Any(r => r.Locations.Any()))
                {
                    return null;
                }
            }

            var derived = await SymbolFinder.FindDerivedClassesAsync(type, solution, transitive: false, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (derived.Any())
            {
                return null;
            }

            return new ContextInjection(Shape.NewConstructor, declaration, null, typeName, SyntaxText.UniqueName(baseName, new HashSet<string>(StringComparer.Ordinal) { fieldName }), fieldName);
        }

        public IEnumerable<TextChange> GetChanges(SourceText text)
        {
            var newLine = SyntaxText.NewLine(text);
            var classIndent = SyntaxText.Indentation(text.Lines.GetLineFromPosition(_class.SpanStart));
            var memberIndent = _class.Members.Count > 0 ? SyntaxText.Indentation(text.Lines.GetLineFromPosition(_class.Members[0].SpanStart)) : classIndent + "    ";
            var parameter = _typeName + " " + _parameterName;
            var field = "private readonly " + _typeName + " " + _fieldName + ";";

            switch (_shape)
            {
                case Shape.PrimaryConstructor:
                    var primary = _class.ParameterList!;
                    yield return new TextChange(new TextSpan(primary.CloseParenToken.SpanStart, 0), (primary.Parameters.Count > 0 ? ", " : string.Empty) + parameter);
                    yield break;

                case Shape.Constructor:
                    var constructor = _constructor!;
                    yield return new TextChange(new TextSpan(constructor.ParameterList.CloseParenToken.SpanStart, 0), (constructor.ParameterList.Parameters.Count > 0 ? ", " : string.Empty) + parameter);
                    yield return FieldInsertion(text, newLine, memberIndent, field);

                    var assignment = _fieldName + " = " + _parameterName + ";";
                    var bodyIndent = SyntaxText.Indentation(text.Lines.GetLineFromPosition(constructor.SpanStart));
                    if (constructor.Body is { } body)
                    {
                        var closeLine = text.Lines.GetLineFromPosition(body.CloseBraceToken.SpanStart);
                        var braceOnOwnLine = text.ToString(TextSpan.FromBounds(closeLine.Start, body.CloseBraceToken.SpanStart)).Trim().Length == 0;
                        yield return braceOnOwnLine
                            ? new TextChange(new TextSpan(closeLine.Start, 0), bodyIndent + "    " + assignment + newLine)
                            : new TextChange(new TextSpan(body.CloseBraceToken.SpanStart, 0), assignment + " ");
                    }
                    else
                    {
                        var expression = constructor.ExpressionBody!.Expression;
                        var block = newLine + bodyIndent + "{" + newLine
                            + bodyIndent + "    " + expression + ";" + newLine
                            + bodyIndent + "    " + assignment + newLine
                            + bodyIndent + "}";
                        yield return new TextChange(TextSpan.FromBounds(constructor.ParameterList.Span.End, constructor.SemicolonToken.Span.End), block);
                    }

                    yield break;

                default:
                    var constructorText = memberIndent + "public " + _class.Identifier.ValueText + "(" + parameter + ") => " + _fieldName + " = " + _parameterName + ";";
                    if (_class.Members.Count > 0)
                    {
                        // Before the first member's leading trivia, so that its comments stay with it.
                        yield return new TextChange(new TextSpan(_class.Members[0].FullSpan.Start, 0), memberIndent + field + newLine + newLine + constructorText + newLine + newLine);
                    }
                    else
                    {
                        yield return new TextChange(new TextSpan(_class.CloseBraceToken.SpanStart, 0), field + " " + constructorText.Trim() + " ");
                    }

                    yield break;
            }
        }

        /// <summary>After the last field, or before the first member.</summary>
        private TextChange FieldInsertion(SourceText text, string newLine, string memberIndent, string field)
        {
            var lastField = _class.Members.OfType<FieldDeclarationSyntax>().LastOrDefault();
            if (lastField is not null)
            {
                return new TextChange(new TextSpan(lastField.Span.End, 0), newLine + memberIndent + field);
            }

            return new TextChange(new TextSpan(_class.Members[0].FullSpan.Start, 0), memberIndent + field + newLine + newLine);
        }
    }
}
