using AllianceFhir.Ehr.WriteBack;

namespace AllianceFhir.Ehr.Tests.WriteBack;

public class WriteOutcomeTextTests
{
    // The words are the ledger's stored contract (rows written by earlier versions, the run report): they must not drift.
    [Theory]
    [InlineData(WriteOutcome.Created, "created")]
    [InlineData(WriteOutcome.Existed, "existed")]
    [InlineData(WriteOutcome.Updated, "updated")]
    [InlineData(WriteOutcome.Failed, "failed")]
    public void Of_WhenARecordedOutcome_ThenTheStoredWordAndBackAgain(WriteOutcome outcome, string stored)
    {
        Assert.Equal(stored, WriteOutcomeText.Of(outcome));
        Assert.Equal(outcome, WriteOutcomeText.Parse(stored));
    }

    [Fact]
    public void Of_WhenAReplacement_ThenStoredAsUpdatedLikeAnUpdateInPlace() =>
        Assert.Equal("updated", WriteOutcomeText.Of(WriteOutcome.Replaced));

    [Fact]
    public void Of_WhenRetry_ThenRefusedBecauseAnUnconfirmedWriteIsNeverRecorded() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => WriteOutcomeText.Of(WriteOutcome.Retry));

    [Fact]
    public void Parse_WhenAWordTheLedgerNeverWrites_ThenFormatExceptionNamingIt()
    {
        var error = Assert.Throws<FormatException>(() => WriteOutcomeText.Parse("Created"));
        Assert.Contains("'Created'", error.Message);
    }
}
