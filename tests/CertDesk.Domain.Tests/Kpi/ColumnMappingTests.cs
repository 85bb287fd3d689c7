using CertDesk.Domain.Kpi;

namespace CertDesk.Domain.Tests.Kpi;

/// <summary>The column mapping's reader and the conversions it declares (timestamps in a zone, durations, true/false values).</summary>
public sealed class ColumnMappingTests
{
    private static TimeZoneInfo? Zone(string id) => TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : null;

    private const string Minimal = """
        { "kind": "cdr", "columns": { "contact_id": "Id", "queue": "Q", "team_id": "Q", "arrived_at": "In", "ended_at": "Out",
          "abandoned": "Lost", "wait_seconds": "Wait", "handle_seconds": "AHT" },
          "timestamp_format": "dd/MM/yyyy HH:mm", "time_zone": "Europe/Paris", "duration_format": "hh:mm:ss" }
        """;

    private static ColumnMapping Read(string json)
    {
        var mapping = ColumnMapping.Parse(json, "map.json", Zone, out var errors);
        Assert.Empty(errors);
        return mapping!;
    }

    [Fact]
    public void Parse_AValidMapping_KeepsItsDeclarations_AndWritesItBackInAFixedOrder()
    {
        var mapping = Read(Minimal);
        Assert.Equal("cdr", mapping.Kind);
        Assert.Equal(DurationFormat.HoursMinutesSeconds, mapping.Durations);
        Assert.Equal(new[] { "Q" }, mapping.Columns["team_id"]);
        // The stored form reads back to the same document (the import key hashes it).
        Assert.Equal(mapping.ToJson(), Read(mapping.ToJson()).ToJson());
    }

    [Theory]
    [InlineData("""{ "columns": {} }""", "map.json: field kind: is missing")]
    [InlineData("""{ "kind": "cdr", "columns": { "contact_id": "Id" }, "colour": 1 }""", "map.json: field colour: is not a mapping field")]
    [InlineData("""{ "kind": "cdr", "columns": { "contact_id": "Id" } }""", "map.json: field columns.queue: is missing")]
    [InlineData("""{ "kind": "intervals", "columns": { "contact_id": "Id" } }""", "map.json: field columns.contact_id: is not a field of the intervals file")]
    [InlineData("""{ "kind": "cdr", "columns": {}, "timestamp_format": "dd/MM/yyyy HH:mm" }""", "map.json: field time_zone: is missing")]
    [InlineData("""{ "kind": "cdr", "columns": {}, "timestamp_format": "HH:mm" }""", "map.json: field timestamp_format: 'HH:mm' does not read back a full date and time")]
    [InlineData("""{ "kind": "cdr", "columns": {}, "time_zone": "Mars/Olympus" }""", "map.json: field time_zone: 'Mars/Olympus' is not a time zone")]
    [InlineData("""{ "kind": "cdr", "columns": {}, "duration_format": "minutes" }""", "map.json: field duration_format: 'minutes' is not one of seconds, mm:ss, hh:mm:ss")]
    [InlineData("""{ "kind": "cdr", "columns": { "abandoned": "Lost" }, "values": { "abandoned": { "true": ["Y"] } } }""", "map.json: field values.abandoned.false: is missing")]
    [InlineData("""{ "kind": "cdr", "columns": { "abandoned": "Lost" }, "values": { "abandoned": { "true": ["Y"], "false": ["y"] } } }""", "map.json: field values.abandoned: 'Y' is listed both as true and as false")]
    [InlineData("""[1]""", "map.json: the mapping is a JSON array")]
    [InlineData("""{ "kind": """, "map.json: line 1: not valid JSON")]
    public void Parse_ABadMapping_IsRefused_NamingTheField(string json, string expected)
    {
        Assert.Null(ColumnMapping.Parse(json, "map.json", Zone, out var errors));
        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("754", DurationFormat.Seconds, 754)]
    [InlineData("61:40", DurationFormat.MinutesSeconds, 3700)]
    [InlineData("0:12:34", DurationFormat.HoursMinutesSeconds, 754)]
    [InlineData("26:00:00", DurationFormat.HoursMinutesSeconds, 93600)]
    public void ReadDuration_InTheDeclaredFormat(string text, DurationFormat format, long seconds)
    {
        Assert.True(MappedRows.ReadDuration(text, format, out var value, out _));
        Assert.Equal(seconds, value);
    }

    [Theory]
    [InlineData("12:34", DurationFormat.Seconds)]
    [InlineData("12:60", DurationFormat.MinutesSeconds)]
    [InlineData("1:2:3", DurationFormat.HoursMinutesSeconds)]
    [InlineData("-5", DurationFormat.Seconds)]
    public void ReadDuration_NotInTheDeclaredFormat_IsRefused(string text, DurationFormat format)
    {
        Assert.False(MappedRows.ReadDuration(text, format, out _, out var reason));
        Assert.Contains("duration_format", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadTime_ClockTimesOfTheZone_AndTheDaylightSavingChanges()
    {
        var mapping = Read(Minimal);
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 59, 0, TimeSpan.FromHours(1)), MappedRows.ReadTime("29/03/2026 01:59", mapping, out _));
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 3, 0, 0, TimeSpan.FromHours(2)), MappedRows.ReadTime("29/03/2026 03:00", mapping, out _));
        Assert.Null(MappedRows.ReadTime("29/03/2026 02:30", mapping, out var skipped));
        Assert.Contains("does not exist in Europe/Paris", skipped, StringComparison.Ordinal);
        Assert.Null(MappedRows.ReadTime("25/10/2026 02:30", mapping, out var repeated));
        Assert.Contains("happens twice in Europe/Paris", repeated, StringComparison.Ordinal);
        Assert.Null(MappedRows.ReadTime("2026-10-25 02:30", mapping, out var other));
        Assert.Contains("does not match the mapping's timestamp_format", other, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadTime_Iso8601ByDefault_WithItsOffset_OrAClockTimeOfTheNamedZone()
    {
        var withZone = Read("""{ "kind": "intervals", "columns": {}, "time_zone": "America/New_York" }""".Replace("\"columns\": {}", Columns("intervals"), StringComparison.Ordinal));
        Assert.Equal(new DateTimeOffset(2026, 3, 7, 14, 0, 0, TimeSpan.Zero), MappedRows.ReadTime("2026-03-07T14:00:00Z", withZone, out _));
        Assert.Equal(new DateTimeOffset(2026, 3, 7, 9, 0, 0, TimeSpan.FromHours(-5)), MappedRows.ReadTime("2026-03-07 09:00", withZone, out _));
        var noZone = Read("""{ "kind": "intervals", "columns": {} }""".Replace("\"columns\": {}", Columns("intervals"), StringComparison.Ordinal));
        Assert.Null(MappedRows.ReadTime("2026-03-07 09:00", noZone, out var reason));
        Assert.Contains("names no time_zone", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Rows_AColumnTheFileLacks_IsNamedWithTheFilesColumns()
    {
        var errors = new List<string>();
        Assert.Null(MappedRows.ForHeader(Read(Minimal), ["Id", "Q", "In", "Out", "Lost", "AHT"], "calls.csv", "map.json", errors));
        Assert.Equal("calls.csv: row 1 (header), field Wait (wait_seconds): the file has no column 'Wait', which map.json names for wait_seconds (the file's columns: 'Id', 'Q', 'In', 'Out', 'Lost', 'AHT')", Assert.Single(errors));
    }

    [Fact]
    public void Rows_ACdrRow_IsReadThroughTheMapping_AnsweredWhenItsWaitEnds()
    {
        var errors = new List<string>();
        var rows = MappedRows.ForHeader(Read(Minimal), ["Id", "Q", "In", "Out", "Lost", "Wait", "AHT"], "calls.csv", "map.json", errors)!;
        var row = rows.ToCdrRow(["c1", "billing", "07/03/2026 10:00", "07/03/2026 10:06", "0", "0:00:30", "0:05:30"], 2, 2, errors)!;
        Assert.Empty(errors);
        Assert.Equal(new DateTimeOffset(2026, 3, 7, 9, 0, 0, TimeSpan.Zero), row.ArrivedAt);
        Assert.Equal(new DateTimeOffset(2026, 3, 7, 9, 0, 30, TimeSpan.Zero), row.AnsweredAt);
        Assert.Equal((30L, 330L, 0L, false), (row.WaitSeconds, row.HandleSeconds, row.HoldSeconds, row.Abandoned));

        Assert.Null(rows.ToCdrRow(["c2", "billing", "07/03/2026 10:00", "07/03/2026 10:06", "maybe", "0:00:30", "0:05:30"], 3, 3, errors));
        Assert.Equal("calls.csv: row 3 (line 3), field Lost (abandoned): 'maybe' is not true, false, 1 or 0 (list the file's own values under values.abandoned in the mapping)", Assert.Single(errors));
    }

    private static string Columns(string kind) =>
        "\"columns\": {" + string.Join(", ", ColumnMapping.RequiredOf(kind).Select(f => $"\"{f}\": \"{f}\"")) + "}";
}
