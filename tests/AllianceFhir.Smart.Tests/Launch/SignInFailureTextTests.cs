using AllianceFhir.Smart.Launch;

namespace AllianceFhir.Smart.Tests.Launch;

public class SignInFailureTextTests
{
    [Fact]
    public void Text_WhenControlFormatAndLineCharacters_ThenRemovedAndWhitespaceCollapsed()
    {
        Assert.Equal("a b c d e", SignInFailure.Text("  a\u0000\u0007b\r\n\tc\u202Ed\u2028e  ", 300));
    }

    [Fact]
    public void Text_WhenLongerThanTheLimit_ThenCutWithAnEllipsis()
    {
        var text = SignInFailure.Text(new string('y', 500), SignInFailure.MaxDescription)!;
        Assert.Equal(SignInFailure.MaxDescription + 1, text.Length);
        Assert.EndsWith("…", text);
    }

    [Theory]
    [InlineData("invalid_scope", "invalid_scope")]
    [InlineData("bad\"code\\\r\n", "badcode")]
    [InlineData("\u0001\u0002", null)]
    public void Code_WhenTheEhrsErrorHasCharactersOutsideRfc6749_ThenOnlyTheAllowedOnesKept(string error, string? expected)
    {
        Assert.Equal(expected, SignInFailure.Code(error));
    }
}
