using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using QueueLint.Model;
using QueueLint.Model.Data;
using QueueLint.Model.Jobs;
using QueueLint.Model.Syntax;

namespace QueueLint.Rules
{
    /// <summary>
    /// QL0030: writes in job code that a second run applies twice: a member of an entity changed from its own old
    /// value and then saved; <c>ExecuteUpdate</c> setting a column from itself; a new row added with no check
    /// for it earlier in the job; raw SQL that increments a column or inserts without a guard.
    /// </summary>
    /// <remarks>
    /// "Earlier in the job" is the same method before the insert, or any job-code method of the same job. A job
    /// that checks a set and then adds to that same set (a processed marker, or a guarded insert) counts as
    /// guarded for all its inserts in that method.
    /// </remarks>
    [Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class NonIdempotentWriteAnalyzer : JobCodeAnalyzer
    {
        /// <summary>Diagnostic property: which shape was found, for the fixer.</summary>
        public const string ShapeProperty = "Shape";

        public const string InsertShape = "Insert";
        public const string ReadModifyWriteShape = "ReadModifyWrite";
        public const string ExecuteUpdateShape = "ExecuteUpdate";
        public const string RawSqlShape = "RawSql";

        private const string GuardAdvice = "record the job's id in a processed-marker table in the same transaction, or write absolute values";

        private static readonly Regex s_sqlIncrement = new(@"\bSET\b[\s\S]*?(?:\w+\.)?(\w+)\s*=\s*(?:\w+\.)?\1\s*[-+]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        private static readonly Regex s_sqlDelete = new(@"^\s*(?:DELETE|TRUNCATE)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        private static readonly Regex s_sqlInsert = new(@"\bINSERT\s+INTO\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        private static readonly Regex s_sqlGuard = new(@"\bON\s+CONFLICT\b|\bMERGE\b|\bNOT\s+EXISTS\b|\bON\s+DUPLICATE\s+KEY\b|\bINSERT\s+(?:OR\s+)?IGNORE\b|\bINSERT\s+OR\s+REPLACE\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        // The kinds the method's walk below tells apart: writes to a member, and calls.
        private static readonly OperationKindSet s_writesAndCalls = OperationKindSet.Of(
            OperationKind.CompoundAssignment, OperationKind.Increment, OperationKind.Decrement, OperationKind.SimpleAssignment, OperationKind.Invocation);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.NonIdempotentWrite, Descriptors.NonIdempotentWriteCompilationEnd);

        /// <summary>Never called: the rule analyzes through <see cref="CreateAction"/>, which keeps inserts for the compilation's end.</summary>
        internal override void AnalyzeMethod(JobCodeContext context)
            => throw new System.NotSupportedException("QL0030 analyzes job code through CreateAction.");

        private static void Analyze(JobCodeContext context, ConcurrentQueue<PendingInsert> pending)
        {
            var symbols = context.Symbols;
            if (symbols.EfDbContext is null || context.GetBody() is not { } body)
            {
                return;
            }

            var facts = context.Model.GetEntityFrameworkJobFacts(context.AnalyzerOptions, context.CancellationToken);
            List<IOperation>? writes = null;
            List<EfOperation>? inserts = null;
            List<(INamedTypeSymbol Entity, int Position)>? checks = null;
            List<int>? saves = null;
            List<(string Sql, int Position)>? deletes = null;
            List<(INamedTypeSymbol Entity, ILocalSymbol Local, int Position)>? snapshots = null;

            foreach (var operation in context.GetOperations().OfKind(s_writesAndCalls))
            {
                switch (operation)
                {
                    case ICompoundAssignmentOperation compound when compound.OperatorKind is not (BinaryOperatorKind.Or or BinaryOperatorKind.And)
                                                                    && IsEntityMember(compound.Target, context):
                    case IIncrementOrDecrementOperation increment when IsEntityMember(increment.Target, context):
                    case ISimpleAssignmentOperation assignment when IsEntityMember(assignment.Target, context) && ReadsItself(assignment):
                        (writes ??= new List<IOperation>()).Add(operation);
                        break;

                    case IInvocationOperation invocation when EntityFramework.MayBeOperation(invocation.TargetMethod.Name):
                        var ef = EntityFramework.Classify(invocation, symbols);
                        switch (ef.Kind)
                        {
                            case EfOperationKind.Save:
                                (saves ??= new List<int>()).Add(invocation.Syntax.SpanStart);
                                break;
                            case EfOperationKind.Add when ef.Entity is not null:
                                (inserts ??= new List<EfOperation>()).Add(ef);
                                break;
                            case EfOperationKind.ExecuteUpdate:
                                AnalyzeExecuteUpdate(context, invocation);
                                break;
                            case EfOperationKind.RawSql:
                                AnalyzeRawSql(context, invocation, ref deletes);
                                break;
                            case EfOperationKind.ExecuteDelete or EfOperationKind.Remove when ef.Entity is { } removed
                                                                                              && (ef.Kind == EfOperationKind.ExecuteDelete || invocation.TargetMethod.Name == "RemoveRange"):
                                // Emptying the set first makes the inserts that follow a replacement: a second run replaces again.
                                (checks ??= new List<(INamedTypeSymbol, int)>()).Add((removed.OriginalDefinition, invocation.Syntax.SpanStart));
                                break;
                            default:
                                if (EntityFramework.GetCheckedEntity(ef, symbols) is { } checkedEntity)
                                {
                                    (checks ??= new List<(INamedTypeSymbol, int)>()).Add((checkedEntity.OriginalDefinition, invocation.Syntax.SpanStart));
                                }

                                break;
                        }

                        break;

                    case IInvocationOperation { TargetMethod.Name: "Clear", Instance: IPropertyReferenceOperation { Instance.Type: INamedTypeSymbol owner } navigation } clear
                        when context.Model.Entities.GetElementType(navigation.Type, out var isCollection) is INamedTypeSymbol element && isCollection
                             && context.Model.Entities.IsEntity(element, context.Options, context.Model, extra: null)
                             && context.Model.Entities.IsEntity(owner, context.Options, context.Model, extra: null):
                        // song.Contributors.Clear() before adding the contributors again: a replacement, as emptying the set is.
                        (checks ??= new List<(INamedTypeSymbol, int)>()).Add((element.OriginalDefinition, clear.Syntax.SpanStart));
                        break;

                    case IInvocationOperation read when EntityFramework.MayBeSnapshot(read.TargetMethod.Name)
                                                        && GetAssignedLocal(read) is { } local
                                                        && EntityFramework.GetSnapshotEntity(read, symbols) is { } readEntity:
                        // The set's rows or keys read into a local: an insert that filters by it is a set-based upsert.
                        (snapshots ??= new List<(INamedTypeSymbol, ILocalSymbol, int)>()).Add((readEntity.OriginalDefinition, local, read.Syntax.SpanStart));
                        break;

                    case IInvocationOperation call when facts.Saves(call.TargetMethod, context.CancellationToken):
                        (saves ??= new List<int>()).Add(call.Syntax.SpanStart);
                        break;
                }
            }

            if (writes is not null)
            {
                var jobSaves = facts.Saves(context.Method.EntryPoint, context.CancellationToken);
                foreach (var write in writes)
                {
                    if (jobSaves || SavedAfter(saves, write.Syntax.SpanStart))
                    {
                        Report(context, write.Syntax, ReadModifyWriteShape, $"'{write.Syntax}' changes a saved value from its old value", GuardAdvice);
                    }
                }
            }

            // A hosted service is neither retried nor redelivered by a framework: what it inserts is not repeated by one.
            if (inserts is not null && context.Method.EntryKind != JobEntryPointKind.HostedService)
            {
                AnalyzeInserts(context, facts, inserts, checks, deletes, snapshots, pending);
            }
        }

        private static void AnalyzeInserts(
            JobCodeContext context,
            EntityFrameworkJobFacts facts,
            List<EfOperation> inserts,
            List<(INamedTypeSymbol Entity, int Position)>? checks,
            List<(string Sql, int Position)>? deletes,
            List<(INamedTypeSymbol Entity, ILocalSymbol Local, int Position)>? snapshots,
            ConcurrentQueue<PendingInsert> pending)
        {
            // A set checked and then added to in this method: a guarded insert or a processed marker guards the job.
            if (checks is not null)
            {
                foreach (var insert in inserts)
                {
                    foreach (var (entity, position) in checks)
                    {
                        if (position < insert.Invocation.Syntax.SpanStart && SymbolEqualityComparer.Default.Equals(entity, insert.Entity!.OriginalDefinition))
                        {
                            return;
                        }
                    }
                }
            }

            foreach (var insert in inserts)
            {
                var entity = insert.Entity!;
                if (!IsNewRow(insert.Invocation, context.Method.IsEntryPoint) || DeletedBefore(deletes, entity, insert.Invocation.Syntax.SpanStart)
                    || FiltersBySnapshot(insert.Invocation, entity, snapshots, context))
                {
                    continue;
                }

                var what = $"'{insert.Invocation.TargetMethod.Name}' inserts a new '{entity.Name}' with no check that it already exists";
                const string Advice = "check for it first (by a key the job's arguments give), or record the job's id in a processed-marker table in the same transaction";
                // Whether the job checks the set anywhere else takes every method the job runs: reported at the end, so
                // that an edit in the IDE does not bind them all. With all job code at hand (a build), it is answered
                // now, while the bodies of the job's methods are still bound.
                pending.Enqueue(new PendingInsert(
                    context.Method.Declaration,
                    context.Method.EntryPoint,
                    entity,
                    Diagnostic.Create(Descriptors.NonIdempotentWriteCompilationEnd, insert.Invocation.Syntax.GetLocation(), ImmutableDictionary<string, string?>.Empty.Add(ShapeProperty, InsertShape), what, Advice),
                    context.JobCode.AnswersByReach ? null : facts.JobChecks(context.Method.EntryPoint, entity, context.CancellationToken)));
            }
        }

        /// <summary>An insert with no check of its set in its own method, waiting for the rest of the job's checks.</summary>
        private sealed class PendingInsert
        {
            public PendingInsert(SyntaxNode method, IMethodSymbol entryPoint, INamedTypeSymbol entity, Diagnostic diagnostic, bool? jobChecks)
            {
                Method = method;
                EntryPoint = entryPoint;
                Entity = entity;
                Diagnostic = diagnostic;
                JobChecks = jobChecks;
            }

            /// <summary>The declaration of the method that inserts.</summary>
            public SyntaxNode Method { get; }

            /// <summary>Whether the job checks the set, when it was answered as the method was analyzed.</summary>
            public bool? JobChecks { get; }

            public IMethodSymbol EntryPoint { get; }

            public INamedTypeSymbol Entity { get; }

            public Diagnostic Diagnostic { get; }
        }

#pragma warning disable RS1013 // JobCodeAnalyzer registers the job-code actions on this same start.
        internal override System.Action<JobCodeContext> CreateAction(CompilationStartAnalysisContext start, JobModel model)
#pragma warning restore RS1013
        {
            var pending = new ConcurrentQueue<PendingInsert>();
            start.RegisterCompilationEndAction(end =>
            {
                if (pending.IsEmpty)
                {
                    return;
                }

                var facts = model.GetEntityFrameworkJobFacts(end.Options, end.CancellationToken);
                var found = pending.ToArray();

                // In the order of the code, so that every build reports them alike.
                System.Array.Sort(found, static (x, y) =>
                {
                    var byFile = string.CompareOrdinal(x.Diagnostic.Location.SourceTree?.FilePath, y.Diagnostic.Location.SourceTree?.FilePath);
                    return byFile != 0 ? byFile : x.Diagnostic.Location.SourceSpan.Start.CompareTo(y.Diagnostic.Location.SourceSpan.Start);
                });
                // One per method: the rows a method adds after its first new one are that row's (the lines of a new
                // order), and the guard that fixes the first fixes the method.
                var reported = new HashSet<SyntaxNode>();
                foreach (var insert in found)
                {
                    if (!reported.Contains(insert.Method) && !(insert.JobChecks ?? facts.JobChecks(insert.EntryPoint, insert.Entity, end.CancellationToken)))
                    {
                        reported.Add(insert.Method);
                        end.Report(insert.Diagnostic);
                    }
                }
            });
            return context => Analyze(context, pending);
        }

        /// <summary>The local a call's result is stored in: <c>var ids = await q.ToListAsync();</c> or <c>ids = q.ToList();</c>.</summary>
        private static ILocalSymbol? GetAssignedLocal(IOperation value)
        {
            var parent = value.Parent;
            while (parent is IAwaitOperation or IConversionOperation)
            {
                parent = parent.Parent;
            }

            return parent switch
            {
                IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
                ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } => target.Local,
                _ => null,
            };
        }

        /// <summary>
        /// A set-based upsert: the rows or keys of the inserted entity's set were read into a local earlier in the
        /// method, and the insert is filtered by it — its value reads the local (<c>AddRange(items.Where(x =&gt;
        /// !existing.Contains(x.Id)))</c>, <c>.Except(existing)</c>, or a local built so), or it sits under a condition
        /// that reads it (<c>if (!existing.Contains(x.Key)) Add(…)</c>).
        /// </summary>
        private static bool FiltersBySnapshot(IInvocationOperation insert, INamedTypeSymbol entity, List<(INamedTypeSymbol Entity, ILocalSymbol Local, int Position)>? snapshots, JobCodeContext context)
        {
            if (snapshots is null)
            {
                return false;
            }

            foreach (var (read, local, position) in snapshots)
            {
                if (position >= insert.Syntax.SpanStart || !SymbolEqualityComparer.Default.Equals(read, entity.OriginalDefinition))
                {
                    continue;
                }

                foreach (var argument in insert.Arguments)
                {
                    if (ReadsLocal(argument.Value, local, context, followLocals: true))
                    {
                        return true;
                    }
                }

                for (var parent = insert.Parent; parent is not null and not IMethodBodyOperation and not IAnonymousFunctionOperation; parent = parent.Parent)
                {
                    if (parent is IConditionalOperation conditional && ReadsLocal(conditional.Condition, local, context, followLocals: false))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>Whether <paramref name="value"/> reads <paramref name="local"/>, directly or (once) through a local initialized from it.</summary>
        private static bool ReadsLocal(IOperation value, ILocalSymbol local, JobCodeContext context, bool followLocals)
        {
            foreach (var operation in value.DescendantsAndSelf())
            {
                if (operation is not ILocalReferenceOperation reference)
                {
                    continue;
                }

                if (SymbolEqualityComparer.Default.Equals(reference.Local, local))
                {
                    return true;
                }

                if (followLocals
                    && reference.Local.DeclaringSyntaxReferences.Length == 1
                    && reference.Local.DeclaringSyntaxReferences[0].GetSyntax(context.CancellationToken) is Microsoft.CodeAnalysis.CSharp.Syntax.VariableDeclaratorSyntax { Initializer.Value: { } initializer }
                    && initializer.SyntaxTree == context.SemanticModel.SyntaxTree
                    && context.SemanticModel.GetOperation(initializer, context.CancellationToken) is { } built
                    && ReadsLocal(built, local, context, followLocals: false))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// An added value made here: a new object (in place, or a local made from one), or for <c>AddRange</c> a
        /// collection built in this method. Rows handed in by the caller (a repository's <c>AddRange(items)</c>) are
        /// the caller's to check, and so, below the entry point, is a row made from one value the caller hands in and
        /// nothing else (a store's <c>Add(new DeadLetter(message))</c>): whether that value is new is the caller's
        /// knowledge.
        /// </summary>
        /// <summary><c>new Row(parameter)</c>: one argument, a parameter of the method, and no initializer.</summary>
        private static bool WrapsParameter(IObjectCreationOperation creation)
            => creation.Initializer is null
               && creation.Arguments.Length == 1
               && creation.Arguments[0].Value.WithoutImplicitConversions() is IParameterReferenceOperation;

        private static bool IsNewRow(IInvocationOperation invocation, bool inEntryPoint)
        {
            var range = invocation.TargetMethod.Name.StartsWith("AddRange", System.StringComparison.Ordinal);
            foreach (var argument in invocation.Arguments)
            {
                if (argument.ArgumentKind == ArgumentKind.DefaultValue || argument.Parameter?.Type.Name == "CancellationToken"
                    || (argument.Parameter?.Ordinal == 0 && invocation.TargetMethod.IsExtensionMethod))
                {
                    continue;
                }

                var value = argument.Value.WithoutImplicitConversions();
                if (argument.ArgumentKind == ArgumentKind.ParamArray && value is IArrayCreationOperation { Initializer.ElementValues: { Length: 1 } elements })
                {
                    value = elements[0].WithoutImplicitConversions();
                }

                while (value is IConversionOperation conversion)
                {
                    value = conversion.Operand;
                }

                switch (value)
                {
                    case IObjectCreationOperation creation:
                        return inEntryPoint || !WrapsParameter(creation);
                    case IArrayCreationOperation or IInvocationOperation when range:
                        return true;
                    case ILocalReferenceOperation local:
                        foreach (var reference in local.Local.DeclaringSyntaxReferences)
                        {
                            if (reference.GetSyntax() is Microsoft.CodeAnalysis.CSharp.Syntax.VariableDeclaratorSyntax { Initializer.Value: var initializer }
                                && (initializer is Microsoft.CodeAnalysis.CSharp.Syntax.BaseObjectCreationExpressionSyntax
                                    || (range && initializer is Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax
                                        or Microsoft.CodeAnalysis.CSharp.Syntax.ArrayCreationExpressionSyntax
                                        or Microsoft.CodeAnalysis.CSharp.Syntax.ImplicitArrayCreationExpressionSyntax)))
                            {
                                return true;
                            }
                        }

                        return false;
                    default:
                        return false;
                }
            }

            return false;
        }

        private static void AnalyzeExecuteUpdate(JobCodeContext context, IInvocationOperation invocation)
        {
            foreach (var argument in invocation.Arguments)
            {
                foreach (var operation in argument.Value.DescendantsAndSelf())
                {
                    if (operation is not IInvocationOperation { TargetMethod.Name: "SetProperty" } setter
                        || !SymbolEqualityComparer.Default.Equals(setter.TargetMethod.ContainingAssembly, context.Symbols.EfDbContext!.ContainingAssembly)
                        || setter.Arguments.Length < 2)
                    {
                        continue;
                    }

                    var property = setter.Arguments[0].Value;
                    var value = setter.Arguments[1].Value;
                    if (setter.Arguments[0].Parameter?.Ordinal != 0)
                    {
                        (property, value) = (value, property);
                    }

                    if (EntityFramework.GetLambda(property) is { } propertyLambda
                        && EntityFramework.GetReturnedValue(propertyLambda) is IPropertyReferenceOperation { Instance: IParameterReferenceOperation } column
                        && EntityFramework.GetLambda(value) is { } valueLambda
                        && EntityFramework.GetReturnedValue(valueLambda) is IBinaryOperation computed
                        && ReadsProperty(computed, column.Property, valueLambda))
                    {
                        Report(context, setter.Syntax, ExecuteUpdateShape, $"'{setter.Syntax}' sets '{column.Property.Name}' from its old value", GuardAdvice);
                    }
                }
            }
        }

        private static bool ReadsProperty(IOperation operation, IPropertySymbol property, IAnonymousFunctionOperation lambda)
        {
            foreach (var child in operation.DescendantsAndSelf())
            {
                if (child is IPropertyReferenceOperation { Instance: IParameterReferenceOperation parameter } reference
                    && lambda.Symbol.Parameters.Length > 0
                    && SymbolEqualityComparer.Default.Equals(parameter.Parameter, lambda.Symbol.Parameters[0])
                    && reference.Property.Name == property.Name)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A raw <c>DELETE</c> naming the entity's table (by the entity's name) before the insert.</summary>
        private static bool DeletedBefore(List<(string Sql, int Position)>? deletes, INamedTypeSymbol entity, int position)
        {
            if (deletes is not null)
            {
                foreach (var (sql, at) in deletes)
                {
                    if (at < position && sql.IndexOf(entity.Name, System.StringComparison.OrdinalIgnoreCase) >= 0)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static void AnalyzeRawSql(JobCodeContext context, IInvocationOperation invocation, ref List<(string Sql, int Position)>? deletes)
        {
            if (EntityFramework.GetSqlText(invocation) is not { } sql)
            {
                return;
            }

            var text = sql.Replace("[", string.Empty).Replace("]", string.Empty).Replace("\"", string.Empty).Replace("`", string.Empty);
            if (s_sqlDelete.IsMatch(text))
            {
                (deletes ??= new List<(string, int)>()).Add((text, invocation.Syntax.SpanStart));
                return;
            }

            if (s_sqlIncrement.IsMatch(text))
            {
                Report(context, invocation.Syntax, RawSqlShape, $"The SQL of '{invocation.TargetMethod.Name}' adds to a column's old value", GuardAdvice);
            }
            else if (s_sqlInsert.IsMatch(text) && !s_sqlGuard.IsMatch(text) && context.Method.EntryKind != JobEntryPointKind.HostedService)
            {
                Report(context, invocation.Syntax, RawSqlShape, $"The SQL of '{invocation.TargetMethod.Name}' inserts without ON CONFLICT, MERGE or WHERE NOT EXISTS", "guard the INSERT against an existing row");
            }
        }

        private static bool IsEntityMember(IOperation target, JobCodeContext context)
            => target is IMemberReferenceOperation { Instance: { Type: INamedTypeSymbol type } } member
               && member is IPropertyReferenceOperation or IFieldReferenceOperation
               && !CountsRuns(member.Member.Name)
               // A member marked [NotMapped] is not saved: a search rank or a view's counter, kept in memory.
               && !member.Member.HasAttribute(context.Symbols.NotMappedAttribute)
               && context.Model.Entities.IsEntity(type, context.Options, context.Model, extra: null);

        /// <summary>Counters of attempts and failures count runs: a second run should add to them.</summary>
        private static bool CountsRuns(string name)
            => name.IndexOf("Retr", System.StringComparison.OrdinalIgnoreCase) >= 0
               || name.IndexOf("Attempt", System.StringComparison.OrdinalIgnoreCase) >= 0
               || name.IndexOf("Fail", System.StringComparison.OrdinalIgnoreCase) >= 0
               || name.IndexOf("Error", System.StringComparison.OrdinalIgnoreCase) >= 0;

        /// <summary><c>x.Count = x.Count + 1</c>: the value computes from the same member of the same instance.</summary>
        private static bool ReadsItself(ISimpleAssignmentOperation assignment)
        {
            if (assignment.Value.WithoutImplicitConversions() is not IBinaryOperation binary
                || binary.OperatorKind is BinaryOperatorKind.Or or BinaryOperatorKind.And or BinaryOperatorKind.ConditionalOr or BinaryOperatorKind.ConditionalAnd)
            {
                return false;
            }

            var target = (IMemberReferenceOperation)assignment.Target;
            return IsSameMember(binary.LeftOperand, target) || IsSameMember(binary.RightOperand, target);
        }

        private static bool IsSameMember(IOperation operand, IMemberReferenceOperation target)
            => operand.WithoutImplicitConversions() is IMemberReferenceOperation member
               && SymbolEqualityComparer.Default.Equals(member.Member, target.Member)
               && member.Instance is not null && target.Instance is not null
               && SyntaxFactory.AreEquivalent(member.Instance.Syntax, target.Instance.Syntax);

        private static bool SavedAfter(List<int>? saves, int position)
        {
            if (saves is not null)
            {
                foreach (var save in saves)
                {
                    if (save > position)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static void Report(JobCodeContext context, SyntaxNode node, string shape, string what, string advice)
            => context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.NonIdempotentWrite,
                node.GetLocation(),
                ImmutableDictionary<string, string?>.Empty.Add(ShapeProperty, shape),
                what,
                advice));
    }
}
