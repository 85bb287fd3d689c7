using System.Globalization;
using System.Text;
using CertDesk.Domain.Kpi;

namespace CertDesk.Domain.Tests.Kpi;

public sealed class CdrTimestampTests
{
    [Theory]
    [InlineData("2024-03-10T01:59:59-05:00")]
    [InlineData("2024-03-10T03:00:00-04:00")]
    [InlineData("2024-03-10T23:59:59+05:30")]
    [InlineData("2024-02-29T00:00:00Z")]
    [InlineData("2000-02-29T12:00:00z")]
    [InlineData("1999-12-31T23:30:00-14:00")]
    [InlineData("2024-01-01T00:00:00.1234567+14:00")]
    [InlineData("2024-01-01 08:15:00.5-03:00")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59Z")]
    public void Parse_ValidTimestamp_MatchesDateTimeOffset(string text)
    {
        var status = CdrTimestamp.TryParseUtcTicks(Encoding.ASCII.GetBytes(text), out var ticks);

        Assert.Equal(TimestampStatus.Ok, status);
        Assert.Equal(DateTimeOffset.Parse(text, CultureInfo.InvariantCulture).UtcTicks, ticks);
    }

    [Theory]
    [InlineData("2024-03-10T01:59:59+0500", "2024-03-10T01:59:59+05:00")]
    [InlineData("2024-03-10T01:59:59-05", "2024-03-10T01:59:59-05:00")]
    [InlineData("2024-03-10T01:59:59.123456789Z", "2024-03-10T01:59:59.1234567Z")]
    public void Parse_CompactOffsetOrLongFraction_SameInstant(string text, string equivalent)
    {
        Assert.Equal(TimestampStatus.Ok, CdrTimestamp.TryParseUtcTicks(Encoding.ASCII.GetBytes(text), out var ticks));
        Assert.Equal(DateTimeOffset.Parse(equivalent, CultureInfo.InvariantCulture).UtcTicks, ticks);
    }

    [Fact]
    public void Parse_RandomInstantsAndOffsets_MatchDateTimeOffset()
    {
        var random = new Random(7);
        for (var i = 0; i < 20_000; i++)
        {
            var utc = new DateTime(random.NextInt64(DateTime.MinValue.Ticks + TimeSpan.TicksPerDay, DateTime.MaxValue.Ticks - TimeSpan.TicksPerDay), DateTimeKind.Utc);
            var offset = TimeSpan.FromMinutes(random.Next(-14 * 4, 14 * 4 + 1) * 15);
            var text = new DateTimeOffset(utc).ToOffset(offset).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffffzzz", CultureInfo.InvariantCulture);

            Assert.Equal(TimestampStatus.Ok, CdrTimestamp.TryParseUtcTicks(Encoding.ASCII.GetBytes(text), out var ticks));
            Assert.Equal(utc.Ticks, ticks);
        }
    }

    [Theory]
    [InlineData("2024-03-10T08:15:00", TimestampStatus.MissingOffset)]
    [InlineData("2024-03-10T08:15:00.250", TimestampStatus.MissingOffset)]
    [InlineData("2023-02-29T00:00:00Z", TimestampStatus.OutOfRange)]
    [InlineData("2024-04-31T00:00:00Z", TimestampStatus.OutOfRange)]
    [InlineData("2024-13-01T00:00:00Z", TimestampStatus.OutOfRange)]
    [InlineData("2024-01-01T24:00:00Z", TimestampStatus.OutOfRange)]
    [InlineData("2024-01-01T00:60:00Z", TimestampStatus.OutOfRange)]
    [InlineData("2024-01-01T00:00:60Z", TimestampStatus.OutOfRange)]
    [InlineData("2024-01-01T00:00:00+15:00", TimestampStatus.OutOfRange)]
    [InlineData("2024-01-01T00:00:00+05:60", TimestampStatus.OutOfRange)]
    [InlineData("0000-01-01T00:00:00Z", TimestampStatus.OutOfRange)]
    [InlineData("0001-01-01T00:00:00+01:00", TimestampStatus.OutOfRange)]
    [InlineData("2024/01/01T00:00:00Z", TimestampStatus.Malformed)]
    [InlineData("2024-01-01X00:00:00Z", TimestampStatus.Malformed)]
    [InlineData("2024-1-01T00:00:00Z", TimestampStatus.Malformed)]
    [InlineData("2024-01-01T00:00:00.Z", TimestampStatus.Malformed)]
    [InlineData("2024-01-01T00:00:00Z ", TimestampStatus.Malformed)]
    [InlineData("2024-01-01T00:00:00+5:00", TimestampStatus.Malformed)]
    [InlineData("2024-01-01T00:00:00 +05:00", TimestampStatus.Malformed)]
    [InlineData("2024-01-01", TimestampStatus.Malformed)]
    [InlineData("", TimestampStatus.Malformed)]
    [InlineData("yesterday at noon, UTC", TimestampStatus.Malformed)]
    public void Parse_InvalidTimestamp_Rejected(string text, TimestampStatus expected)
    {
        Assert.Equal(expected, CdrTimestamp.TryParseUtcTicks(Encoding.ASCII.GetBytes(text), out _));
    }

    [Fact]
    public void Parse_WithDateCache_SameAsWithout()
    {
        var random = new Random(3);
        var cache = default(DateCache);
        for (var i = 0; i < 20_000; i++)
        {
            var day = new DateTime(2024, 2, 28, 0, 0, 0, DateTimeKind.Utc).AddDays(random.Next(3));
            var text = day.AddSeconds(random.Next(86_400)).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)
                + (random.Next(20) == 0 ? "" : random.Next(2) == 0 ? "Z" : "-05:00");
            if (random.Next(50) == 0)
            {
                text = text.Replace("T", "T9", StringComparison.Ordinal);
            }
            var bytes = Encoding.ASCII.GetBytes(text);

            var cached = CdrTimestamp.TryParseUtcTicks(bytes, ref cache, out var cachedTicks);
            var fresh = CdrTimestamp.TryParseUtcTicks(bytes, out var freshTicks);

            Assert.Equal(fresh, cached);
            Assert.Equal(freshTicks, cachedTicks);
        }
    }
}
