using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using QueueLint.Model.Syntax;
using QueueLint.Options;

namespace QueueLint.Model.Enqueue
{
    /// <summary>
    /// Wrapper methods named in <c>queuelint.enqueue_methods</c>: their expression or delegate argument names
    /// the job (its call's arguments are payload), and every other argument is payload too.
    /// </summary>
    internal sealed class UserDeclaredAdapter : IEnqueueAdapter
    {
        private readonly JobModel _model;

        public UserDeclaredAdapter(JobModel model) => _model = model;

        public bool TryGetEnqueueSite(IOperation operation, QueueLintOptions options, out EnqueueSite? site)
        {
            site = null;
            if (options.EnqueueMethods.IsEmpty || operation is not IInvocationOperation invocation)
            {
                return false;
            }

            var methods = _model.ResolveMethods(options.EnqueueMethods);
            var target = invocation.TargetMethod;
            if (!methods.Contains(target.OriginalDefinition) && !(target.ReducedFrom is { } reduced && methods.Contains(reduced.OriginalDefinition)))
            {
                return false;
            }

            IInvocationOperation? job = null;
            var builder = ImmutableArray.CreateBuilder<PayloadValue>();
            foreach (var argument in invocation.Arguments)
            {
                if (argument.ArgumentKind == ArgumentKind.DefaultValue)
                {
                    continue;
                }

                if (job is null && OperationHelpers.IsExpressionOrDelegate(argument.Parameter?.Type, _model.Symbols)
                    && OperationHelpers.GetJobInvocation(argument.Value) is { } jobInvocation)
                {
                    job = jobInvocation;
                    builder.AddRange(OperationHelpers.GetArgumentPayload(jobInvocation, PayloadOrigin.JobArgument));
                    continue;
                }

                // The receiver of an extension method is the scheduler, not payload.
                if (!(target.IsExtensionMethod && argument.Parameter?.Ordinal == 0))
                {
                    builder.Add(new PayloadValue(argument.Value.WithoutImplicitConversions(), argument.Parameter?.Name, argument.Parameter, PayloadOrigin.WrapperArgument));
                }
            }

            var name = job is not null ? "Job '" + job.TargetMethod.ToJobName() + "'" : "Job enqueued by '" + target.ToJobName() + "'";
            site = new EnqueueSite(JobFramework.UserDeclared, invocation, name, job, messageType: null, builder.ToImmutable(), EnqueueTraits.ArgumentsEvaluatedAtEnqueue);
            return true;
        }
    }
}
