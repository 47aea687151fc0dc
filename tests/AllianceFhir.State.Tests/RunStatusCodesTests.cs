using AllianceFhir.State;

namespace AllianceFhir.State.Tests;

public sealed class RunStatusCodesTests
{
    [Theory]
    [InlineData(RunStatus.Ingesting, "ingesting")]
    [InlineData(RunStatus.Scoring, "scoring")]
    [InlineData(RunStatus.Complete, "complete")]
    public void Code_WhenARunState_ThenTheWordExistingRunsRowsHoldAndBack(RunStatus status, string word)
    {
        Assert.Equal(word, RunStatusCodes.Code(status));
        Assert.Equal(status, RunStatusCodes.ParseRun(word));
    }

    [Theory]
    [InlineData(BatchStatus.Pending, "pending")]
    [InlineData(BatchStatus.Done, "done")]
    public void Code_WhenABatchState_ThenTheWordExistingBatchesRowsHoldAndBack(BatchStatus status, string word)
    {
        Assert.Equal(word, RunStatusCodes.Code(status));
        Assert.Equal(status, RunStatusCodes.ParseBatch(word));
    }

    [Fact]
    public void ParseRun_WhenTheWordIsUnknown_ThenItFailsNamingTheColumn()
    {
        var error = Assert.Throws<FormatException>(() => RunStatusCodes.ParseRun("Complete"));

        Assert.Contains("runs.status", error.Message, StringComparison.Ordinal);
    }
}
