using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using QueueLint.Model.Syntax;
using QueueLint.Options;

namespace QueueLint.Model.Enqueue
{
    /// <summary>
    /// Quartz.NET 3.x and 4.x: values put into a <c>JobDataMap</c> (<c>Put</c>, <c>Add</c>, 4.x's <c>PutAsString</c>, the
    /// indexer, collection initializers) or given to <c>JobBuilder/TriggerBuilder.UsingJobData(key, value)</c> are payload.
    /// </summary>
    internal sealed class QuartzAdapter : IEnqueueAdapter
    {
        private const string JobDisplayName = "Quartz job data";
        private readonly KnownSymbols _symbols;

        public QuartzAdapter(KnownSymbols symbols) => _symbols = symbols;

        public bool TryGetEnqueueSite(IOperation operation, QueueLintOptions options, out EnqueueSite? site)
        {
            site = null;
            switch (operation)
            {
                case IInvocationOperation invocation when invocation.Arguments.Length == 2 && IsDataMethod(invocation):
                    site = Create(invocation, invocation.Arguments[0].Value, invocation.Arguments[1].Value);
                    return true;

                case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.IsIndexer: true } indexer } assignment
                    when indexer.Arguments.Length == 1 && IsJobDataMap(indexer.Instance?.Type):
                    site = Create(assignment, indexer.Arguments[0].Value, assignment.Value);
                    return true;

                default:
                    return false;
            }
        }

        private bool IsDataMethod(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            switch (method.Name)
            {
                case "Put":
                case "Add":
                case "PutAsString":
                    return IsJobDataMap(invocation.Instance?.Type);
                case "UsingJobData":
                    var type = method.ContainingType;
                    return SymbolEqualityComparer.Default.Equals(type, _symbols.QuartzJobBuilder)
                        || SymbolEqualityComparer.Default.Equals(type, _symbols.QuartzTriggerBuilder);
                default:
                    return false;
            }
        }

        private bool IsJobDataMap(ITypeSymbol? type) => type.InheritsFrom(_symbols.QuartzJobDataMap);

        private static EnqueueSite Create(IOperation operation, IOperation key, IOperation value)
        {
            var name = key.ConstantValue.HasValue ? key.ConstantValue.Value as string : null;
            // PutAsString converts the value to text before it is stored.
            var storedType = operation is IInvocationOperation { TargetMethod.Name: "PutAsString" } ? value.SemanticModel?.Compilation.GetSpecialType(SpecialType.System_String) : null;
            var payload = ImmutableArray.Create(new PayloadValue(value.WithoutImplicitConversions(), name, parameter: null, PayloadOrigin.JobData, storedType));
            return new EnqueueSite(JobFramework.Quartz, operation, name is null ? JobDisplayName : JobDisplayName + " '" + name + "'", jobInvocation: null, messageType: null, payload, EnqueueTraits.FillsPayloadOnly);
        }
    }
}
