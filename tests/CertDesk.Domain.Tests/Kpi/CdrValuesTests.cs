using System.Text;
using CertDesk.Domain.Kpi;

namespace CertDesk.Domain.Tests.Kpi;

public sealed class CdrValuesTests
{
    [Theory]
    [InlineData("true", true)]
    [InlineData("TRUE", true)]
    [InlineData("tRuE", true)]
    [InlineData("1", true)]
    [InlineData("false", false)]
    [InlineData("False", false)]
    [InlineData("0", false)]
    public void Boolean_Accepted(string text, bool expected)
    {
        Assert.True(CdrValues.TryParseBoolean(Encoding.ASCII.GetBytes(text), out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("yes")]
    [InlineData("t")]
    [InlineData("2")]
    [InlineData("truee")]
    [InlineData(" true")]
    [InlineData("falsy")]
    public void Boolean_Rejected(string text) => Assert.False(CdrValues.TryParseBoolean(Encoding.ASCII.GetBytes(text), out _));

    [Theory]
    [InlineData("0", 0)]
    [InlineData("007", 7)]
    [InlineData("999999999", 999_999_999)]
    public void Whole_Accepted(string text, int expected)
    {
        Assert.True(CdrValues.TryParseWhole(Encoding.ASCII.GetBytes(text), out var value, out _));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("-1", "must not be negative")]
    [InlineData("-1000000000", "must not be negative")]
    [InlineData("1.5", "is not a whole number")]
    [InlineData("12a", "is not a whole number")]
    [InlineData("+3", "is not a whole number")]
    [InlineData("1000000000", "at most 9 digits")]
    public void Whole_Rejected(string text, string reason)
    {
        Assert.False(CdrValues.TryParseWhole(Encoding.ASCII.GetBytes(text), out _, out var why));
        Assert.Contains(reason, why, StringComparison.Ordinal);
    }
}
