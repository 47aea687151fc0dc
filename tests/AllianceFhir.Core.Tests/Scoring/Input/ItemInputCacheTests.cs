using System.Text;
using AllianceFhir.Core.Scoring.Input;
using AllianceFhir.Core.Tests.Support;

namespace AllianceFhir.Core.Tests.Scoring.Input;

/// <summary>
/// Issue 12: the reader keeps leaf items by their exact bytes and skips them on a hit. A line reads the same with the
/// cache as without it: same values, same lines declined. "Without" is a thread of its own whose cache is full of
/// other items, so every item there is parsed and checked as before the cache.
/// </summary>
public class ItemInputCacheTests
{
    private const string Item = """{"linkId":"/44260-8","text":"Thoughts","answer":[{"valueCoding":{"system":"http://loinc.org","code":"LA6571-9","display":"Nearly every day"}}]}""";

    private static string Line(string id, params string[] items) =>
        $$$"""{"resourceType":"QuestionnaireResponse","id":"{{{id}}}","questionnaire":"http://loinc.org/q/44249-1","status":"completed","subject":{"reference":"Patient/p1"},"authored":"2026-02-27T11:02:28Z","item":[{{{string.Join(",", items)}}}]}""";

    private static ResponseInput? Read(string line) => ResponseInputReader.TryRead(Encoding.UTF8.GetBytes(line));

    /// <summary>Runs <paramref name="work"/> on a new thread (its caches empty), the item cache first filled with other items when asked.</summary>
    private static T OnFreshThread<T>(Func<T> work, bool cacheFull = false)
    {
        T result = default!;
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                if (cacheFull)
                {
                    for (var i = 0; ItemInputCache.Current.Count < ItemInputCache.MaxEntries; i++)
                        Assert.NotNull(Read(Line("filler", $$"""{"linkId":"filler","answer":[{"valueInteger":{{i}}}]}""")));
                }
                result = work();
            }
            catch (Exception e)
            {
                error = e;
            }
        });
        thread.Start();
        thread.Join();
        if (error is not null) throw new InvalidOperationException("on the fresh thread", error);
        return result;
    }

    /// <summary>As read without the item cache: on a thread whose cache is full of other items.</summary>
    private static ResponseInput? ReadWithoutCache(string line) => OnFreshThread(() => Read(line), cacheFull: true);

    private static void AssertReadAlike(ResponseInput? expected, ResponseInput? actual, string because)
    {
        Assert.True((expected is null) == (actual is null), $"{because}: read {(actual is null ? "declined" : "accepted")} with the cache, {(expected is null ? "declined" : "accepted")} without");
        if (expected is null || actual is null) return;
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.VersionId, actual.VersionId);
        Assert.Equal(expected.LastUpdated, actual.LastUpdated);
        Assert.Equal(expected.Authored, actual.Authored);
        Assert.True(expected.ContentHash() == actual.ContentHash(), $"{because}: other values read with the cache");
    }

    [Fact]
    public void TryRead_WhenTheSameItemBytesOnTwoLines_ThenTheSecondTakesTheKeptItemAndAllocatesLess()
    {
        var first = Line("a", Item, Item.Replace("/44260-8", "/44261-6"));
        var second = Line("b", Item, Item.Replace("/44260-8", "/44261-6"));

        var (a, b, hitBytes) = OnFreshThread(() =>
        {
            var a = Read(first);
            var before = GC.GetAllocatedBytesForCurrentThread();
            var b = Read(second);
            return (a, b, GC.GetAllocatedBytesForCurrentThread() - before);
        });
        var missBytes = OnFreshThread(() =>
        {
            Read(first);
            var before = GC.GetAllocatedBytesForCurrentThread();
            Read(second);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }, cacheFull: true);

        Assert.NotNull(a);
        Assert.NotNull(b);
        Assert.Same(a.Items[0], b.Items[0]);
        Assert.Same(a.Items[1], b.Items[1]);
        Assert.Equal("/44261-6", b.Items[1].LinkId);
        AssertReadAlike(ReadWithoutCache(second), b, "the second line");
        // Two items less to build (an ItemInput each, at least 40 bytes), measured on the same line both ways.
        Assert.True(hitBytes <= missBytes - 2 * 40, $"with the kept items {hitBytes} bytes, without {missBytes}");
    }

    [Theory]
    [InlineData("another code", true, """{"linkId":"/44260-8","text":"Thoughts","answer":[{"valueCoding":{"system":"http://loinc.org","code":"LA6570-1","display":"Nearly every day"}}]}""")]
    [InlineData("escaped, same text", true, """{"linkId":"/44260-8","text":"Th\u006fughts","answer":[{"valueCoding":{"system":"http://loinc.org","code":"LA6571-9","display":"Nearly every day"}}]}""")]
    [InlineData("white space between tokens", true, """{"linkId":"/44260-8", "text":"Thoughts","answer":[{"valueCoding":{"system":"http://loinc.org","code":"LA6571-9","display":"Nearly every day"}}]}""")]
    [InlineData("a nested item", true, """{"linkId":"/44260-8","text":"Thoughts","answer":[{"valueCoding":{"system":"http://loinc.org","code":"LA6571-9","display":"Nearly every day"}}],"item":[{"linkId":"x","answer":[{"valueInteger":1}]}]}""")]
    [InlineData("a control character in the text", false, """{"linkId":"/44260-8","text":"Thoughts\u0001","answer":[{"valueCoding":{"system":"http://loinc.org","code":"LA6571-9","display":"Nearly every day"}}]}""")]
    [InlineData("a raw control character in the text", false, "{\"linkId\":\"/44260-8\",\"text\":\"Thoughts\u0001\",\"answer\":[{\"valueCoding\":{\"system\":\"http://loinc.org\",\"code\":\"LA6571-9\",\"display\":\"Nearly every day\"}}]}")]
    [InlineData("an invalid code", false, """{"linkId":"/44260-8","text":"Thoughts","answer":[{"valueCoding":{"system":"http://loinc.org","code":"LA6571-9 ","display":"Nearly every day"}}]}""")]
    [InlineData("a code with two spaces", false, """{"linkId":"/44260-8","text":"Thoughts","answer":[{"valueCoding":{"system":"http://loinc.org","code":"LA  6571-9","display":"Nearly every day"}}]}""")]
    [InlineData("an empty display", false, """{"linkId":"/44260-8","text":"Thoughts","answer":[{"valueCoding":{"system":"http://loinc.org","code":"LA6571-9","display":""}}]}""")]
    [InlineData("a system with a space", false, """{"linkId":"/44260-8","text":"Thoughts","answer":[{"valueCoding":{"system":"http://loinc .org","code":"LA6571-9","display":"Nearly every day"}}]}""")]
    [InlineData("a coding extension", false, """{"linkId":"/44260-8","text":"Thoughts","answer":[{"valueCoding":{"system":"http://loinc.org","code":"LA6571-9","display":"Nearly every day","extension":[]}}]}""")]
    [InlineData("a repeated linkId", false, """{"linkId":"/44260-8","linkId":"/44260-8","text":"Thoughts","answer":[{"valueCoding":{"system":"http://loinc.org","code":"LA6571-9","display":"Nearly every day"}}]}""")]
    [InlineData("an unclosed answer", false, """{"linkId":"/44260-8","text":"Thoughts","answer":[{"valueCoding":{"system":"http://loinc.org","code":"LA6571-9","display":"Nearly every day"}}}""")]
    public void TryRead_WhenAnItemDiffersFromAKeptOne_ThenReadAsWithoutTheCache(string change, bool accepted, string item)
    {
        // First in its array (found by skipping it), after a kept item (looked up at its start), and between two.
        foreach (var line in new[] { Line("b", item), Line("b", Item, item), Line("b", Item, item, Item) })
        {
            var (kept, again, read) = OnFreshThread(() => (Read(Line("a", Item)), Read(Line("a2", Item)), Read(line)));

            Assert.Same(kept!.Items[0], again!.Items[0]); // the original item is kept: the changed one was looked up
            Assert.Equal(accepted, read is not null);
            AssertReadAlike(ReadWithoutCache(line), read, change);
        }
    }

    [Theory]
    [InlineData(" x")]
    [InlineData("}")]
    [InlineData(",")]
    [InlineData(",]}")]
    public void TryRead_WhenWhatFollowsAKeptItemIsNotJson_ThenDeclined(string after)
    {
        var line = Line("b", Item, Item).Replace("}]}]}", "}]}" + after + "]}");

        var read = OnFreshThread(() => (Read(Line("a", Item)), Read(line)).Item2);

        Assert.Null(read);
        Assert.Null(ReadWithoutCache(line));
    }

    [Theory]
    [InlineData(16, true)]
    [InlineData(17, false)]
    public void TryRead_WhenAKeptLeafIsNestedUnderItems_ThenTheItemDepthLimitStillHolds(int depth, bool accepted)
    {
        var nested = Item + "," + Item; // the second kept leaf looked up at its start
        for (var d = 0; d < depth; d++) nested = $$$"""{"linkId":"g{{{d}}}","item":[{{{nested}}}]}""";
        var line = Line("b", nested);

        var (kept, read) = OnFreshThread(() => (Read(Line("a", Item)), Read(line)));

        Assert.Equal(accepted, read is not null);
        if (read is not null)
        {
            var leaf = read.Items[0];
            while (leaf.Items.Count > 0) leaf = leaf.Items[^1];
            Assert.Same(kept!.Items[0], leaf);
        }
        AssertReadAlike(ReadWithoutCache(line), read, $"a leaf {depth} levels down");
    }

    [Theory]
    [InlineData(14, true)]
    [InlineData(15, false)] // within 16 item levels, but the JSON is then deeper than the reader's 64
    public void TryRead_WhenAKeptLeafIsNestedUnderAnswers_ThenTheJsonDepthLimitStillHolds(int depth, bool accepted)
    {
        var nested = Item + "," + Item;
        for (var d = 0; d < depth; d++) nested = $$$"""{"linkId":"g{{{d}}}","answer":[{"valueInteger":{{{d}}},"item":[{{{nested}}}]}]}""";
        var line = Line("b", nested);

        var (kept, read) = OnFreshThread(() => (Read(Line("a", Item)), Read(line)));

        Assert.Equal(accepted, read is not null);
        if (read is not null)
        {
            var leaf = read.Items[0];
            while (leaf.Answers[0].Items.Count > 0) leaf = leaf.Answers[0].Items[^1];
            Assert.Same(kept!.Items[0], leaf);
        }
        AssertReadAlike(ReadWithoutCache(line), read, $"a leaf {depth} answers down");
    }

    [Fact]
    public void TryRead_WhenAnItemWithChildrenIsReadAgainDeeper_ThenTheItemDepthLimitStillHolds()
    {
        var group = $$$"""{"linkId":"g","item":[{{{Item}}}]}""";
        var nested = group;
        for (var d = 0; d < 16; d++) nested = $$$"""{"linkId":"g{{{d}}}","item":[{{{nested}}}]}"""; // the group's child 17 levels down
        var line = Line("b", nested);

        var (top, read) = OnFreshThread(() => (Read(Line("a", group)), Read(line)));

        Assert.NotNull(top);
        Assert.Null(read);
        AssertReadAlike(ReadWithoutCache(line), read, "a group read again 16 levels down");
    }

    [Fact]
    public void TryRead_WhenAnItemHasNestedItems_ThenOnlyItsLeavesAreKept()
    {
        var group = $$$"""{"linkId":"g","item":[{{{Item}}}]}""";

        var (a, b) = OnFreshThread(() => (Read(Line("a", group)), Read(Line("b", group))));

        Assert.NotSame(a!.Items[0], b!.Items[0]);
        Assert.Same(a.Items[0].Items[0], b.Items[0].Items[0]);
    }

    [Fact]
    public void TryRead_WhenTheCohortAndGoldenLinesAreReadTwice_ThenEachReadsAsWithoutTheCache()
    {
        var lines = ReaderFixtures.All().ToList();

        var withCache = OnFreshThread(() =>
        {
            foreach (var (_, line) in lines) Read(line); // every leaf kept (the cohort has far fewer than the bound)
            return lines.Select(l => Read(l.Line)).ToList();
        });
        var without = OnFreshThread(() => lines.Select(l => Read(l.Line)).ToList(), cacheFull: true);

        for (var i = 0; i < lines.Count; i++) AssertReadAlike(without[i], withCache[i], lines[i].Name);
        Assert.True(withCache.Count(r => r is not null) > 1900, "the fixtures were mostly declined: the comparison proved little");
        Assert.True(withCache.Count(r => r is null) > 0, "no fixture was declined: the comparison proved nothing about declines");
    }
}
