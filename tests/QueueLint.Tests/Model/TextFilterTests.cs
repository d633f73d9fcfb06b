using System.Linq;
using Microsoft.CodeAnalysis.Text;
using QueueLint.Model.Syntax;

namespace QueueLint.Tests.Model
{
    /// <summary>The text test that decides whether a file is searched at all.</summary>
    public class TextFilterTests
    {
        private static readonly TextFilter s_hangfire = new(new[] { "Hangfire", "BackgroundJob" });
        private static readonly TextFilter s_quartz = new(new[] { "JobDataMap" });
        private static readonly TextFilter s_massTransit = new(new[] { "MassTransit" });
        private static readonly TextFilter[] s_all = { s_hangfire, s_quartz, s_massTransit };

        [Theory]
        [InlineData(0)]
        [InlineData(16 * 1024 - 5)]
        [InlineData(16 * 1024 - 1)]
        [InlineData(16 * 1024)]
        [InlineData(40 * 1024)]
        public void A_word_is_found_wherever_it_lies_across_the_chunks_the_text_is_read_in(int position)
        {
            var text = SourceText.From(new string(' ', position) + "BackgroundJob" + new string(' ', 20 * 1024));

            Assert.True(s_hangfire.MayContain(text));
            Assert.False(s_quartz.MayContain(text));
            Assert.Equal(0b001, TextFilter.MayContainEach(text, s_all, wanted: 0b111));
        }

        [Fact]
        public void Each_filter_is_answered_for_itself_and_only_the_wanted_ones_are()
        {
            var text = SourceText.From("using MassTransit;\n" + new string('x', 30 * 1024) + "\nvar map = new JobDataMap();");

            Assert.Equal(0b110, TextFilter.MayContainEach(text, s_all, wanted: 0b111));
            Assert.Equal(0b100, TextFilter.MayContainEach(text, s_all, wanted: 0b101));
            Assert.Equal(0, TextFilter.MayContainEach(text, s_all, wanted: 0b001));
            Assert.Equal(0, TextFilter.MayContainEach(SourceText.From(string.Empty), s_all, wanted: 0b111));
            Assert.Equal(s_all.Select(f => f.MayContain(text)), Enumerable.Range(0, 3).Select(i => (TextFilter.MayContainEach(text, s_all, 0b111) & (1 << i)) != 0));
        }
    }
}
