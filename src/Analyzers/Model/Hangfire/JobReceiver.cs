using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using QueueLint.Model.Syntax;

namespace QueueLint.Model.Hangfire
{
    internal enum ReceiverKind
    {
        /// <summary>Not known where the value comes from: no rule reports it.</summary>
        Unknown,

        /// <summary>The value carries state of its own that a newly activated instance will not have (QL0006).</summary>
        LosesState,

        /// <summary>The value is a service the container built (constructor injection, a provider): QL0008.</summary>
        Injected,
    }

    /// <summary>What a Hangfire job expression is called on, and what the job loses by getting a new instance.</summary>
    internal readonly struct ReceiverClass
    {
        public ReceiverClass(ReceiverKind kind, string? lost)
        {
            Kind = kind;
            Lost = lost;
        }

        public ReceiverKind Kind { get; }

        /// <summary>For <see cref="ReceiverKind.LosesState"/>: what the new instance will not have, as the message words it.</summary>
        public string? Lost { get; }

        public static ReceiverClass Unknown => default;

        public static ReceiverClass Injected => new ReceiverClass(ReceiverKind.Injected, null);

        public static ReceiverClass Loses(string lost) => new ReceiverClass(ReceiverKind.LosesState, lost);
    }

    /// <summary>
    /// Classifies the receiver of a Hangfire job expression (<c>() =&gt; receiver.Method(...)</c>). Hangfire evaluates
    /// the receiver when the job is created, records its runtime type and the method, and at run time calls a
    /// new instance from its job activator: a receiver built or configured in code loses that state; a
    /// constructor-injected service does not, but is activated as its concrete class. Looks only at the
    /// receiver's own declaration and assignments (syntax of the declaring type or method); when unsure, says
    /// <see cref="ReceiverKind.Unknown"/>.
    /// </summary>
    internal static class JobReceiver
    {
        private static readonly HashSet<string> s_providerMethods = new HashSet<string>
        {
            "GetService", "GetRequiredService", "GetKeyedService", "GetRequiredKeyedService",
        };

        private static readonly ConditionalWeakTable<SyntaxNode, StrongBox<ReceiverClass>> s_classified = new ConditionalWeakTable<SyntaxNode, StrongBox<ReceiverClass>>();

        /// <summary>Classifies once per receiver: QL0006 and QL0008 both ask.</summary>
        public static ReceiverClass Classify(IOperation receiver, KnownSymbols symbols, CancellationToken cancellationToken)
        {
            if (s_classified.TryGetValue(receiver.Syntax, out var known))
            {
                return known.Value;
            }

            var result = ClassifyUncached(receiver, symbols, cancellationToken);
            return s_classified.GetValue(receiver.Syntax, _ => new StrongBox<ReceiverClass>(result)).Value;
        }

        private static ReceiverClass ClassifyUncached(IOperation receiver, KnownSymbols symbols, CancellationToken cancellationToken)
        {
            for (var depth = 0; depth < 4; depth++)
            {
                receiver = receiver.WithoutImplicitConversions();
                switch (receiver)
                {
                    case IInstanceReferenceOperation instance:
                        return ClassifyThis(instance, symbols, cancellationToken);
                    case IFieldReferenceOperation field:
                        return ClassifyMember(field.Field, cancellationToken);
                    case IPropertyReferenceOperation property when IsAutoProperty(property.Property, cancellationToken):
                        return ClassifyMember(property.Property, cancellationToken);
                    case IParameterReferenceOperation parameter:
                        return ClassifyParameter(parameter, cancellationToken);
                    case ILocalReferenceOperation local:
                        var (next, result) = ClassifyLocal(local, cancellationToken);
                        if (next is null)
                        {
                            return result;
                        }

                        receiver = next;
                        continue;
                    case IInvocationOperation invocation when IsProviderCall(invocation, symbols):
                        return ReceiverClass.Injected;
                    case IConversionOperation { IsImplicit: false } cast:
                        receiver = cast.Operand;
                        continue;
                    default:
                        return ReceiverClass.Unknown;
                }
            }

            return ReceiverClass.Unknown;
        }

        private static bool IsProviderCall(IInvocationOperation invocation, KnownSymbols symbols)
        {
            if (!s_providerMethods.Contains(invocation.TargetMethod.Name))
            {
                return false;
            }

            var method = invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod;
            var target = method.IsExtensionMethod && method.Parameters.Length > 0 ? method.Parameters[0].Type : invocation.Instance?.Type;
            return target.IsOrImplements(symbols.IServiceProvider);
        }

        private static ReceiverClass ClassifyThis(IInstanceReferenceOperation instance, KnownSymbols symbols, CancellationToken cancellationToken)
        {
            if (instance.Type is not INamedTypeSymbol type)
            {
                return ReceiverClass.Unknown;
            }

            if (type.InheritsFrom(symbols.AspNetCoreControllerBase))
            {
                return ReceiverClass.Loses("the request the controller '" + type.Name + "' serves (HttpContext, User, ModelState are not set on the new instance)");
            }

            if (type.InheritsFrom(symbols.AspNetCorePageModel))
            {
                return ReceiverClass.Loses("the request the page model '" + type.Name + "' serves (HttpContext, User and bound properties are not set on the new instance)");
            }

            if (type.InheritsFrom(symbols.SignalRHub))
            {
                return ReceiverClass.Loses("the connection the hub '" + type.Name + "' serves (Context, Clients and Groups are not set on the new instance)");
            }

            // State written after construction is the instance's own; a new instance starts without it. One walk
            // of the type collects every name written outside a constructor.
            var written = WrittenOutsideConstructors(type, cancellationToken);
            if (written.Count == 0)
            {
                return ReceiverClass.Injected;
            }

            foreach (var member in type.GetMembers())
            {
                if (member.IsStatic || member.IsImplicitlyDeclared || member is not (IFieldSymbol { IsConst: false } or IPropertySymbol)
                    || !written.TryGetValue(member.Name, out var where))
                {
                    continue;
                }

                if (member is IPropertySymbol property && !IsAutoProperty(property, cancellationToken))
                {
                    continue;
                }

                return ReceiverClass.Loses("the value of '" + member.Name + "' set in '" + where + "'");
            }

            return ReceiverClass.Injected;
        }

        /// <summary>A field or auto-property: how every assignment in its declaring type fills it.</summary>
        private static ReceiverClass ClassifyMember(ISymbol member, CancellationToken cancellationToken)
        {
            if (member.IsStatic || member.ContainingType is not { } type || member.DeclaringSyntaxReferences.Length == 0)
            {
                return ReceiverClass.Unknown;
            }

            var injected = false;
            foreach (var reference in member.DeclaringSyntaxReferences)
            {
                var initializer = reference.GetSyntax(cancellationToken) switch
                {
                    VariableDeclaratorSyntax declarator => declarator.Initializer?.Value,
                    PropertyDeclarationSyntax property => property.Initializer?.Value,
                    _ => null,
                };
                if (initializer is not null)
                {
                    if (IsCreation(initializer))
                    {
                        return ReceiverClass.Loses("the instance in '" + member.Name + "', created by its initializer");
                    }

                    if (IsProviderCallSyntax(initializer) || IsPrimaryConstructorParameter(initializer, reference.GetSyntax(cancellationToken)))
                    {
                        injected = true;
                    }
                    else
                    {
                        return ReceiverClass.Unknown;
                    }
                }
            }

            foreach (var (assignment, container) in Assignments(member.Name, type, cancellationToken))
            {
                if (container is not ConstructorDeclarationSyntax constructor || constructor.Modifiers.Any(SyntaxKind.StaticKeyword))
                {
                    return ReceiverClass.Loses("the value assigned to '" + member.Name + "' in '" + ContainerName(container) + "'");
                }

                if (assignment is null)
                {
                    return ReceiverClass.Loses("the value of '" + member.Name + "', changed in the constructor");
                }

                var value = Unwrap(assignment.Right);
                if (IsCreation(value))
                {
                    return ReceiverClass.Loses("the instance in '" + member.Name + "', created in the constructor, not by the container");
                }

                if ((value is IdentifierNameSyntax name && IsParameterOf(name.Identifier.ValueText, constructor)) || IsProviderCallSyntax(value))
                {
                    injected = true;
                    continue;
                }

                return ReceiverClass.Unknown;
            }

            return injected ? ReceiverClass.Injected : ReceiverClass.Unknown;
        }

        private static ReceiverClass ClassifyParameter(IParameterReferenceOperation reference, CancellationToken cancellationToken)
        {
            var parameter = reference.Parameter;
            if (parameter.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.Constructor } constructor
                && constructor.DeclaringSyntaxReferences.Length == 1
                && constructor.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is TypeDeclarationSyntax)
            {
                // A primary-constructor parameter captured by a member: what the container passed in.
                return ReceiverClass.Injected;
            }

            var body = EnclosingBody(reference.Syntax);
            var configured = body is null ? null : PropertiesSetOn(parameter.Name, body);
            return configured is null ? ReceiverClass.Unknown : ReceiverClass.Loses("the properties set on '" + parameter.Name + "' here (" + configured + ")");
        }

        private static (IOperation? Next, ReceiverClass Result) ClassifyLocal(ILocalReferenceOperation reference, CancellationToken cancellationToken)
        {
            var local = reference.Local;
            var body = EnclosingBody(reference.Syntax);
            var configured = body is null ? null : PropertiesSetOn(local.Name, body);
            if (configured is not null)
            {
                return (null, ReceiverClass.Loses("the properties set on '" + local.Name + "' here (" + configured + ")"));
            }

            if (local.DeclaringSyntaxReferences.Length != 1
                || local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: { } initializer }
                || (body is not null && Reassigned(local.Name, body)))
            {
                return (null, ReceiverClass.Unknown);
            }

            initializer = Unwrap(initializer);
            switch (initializer)
            {
                case BaseObjectCreationExpressionSyntax creation:
                    return (null, ReceiverClass.Loses(DescribeCreation(local.Name, creation)));
                case IdentifierNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax or CastExpressionSyntax:
                    // Follow the value it was initialized from: a field, a parameter, a provider call.
                    var model = reference.SemanticModel;
                    var operation = model?.GetOperation(initializer, cancellationToken);
                    return operation is null ? (null, ReceiverClass.Unknown) : (operation, default);
                default:
                    return (null, ReceiverClass.Unknown);
            }
        }

        private static string DescribeCreation(string name, BaseObjectCreationExpressionSyntax creation)
        {
            var set = creation.Initializer is { } initializer ? MemberNames(initializer) : null;
            if (set is not null)
            {
                return "the properties set on '" + name + "' here (" + set + ")";
            }

            return creation.ArgumentList is { Arguments.Count: > 0 }
                ? "the constructor arguments '" + name + "' was created with here"
                : "the instance created here as '" + name + "'";
        }

        private static string? MemberNames(InitializerExpressionSyntax initializer)
        {
            var names = new List<string>();
            foreach (var expression in initializer.Expressions)
            {
                if (expression is AssignmentExpressionSyntax { Left: IdentifierNameSyntax name })
                {
                    names.Add("'" + name.Identifier.ValueText + "'");
                }
            }

            return names.Count == 0 ? null : string.Join(", ", names);
        }

        /// <summary><c>name.X = ...</c> in the body: the member names, or null.</summary>
        private static string? PropertiesSetOn(string name, SyntaxNode body)
        {
            List<string>? names = null;
            foreach (var node in body.DescendantNodes())
            {
                if (node is AssignmentExpressionSyntax { Left: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax target, Name: var member } }
                    && target.Identifier.ValueText == name)
                {
                    names ??= new List<string>();
                    var text = "'" + member.Identifier.ValueText + "'";
                    if (!names.Contains(text))
                    {
                        names.Add(text);
                    }
                }
            }

            return names is null ? null : string.Join(", ", names);
        }

        private static bool Reassigned(string name, SyntaxNode body)
        {
            foreach (var node in body.DescendantNodes())
            {
                if (node is AssignmentExpressionSyntax { Left: IdentifierNameSyntax target } && target.Identifier.ValueText == name)
                {
                    return true;
                }
            }

            return false;
        }

        private static SyntaxNode? EnclosingBody(SyntaxNode node)
        {
            for (var current = node.Parent; current is not null; current = current.Parent)
            {
                if (current is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or LocalFunctionStatementSyntax or GlobalStatementSyntax)
                {
                    return current;
                }
            }

            return null;
        }

        /// <summary>Writes to <paramref name="name"/> (<c>name = ...</c>, <c>this.name += ...</c>, <c>name++</c>; the assignment, null for increments) in the type's own declarations.</summary>
        private static IEnumerable<(AssignmentExpressionSyntax? Assignment, SyntaxNode Container)> Assignments(string name, INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is not TypeDeclarationSyntax declaration)
                {
                    continue;
                }

                foreach (var node in declaration.DescendantNodes())
                {
                    var target = WriteTarget(node);
                    if (target is null || !Targets(target, name))
                    {
                        continue;
                    }

                    var container = Container(node, declaration);
                    if (container is not null)
                    {
                        yield return (node as AssignmentExpressionSyntax, container);
                    }
                }
            }
        }

        /// <summary>Names written (<c>x = ...</c>, <c>this.x += ...</c>, <c>x++</c>) outside constructors, with the first member that writes each.</summary>
        private static Dictionary<string, string> WrittenOutsideConstructors(INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            var written = new Dictionary<string, string>();
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is not TypeDeclarationSyntax declaration)
                {
                    continue;
                }

                foreach (var node in declaration.DescendantNodes())
                {
                    var target = WriteTarget(node);
                    var name = target switch
                    {
                        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                        MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: var member } => member.Identifier.ValueText,
                        _ => null,
                    };
                    if (name is null || written.ContainsKey(name))
                    {
                        continue;
                    }

                    var container = Container(node, declaration);
                    if (container is not null and not ConstructorDeclarationSyntax)
                    {
                        written.Add(name, ContainerName(container));
                    }
                }
            }

            return written;
        }

        private static ExpressionSyntax? WriteTarget(SyntaxNode node) => node switch
        {
            AssignmentExpressionSyntax assignment => assignment.Left,
            PostfixUnaryExpressionSyntax postfix when postfix.IsKind(SyntaxKind.PostIncrementExpression) || postfix.IsKind(SyntaxKind.PostDecrementExpression) => postfix.Operand,
            PrefixUnaryExpressionSyntax prefix when prefix.IsKind(SyntaxKind.PreIncrementExpression) || prefix.IsKind(SyntaxKind.PreDecrementExpression) => prefix.Operand,
            _ => null,
        };

        private static bool Targets(ExpressionSyntax left, string name) => left switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText == name,
            MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: var member } => member.Identifier.ValueText == name,
            _ => false,
        };

        /// <summary>The member of <paramref name="declaration"/> holding the node; null when it is in a nested type.</summary>
        private static SyntaxNode? Container(SyntaxNode node, TypeDeclarationSyntax declaration)
        {
            for (var current = node.Parent; current is not null; current = current.Parent)
            {
                if (current is MemberDeclarationSyntax member)
                {
                    if (member is BaseTypeDeclarationSyntax)
                    {
                        return null;
                    }

                    return member.Parent == declaration ? member : null;
                }
            }

            return null;
        }

        private static string ContainerName(SyntaxNode container) => container switch
        {
            MethodDeclarationSyntax method => method.Identifier.ValueText,
            PropertyDeclarationSyntax property => property.Identifier.ValueText,
            ConstructorDeclarationSyntax constructor => constructor.Identifier.ValueText,
            EventDeclarationSyntax @event => @event.Identifier.ValueText,
            IndexerDeclarationSyntax => "this[]",
            OperatorDeclarationSyntax op => "operator " + op.OperatorToken.ValueText,
            _ => "a member",
        };

        private static bool IsPrimaryConstructorParameter(ExpressionSyntax value, SyntaxNode declaration)
        {
            if (Unwrap(value) is not IdentifierNameSyntax name)
            {
                return false;
            }

            var type = declaration.FirstAncestorOrSelf<TypeDeclarationSyntax>();
            if (type?.ParameterList is not { } parameters)
            {
                return false;
            }

            foreach (var parameter in parameters.Parameters)
            {
                if (parameter.Identifier.ValueText == name.Identifier.ValueText)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsParameterOf(string name, ConstructorDeclarationSyntax constructor)
        {
            foreach (var parameter in constructor.ParameterList.Parameters)
            {
                if (parameter.Identifier.ValueText == name)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Removes what does not change the value: parentheses, casts, <c>x ?? throw ...</c>, <c>!</c>.</summary>
        private static ExpressionSyntax Unwrap(ExpressionSyntax expression)
        {
            while (true)
            {
                switch (expression)
                {
                    case ParenthesizedExpressionSyntax parenthesized:
                        expression = parenthesized.Expression;
                        continue;
                    case CastExpressionSyntax cast:
                        expression = cast.Expression;
                        continue;
                    case PostfixUnaryExpressionSyntax postfix when postfix.IsKind(SyntaxKind.SuppressNullableWarningExpression):
                        expression = postfix.Operand;
                        continue;
                    case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.CoalesceExpression) && binary.Right is ThrowExpressionSyntax:
                        expression = binary.Left;
                        continue;
                    default:
                        return expression;
                }
            }
        }

        private static bool IsCreation(ExpressionSyntax expression) => Unwrap(expression) is BaseObjectCreationExpressionSyntax;

        private static bool IsProviderCallSyntax(ExpressionSyntax expression)
            => Unwrap(expression) is InvocationExpressionSyntax { Expression: var target }
               && target switch
               {
                   MemberAccessExpressionSyntax { Name: var name } => s_providerMethods.Contains(name.Identifier.ValueText),
                   SimpleNameSyntax name => s_providerMethods.Contains(name.Identifier.ValueText),
                   _ => false,
               };

        private static bool IsAutoProperty(IPropertySymbol property, CancellationToken cancellationToken)
        {
            if (property.IsIndexer || property.DeclaringSyntaxReferences.Length == 0)
            {
                return false;
            }

            foreach (var reference in property.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is not PropertyDeclarationSyntax { ExpressionBody: null, AccessorList: { } accessors })
                {
                    return false;
                }

                foreach (var accessor in accessors.Accessors)
                {
                    if (accessor.Body is not null || accessor.ExpressionBody is not null)
                    {
                        return false;
                    }
                }
            }

            return true;
        }
    }
}
