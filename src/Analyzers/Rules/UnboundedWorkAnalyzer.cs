using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using QueueLint.Model.Jobs;
using QueueLint.Model.Syntax;

namespace QueueLint.Rules
{
    /// <summary>
    /// QL0052: job code that walks a whole table (a <c>DbSet</c>, or a query over one with no <c>Where</c>, <c>Take</c>
    /// or paging) and makes a remote call, a save or an enqueue per item. No fix: batching or fan-out is a design choice.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class UnboundedWorkAnalyzer : JobCodeAnalyzer
    {
        private static readonly OperationKindSet s_loops = OperationKindSet.Of(OperationKind.Loop);
        private static readonly OperationKindSet s_localWrites = OperationKindSet.Of(OperationKind.VariableDeclarator, OperationKind.SimpleAssignment);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.UnboundedWork);

        internal override void AnalyzeMethod(JobCodeContext context)
        {
            var symbols = context.Symbols;
            if (symbols.EfDbSet1 is null || context.GetBody() is not { } body)
            {
                return;
            }

            Dictionary<ILocalSymbol, IOperation>? initializers = null;
            foreach (var operation in context.GetOperations().OfKind(s_loops))
            {
                if (operation is not IForEachLoopOperation loop)
                {
                    continue;
                }

                var collection = loop.Collection.WithoutImplicitConversions();
                if (collection is ILocalReferenceOperation local)
                {
                    initializers ??= CollectInitializers(body);
                    if (!initializers.TryGetValue(local.Local, out var initializer))
                    {
                        continue;
                    }

                    collection = initializer;
                }

                if (!WorkCalls.IsWholeSet(collection, symbols) || FindPerItemWork(loop, context) is not { } work)
                {
                    continue;
                }

                var location = loop.Syntax is CommonForEachStatementSyntax statement ? statement.ForEachKeyword.GetLocation() : loop.Syntax.GetLocation();
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.UnboundedWork, location, SetName(collection), Describe(work)));
            }
        }

        private static WorkCallKind? FindPerItemWork(IForEachLoopOperation loop, JobCodeContext context)
        {
            WorkCallKind? found = null;
            foreach (var operation in loop.Body.Descendants())
            {
                if (operation is not IInvocationOperation invocation)
                {
                    continue;
                }

                var kind = WorkCalls.GetKind(invocation, context.Model, context.Options);
                if (kind == WorkCallKind.None)
                {
                    continue;
                }

                // The most telling kind wins: an HTTP request, then an enqueue, then a save, then any awaited call.
                if (found is null || Rank(kind) < Rank(found.Value))
                {
                    found = kind;
                }
            }

            return found;
        }

        private static int Rank(WorkCallKind kind) => kind switch
        {
            WorkCallKind.HttpRequest => 0,
            WorkCallKind.Enqueue => 1,
            WorkCallKind.Save => 2,
            _ => 3,
        };

        private static string Describe(WorkCallKind kind) => kind switch
        {
            WorkCallKind.HttpRequest => "sends an HTTP request",
            WorkCallKind.Enqueue => "enqueues",
            WorkCallKind.Save => "saves",
            _ => "awaits a call",
        };

        /// <summary>Locals assigned once, at their declaration: <c>var orders = db.Orders.ToList();</c>.</summary>
        private static Dictionary<ILocalSymbol, IOperation> CollectInitializers(IOperation body)
        {
            var result = new Dictionary<ILocalSymbol, IOperation>(SymbolEqualityComparer.Default);
            var assigned = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
            foreach (var operation in OperationHelpers.OperationsOfBody(body).OfKind(s_localWrites))
            {
                switch (operation)
                {
                    case IVariableDeclaratorOperation { Initializer: { } initializer } declarator:
                        result[declarator.Symbol] = initializer.Value;
                        break;
                    case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target }:
                        assigned.Add(target.Local);
                        break;
                }
            }

            foreach (var local in assigned)
            {
                result.Remove(local);
            }

            return result;
        }

        /// <summary>The set's name as written: <c>Orders</c> in <c>_db.Orders.ToList()</c>.</summary>
        private static string SetName(IOperation collection)
        {
            for (var current = collection; current is not null;)
            {
                current = current.WithoutImplicitConversions();
                switch (current)
                {
                    case IAwaitOperation await:
                        current = await.Operation;
                        continue;
                    case IPropertyReferenceOperation property:
                        return property.Property.Name;
                    case IFieldReferenceOperation field:
                        return field.Field.Name;
                    case IInvocationOperation { Instance: { } instance } invocation when invocation.TargetMethod.Name != "Set":
                        current = instance;
                        continue;
                    case IInvocationOperation invocation when invocation.TargetMethod.Name == "Set":
                        return invocation.Type?.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) ?? "the set";
                    case IInvocationOperation invocation when invocation.Arguments.Length > 0:
                        current = invocation.Arguments[0].Value;
                        continue;
                    default:
                        return "the set";
                }
            }

            return "the set";
        }
    }
}
