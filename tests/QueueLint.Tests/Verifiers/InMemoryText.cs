using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace QueueLint.Tests.Verifiers
{
    /// <summary>An additional file (a job contract, say) held in memory, for tests that analyze a compilation directly.</summary>
    internal sealed class InMemoryText : AdditionalText
    {
        private readonly string _text;

        public InMemoryText(string path, string text)
        {
            Path = path;
            _text = text;
        }

        public override string Path { get; }

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(_text);
    }
}
