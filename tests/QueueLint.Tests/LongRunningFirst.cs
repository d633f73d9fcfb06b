using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;
using Xunit.Abstractions;

[assembly: TestCollectionOrderer("QueueLint.Tests.LongRunningFirstOrderer", "QueueLint.Tests")]

namespace QueueLint.Tests
{
    /// <summary>
    /// A test class whose tests take tens of seconds (a <c>dotnet</c> build or format, thousands of compilations):
    /// <see cref="LongRunningFirstOrderer"/> starts it before the short ones.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class LongRunningAttribute : Attribute
    {
    }

    /// <summary>
    /// Starts the <see cref="LongRunningAttribute"/> classes first and keeps xunit's order otherwise. xunit runs as many
    /// classes at once as there are cores: a long class started last runs alone at the end while the other cores idle,
    /// where the short classes, started last, fill the gaps.
    /// </summary>
    public sealed class LongRunningFirstOrderer : ITestCollectionOrderer
    {
        private const string Prefix = "Test collection for ";

        public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections)
            => testCollections.OrderBy(c => IsLongRunning(c) ? 0 : 1);

        private static bool IsLongRunning(ITestCollection collection)
            => collection.DisplayName.StartsWith(Prefix, StringComparison.Ordinal)
                && typeof(LongRunningFirstOrderer).Assembly.GetType(collection.DisplayName.Substring(Prefix.Length)) is { } type
                && type.IsDefined(typeof(LongRunningAttribute), inherit: false);
    }
}
