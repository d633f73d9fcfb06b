using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace QueueLint.Model
{
    /// <summary>What a scheduling call says about a job: which class, under which key, on which kind of trigger.</summary>
    internal enum ScheduleCallKind
    {
        /// <summary>A Quartz job class registered (<c>AddJob&lt;T&gt;</c>, <c>ScheduleJob&lt;T&gt;</c>, <c>IScheduler.ScheduleJob/AddJob</c>).</summary>
        QuartzJob,

        /// <summary>A Quartz trigger for a job key (<c>AddTrigger(t =&gt; t.ForJob(key))</c>, <c>IScheduler.ScheduleJob(trigger)</c>).</summary>
        QuartzTrigger,

        /// <summary>A manual run of a Quartz job key (<c>IScheduler.TriggerJob</c>).</summary>
        QuartzManualRun,

        /// <summary>A manual run of a Hangfire recurring job id (<c>RecurringJob.TriggerJob</c>, <c>IRecurringJobManager.Trigger</c>).</summary>
        HangfireManualRun,
    }

    /// <summary>One scheduling fact read from a call; keys are <c>group.name</c> (Quartz) or the recurring id (Hangfire).</summary>
    internal sealed class ScheduleCall
    {
        public ScheduleCall(ScheduleCallKind kind, INamedTypeSymbol? jobType, string? key, bool repeating, Location location, TimeSpan? interval = null)
        {
            Kind = kind;
            JobType = jobType;
            Key = key;
            Repeating = repeating;
            Location = location;
            Interval = interval;
        }

        public ScheduleCallKind Kind { get; }

        public INamedTypeSymbol? JobType { get; }

        /// <summary>The job key or recurring id when it is a compile-time constant, else null.</summary>
        public string? Key { get; }

        /// <summary>The call's own trigger repeats (cron, calendar or daily interval, simple schedule with repeats).</summary>
        public bool Repeating { get; }

        /// <summary>For a repeating trigger, the shortest gap between its firings when it is written as constants, else null.</summary>
        public TimeSpan? Interval { get; }

        /// <summary>Where the job class is named (registrations), or the call (triggers, manual runs).</summary>
        public Location Location { get; }
    }

    /// <summary>
    /// Reads Quartz 3 and 4 scheduling calls (the DI configurator's <c>AddJob</c>/<c>AddTrigger</c>/<c>ScheduleJob</c>,
    /// <c>IScheduler.ScheduleJob</c>/<c>AddJob</c>/<c>TriggerJob</c> with <c>JobBuilder</c>/<c>TriggerBuilder</c> chains)
    /// and Hangfire's manual triggers of recurring jobs. Values are followed through locals and readonly fields
    /// initialized in the same file; anything else is unknown, and unknown schedules are not judged.
    /// </summary>
    internal static class Schedules
    {
        public const string DefaultQuartzGroup = "DEFAULT";

        private static readonly string[] s_callNames = { "AddJob", "AddTrigger", "ScheduleJob", "TriggerJob", "Trigger" };

        /// <summary>Words one of which a file must contain to hold a scheduling call.</summary>
        public static readonly TextFilter Filter = new(s_callNames);

        public static void Collect(SemanticModel semanticModel, KnownSymbols symbols, List<ScheduleCall> calls, System.Threading.CancellationToken cancellationToken)
        {
            var tree = semanticModel.SyntaxTree;
            if (!Filter.MayContain(tree.GetText(cancellationToken)))
            {
                return;
            }

            var file = FileSyntax.Get(tree, cancellationToken);
            for (var i = 0; i < file.Invocations.Length; i++)
            {
                if (file.InvokedNames[i] is not { } name
                    || Array.IndexOf(s_callNames, name) < 0
                    || semanticModel.GetOperation(file.Invocations[i], cancellationToken) is not IInvocationOperation invocation)
                {
                    continue;
                }

                var ns = invocation.TargetMethod.ContainingNamespace;
                var topLevel = ns is { ContainingNamespace.IsGlobalNamespace: true } ? ns.Name : null;
                if (topLevel == "Quartz" && symbols.HasQuartz)
                {
                    ReadQuartz(invocation, name, semanticModel, calls, cancellationToken);
                }
                else if (topLevel == "Hangfire" && symbols.HasHangfire && name is "Trigger" or "TriggerJob" && invocation.Arguments.Length >= 1)
                {
                    var id = FindArgument(invocation, "recurringJobId")?.Value.ConstantValue;
                    if (id is { HasValue: true, Value: string key })
                    {
                        calls.Add(new ScheduleCall(ScheduleCallKind.HangfireManualRun, null, key, repeating: false, file.Invocations[i].GetLocation()));
                    }
                }
            }
        }

        private static void ReadQuartz(IInvocationOperation invocation, string name, SemanticModel semanticModel, List<ScheduleCall> calls, System.Threading.CancellationToken cancellationToken)
        {
            var method = invocation.TargetMethod;

            // The receiver of an extension method is its first argument; the arguments that matter follow it.
            var args = method.IsExtensionMethod && invocation.Arguments.Length > 0 ? invocation.Arguments.RemoveAt(0) : invocation.Arguments;
            var onScheduler = method.ContainingType.Name is "IScheduler" or "SchedulerJobExtensions";
            switch (name)
            {
                case "TriggerJob" when onScheduler:
                    if (args.Length > 0)
                    {
                        calls.Add(new ScheduleCall(ScheduleCallKind.QuartzManualRun, null, ReadKey(args[0].Value, semanticModel, cancellationToken), false, invocation.Syntax.GetLocation()));
                    }

                    return;

                case "AddTrigger" when !onScheduler:
                case "ScheduleJob" when onScheduler && method.TypeArguments.Length == 0 && args.Length > 0 && IsTrigger(args[0].Value.Type):
                    {
                        var trigger = Resolve(args[0].Value, semanticModel, cancellationToken);
                        var repeating = IsRepeating(trigger);
                        calls.Add(new ScheduleCall(ScheduleCallKind.QuartzTrigger, null, FindForJobKey(trigger, semanticModel, cancellationToken), repeating, invocation.Syntax.GetLocation(), repeating ? ReadInterval(trigger) : null));
                        return;
                    }

                case "AddJob" when !onScheduler && method.TypeArguments.Length == 1:
                case "ScheduleJob" when method.TypeArguments.Length == 1:
                    {
                        if (method.TypeArguments[0] is not INamedTypeSymbol jobType || GetTypeArgumentLocation(invocation) is not { } location)
                        {
                            return;
                        }

                        string? key = null;
                        var repeating = false;
                        TimeSpan? interval = null;
                        foreach (var argument in args)
                        {
                            var value = Resolve(argument.Value, semanticModel, cancellationToken);
                            var type = argument.Parameter?.Type;
                            if (type?.Name == "JobKey")
                            {
                                key = ReadKey(argument.Value, semanticModel, cancellationToken);
                            }
                            else if (IsTrigger(type) || type is INamedTypeSymbol { TypeArguments.Length: > 0 } action && ContainsTriggerConfigurator(action))
                            {
                                if (IsRepeating(value))
                                {
                                    repeating = true;
                                    interval = ScheduleIntervals.Shorter(interval, ReadInterval(value));
                                }
                            }
                            else
                            {
                                key ??= FindIdentity(value, "WithIdentity", semanticModel, cancellationToken);
                            }
                        }

                        calls.Add(new ScheduleCall(ScheduleCallKind.QuartzJob, jobType, key, repeating, location, interval));
                        return;
                    }

                case "ScheduleJob" when onScheduler && args.Length >= 2:
                case "AddJob" when onScheduler && args.Length >= 1:
                    {
                        var job = Resolve(args[0].Value, semanticModel, cancellationToken);
                        if (FindJobBuilderType(job, out var location) is not { } jobType || location is null)
                        {
                            return;
                        }

                        var trigger = name == "ScheduleJob" ? Resolve(args[1].Value, semanticModel, cancellationToken) : null;
                        var repeating = IsRepeating(trigger);
                        calls.Add(new ScheduleCall(ScheduleCallKind.QuartzJob, jobType, FindIdentity(job, "WithIdentity", semanticModel, cancellationToken), repeating, location, repeating ? ReadInterval(trigger) : null));
                        return;
                    }
            }
        }

        /// <summary>An <c>ITrigger</c>, or a collection of them.</summary>
        private static bool IsTrigger(ITypeSymbol? type)
            => type?.Name == "ITrigger" || (type is INamedTypeSymbol { TypeArguments.Length: 1 } named && named.TypeArguments[0].Name == "ITrigger");

        private static bool ContainsTriggerConfigurator(INamedTypeSymbol action)
        {
            foreach (var argument in action.TypeArguments)
            {
                if (argument.Name == "ITriggerConfigurator")
                {
                    return true;
                }
            }

            return false;
        }

        private static Location? GetTypeArgumentLocation(IInvocationOperation invocation)
        {
            var expression = ((InvocationExpressionSyntax)invocation.Syntax).Expression;
            var name = expression switch
            {
                MemberAccessExpressionSyntax access => access.Name,
                SimpleNameSyntax simple => simple,
                _ => null,
            };
            return name is GenericNameSyntax { TypeArgumentList.Arguments.Count: 1 } generic ? generic.TypeArgumentList.Arguments[0].GetLocation() : null;
        }

        /// <summary>The job class of a <c>JobBuilder.Create&lt;T&gt;()</c> or <c>JobBuilder.Create(typeof(T))</c> chain, and where it is named.</summary>
        private static INamedTypeSymbol? FindJobBuilderType(IOperation? operation, out Location? location)
        {
            location = null;
            if (operation is null)
            {
                return null;
            }

            foreach (var descendant in operation.DescendantsAndSelf())
            {
                if (descendant is not IInvocationOperation { TargetMethod: { Name: "Create" or "OfType" } method } call
                    || method.ContainingType.Name != "JobBuilder")
                {
                    continue;
                }

                if (method.TypeArguments.Length == 1 && method.TypeArguments[0] is INamedTypeSymbol generic)
                {
                    location = GetTypeArgumentLocation(call);
                    return generic;
                }

                if (call.Arguments.Length == 1 && call.Arguments[0].Value.WithoutImplicitConversions() is ITypeOfOperation { TypeOperand: INamedTypeSymbol typeOf } typeOfOperation)
                {
                    location = ((TypeOfExpressionSyntax)typeOfOperation.Syntax).Type.GetLocation();
                    return typeOf;
                }
            }

            return null;
        }

        /// <summary>The key given to <c>ForJob(...)</c> in a trigger definition.</summary>
        private static string? FindForJobKey(IOperation? trigger, SemanticModel semanticModel, System.Threading.CancellationToken cancellationToken)
            => FindIdentity(trigger, "ForJob", semanticModel, cancellationToken);

        /// <summary>The constant key given to the first <paramref name="methodName"/> call in <paramref name="operation"/>.</summary>
        private static string? FindIdentity(IOperation? operation, string methodName, SemanticModel semanticModel, System.Threading.CancellationToken cancellationToken)
        {
            if (operation is null)
            {
                return null;
            }

            foreach (var descendant in operation.DescendantsAndSelf())
            {
                if (descendant is IInvocationOperation call && call.TargetMethod.Name == methodName && call.Arguments.Length > 0)
                {
                    return ReadKeyArguments(call, semanticModel, cancellationToken);
                }
            }

            return null;
        }

        /// <summary>A key from <c>(JobKey)</c>, <c>(name)</c> or <c>(name, group)</c> arguments.</summary>
        private static string? ReadKeyArguments(IInvocationOperation call, SemanticModel semanticModel, System.Threading.CancellationToken cancellationToken)
        {
            var first = call.Arguments[0];
            if (first.Value.Type?.SpecialType != SpecialType.System_String)
            {
                return ReadKey(first.Value, semanticModel, cancellationToken);
            }

            var name = first.Value.ConstantValue;
            var group = call.Arguments.Length > 1 && call.Arguments[1].Value.Type?.SpecialType == SpecialType.System_String
                ? call.Arguments[1].Value.ConstantValue
                : new Optional<object?>(DefaultQuartzGroup);
            return name is { HasValue: true, Value: string n } && group.HasValue ? ((group.Value as string) ?? DefaultQuartzGroup) + "." + n : null;
        }

        /// <summary>A <c>JobKey</c> value: <c>new JobKey(name[, group])</c>, <c>JobKey.Create(name[, group])</c>, through locals and fields.</summary>
        private static string? ReadKey(IOperation value, SemanticModel semanticModel, System.Threading.CancellationToken cancellationToken)
        {
            var resolved = Resolve(value, semanticModel, cancellationToken);
            switch (resolved)
            {
                case IObjectCreationOperation creation when creation.Arguments.Length > 0:
                    return ReadConstructorKey(creation.Arguments);
                case IInvocationOperation { TargetMethod.Name: "Create" } create when create.Arguments.Length > 0 && create.Arguments[0].Value.Type?.SpecialType == SpecialType.System_String:
                    return ReadConstructorKey(create.Arguments);
                case IPropertyReferenceOperation { Property.Name: "Key" } property when property.Instance is not null:
                    return FindIdentity(Resolve(property.Instance, semanticModel, cancellationToken), "WithIdentity", semanticModel, cancellationToken);
                default:
                    return resolved?.Type?.SpecialType == SpecialType.System_String && resolved.ConstantValue is { HasValue: true, Value: string name }
                        ? DefaultQuartzGroup + "." + name
                        : null;
            }
        }

        private static string? ReadConstructorKey(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments)
        {
            var name = arguments[0].Value.ConstantValue;
            var group = arguments.Length > 1 ? arguments[1].Value.ConstantValue : new Optional<object?>(DefaultQuartzGroup);
            return name is { HasValue: true, Value: string n } && group.HasValue ? ((group.Value as string) ?? DefaultQuartzGroup) + "." + n : null;
        }

        /// <summary>Whether a trigger definition repeats: cron, calendar or daily intervals, or a simple schedule with repeats.</summary>
        public static bool IsRepeating(IOperation? trigger)
        {
            if (trigger is null)
            {
                return false;
            }

            foreach (var descendant in trigger.DescendantsAndSelf())
            {
                if (descendant is not IInvocationOperation call || call.TargetMethod.ContainingNamespace is not { Name: "Quartz", ContainingNamespace.IsGlobalNamespace: true })
                {
                    continue;
                }

                var name = call.TargetMethod.Name;
                switch (name)
                {
                    case "WithCronSchedule":
                    case "CronSchedule":
                    case "DailyAtHourAndMinute":
                    case "WeeklyOnDayAndHourAndMinute":
                    case "MonthlyOnDayAndHourAndMinute":
                    case "AtHourAndMinuteOnGivenDaysOfWeek":
                    case "WithCalendarIntervalSchedule":
                    case "WithDailyTimeIntervalSchedule":
                    case "RepeatForever":
                        return true;
                    case "WithRepeatCount":
                        if (call.Arguments.Length == 1 && call.Arguments[0].Value.ConstantValue is { HasValue: true, Value: int count } && count == 0)
                        {
                            continue;
                        }

                        return true;
                    case "Create" when call.TargetMethod.ContainingType.Name is "CalendarIntervalScheduleBuilder" or "DailyTimeIntervalScheduleBuilder":
                        return true;
                }

                if (name.StartsWith("Repeat", StringComparison.Ordinal) && (name.EndsWith("Forever", StringComparison.Ordinal) || name.EndsWith("ForTotalCount", StringComparison.Ordinal)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The shortest gap between firings of a repeating Quartz trigger definition, when it is written as constants:
        /// a cron expression, a simple schedule's interval (<c>WithIntervalInMinutes(5)</c>, <c>WithInterval(TimeSpan)</c>,
        /// <c>RepeatMinutelyForever(5)</c>), a calendar or daily-time interval, a daily, weekly or monthly time; else null.
        /// </summary>
        public static TimeSpan? ReadInterval(IOperation? trigger)
        {
            if (trigger is null)
            {
                return null;
            }

            TimeSpan? shortest = null;
            foreach (var descendant in trigger.DescendantsAndSelf())
            {
                if (descendant is not IInvocationOperation call || call.TargetMethod.ContainingNamespace is not { Name: "Quartz", ContainingNamespace.IsGlobalNamespace: true })
                {
                    continue;
                }

                var name = call.TargetMethod.Name;
                var interval = name switch
                {
                    "WithCronSchedule" or "CronSchedule" => FindArgument(call, "cronExpression")?.Value.ConstantValue is { HasValue: true, Value: string cron }
                        ? ScheduleIntervals.FromCron(cron, secondsFirst: true)
                        : null,
                    "DailyAtHourAndMinute" or "WeeklyOnDayAndHourAndMinute" or "MonthlyOnDayAndHourAndMinute" or "AtHourAndMinuteOnGivenDaysOfWeek" => TimeSpan.FromDays(1),
                    "WithIntervalInSeconds" => Count(call, null, TimeSpan.FromSeconds(1)),
                    "WithIntervalInMinutes" => Count(call, null, TimeSpan.FromMinutes(1)),
                    "WithIntervalInHours" => Count(call, null, TimeSpan.FromHours(1)),
                    "WithIntervalInDays" or "WithIntervalInWeeks" or "WithIntervalInMonths" or "WithIntervalInYears" => TimeSpan.FromDays(1),
                    "WithInterval" => ReadWithInterval(call),
                    "RepeatSecondlyForever" or "RepeatSecondlyForTotalCount" => Count(call, "seconds", TimeSpan.FromSeconds(1)),
                    "RepeatMinutelyForever" or "RepeatMinutelyForTotalCount" => Count(call, "minutes", TimeSpan.FromMinutes(1)),
                    "RepeatHourlyForever" or "RepeatHourlyForTotalCount" => Count(call, "hours", TimeSpan.FromHours(1)),
                    _ => null,
                };
                shortest = ScheduleIntervals.Shorter(shortest, interval);
            }

            return shortest;
        }

        /// <summary>
        /// How often a Hangfire recurring job (<c>AddOrUpdate</c>) fires: from its cron expression written as a constant
        /// or a <c>Cron</c> helper (<c>Cron.Minutely()</c>, <c>Cron.MinuteInterval(5)</c>, <c>Cron.Daily</c>);
        /// <see cref="ScheduleIntervals.Never"/> for <c>Cron.Never</c>; null when it cannot be read.
        /// </summary>
        public static TimeSpan? ReadHangfireInterval(IInvocationOperation addOrUpdate, SemanticModel semanticModel, System.Threading.CancellationToken cancellationToken)
        {
            if (FindArgument(addOrUpdate, "cronExpression") is not { } argument || Resolve(argument.Value, semanticModel, cancellationToken) is not { } value)
            {
                return null;
            }

            if (value is IDelegateCreationOperation creation)
            {
                value = creation.Target is IAnonymousFunctionOperation lambda ? EntityFramework.GetReturnedValue(lambda) : creation.Target;
            }

            return value switch
            {
                IInvocationOperation { TargetMethod: { ContainingType: { Name: "Cron", ContainingNamespace.Name: "Hangfire" } } method } call => FromHangfireCron(method.Name, call),
                IMethodReferenceOperation { Method: { ContainingType: { Name: "Cron", ContainingNamespace.Name: "Hangfire" } } method } => FromHangfireCron(method.Name, null),
                { ConstantValue: { HasValue: true, Value: string cron } } => cron.Trim() == "0 0 31 2 *" ? ScheduleIntervals.Never : ScheduleIntervals.FromCron(cron, secondsFirst: false),
                _ => null,
            };
        }

        private static TimeSpan? FromHangfireCron(string helper, IInvocationOperation? call)
            => helper switch
            {
                "Never" => ScheduleIntervals.Never,
                "Minutely" => TimeSpan.FromMinutes(1),
                "MinuteInterval" => call is null ? null : Count(call, "interval", TimeSpan.FromMinutes(1)),
                "Hourly" => TimeSpan.FromHours(1),
                "HourInterval" => call is null ? null : Count(call, "interval", TimeSpan.FromHours(1)),
                "Daily" or "Weekly" or "Monthly" or "Yearly" or "DayInterval" or "MonthInterval" => TimeSpan.FromDays(1),
                _ => null,
            };

        /// <summary>
        /// <paramref name="unit"/> times the constant number given to <paramref name="parameterName"/> (or the first
        /// argument); one unit when the call has no such parameter (<c>RepeatMinutelyForever()</c>); null when not a constant.
        /// </summary>
        private static TimeSpan? Count(IInvocationOperation call, string? parameterName, TimeSpan unit)
        {
            var argument = parameterName is null ? (call.Arguments.Length > 0 ? call.Arguments[call.TargetMethod.IsExtensionMethod ? 1 : 0] : null) : FindArgument(call, parameterName);
            if (argument is null)
            {
                return parameterName is null ? null : unit;
            }

            return argument.Value.ConstantValue is { HasValue: true, Value: int count } && count > 0 ? TimeSpan.FromTicks(unit.Ticks * count) : null;
        }

        /// <summary><c>WithInterval(TimeSpan)</c> of a simple schedule, or <c>WithInterval(n, IntervalUnit.X)</c> of a calendar or daily-time one.</summary>
        private static TimeSpan? ReadWithInterval(IInvocationOperation call)
        {
            if (call.Arguments.Length == 1 && call.SemanticModel is { } model)
            {
                return Frameworks.RetryShapes.ReadDuration(call.Arguments[0].Value.Syntax as ExpressionSyntax, model, numberIsMilliseconds: false);
            }

            if (call.Arguments.Length != 2 || call.Arguments[1].Value.WithoutImplicitConversions() is not IFieldReferenceOperation { Field.Name: var unit })
            {
                return null;
            }

            return unit switch
            {
                "Second" => Count(call, null, TimeSpan.FromSeconds(1)),
                "Minute" => Count(call, null, TimeSpan.FromMinutes(1)),
                "Hour" => Count(call, null, TimeSpan.FromHours(1)),
                "Day" or "Week" or "Month" or "Year" => TimeSpan.FromDays(1),
                _ => null,
            };
        }


        /// <summary>The value behind a local or readonly field initialized in the same file, else the value itself.</summary>
        private static IOperation? Resolve(IOperation value, SemanticModel semanticModel, System.Threading.CancellationToken cancellationToken)
        {
            value = value.WithoutImplicitConversions();
            for (var depth = 0; depth < 4; depth++)
            {
                ISymbol? symbol = value switch
                {
                    ILocalReferenceOperation local => local.Local,
                    IFieldReferenceOperation { Field.IsReadOnly: true } field => field.Field,
                    _ => null,
                };
                if (symbol is null || symbol.DeclaringSyntaxReferences.Length != 1)
                {
                    return value;
                }

                var reference = symbol.DeclaringSyntaxReferences[0];
                if (reference.SyntaxTree != semanticModel.SyntaxTree
                    || reference.GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: { } initializer }
                    || semanticModel.GetOperation(initializer, cancellationToken) is not { } next)
                {
                    return value;
                }

                value = next.WithoutImplicitConversions();
            }

            return value;
        }

        private static IArgumentOperation? FindArgument(IInvocationOperation invocation, string parameterName)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.Name == parameterName)
                {
                    return argument;
                }
            }

            return null;
        }
    }
}
