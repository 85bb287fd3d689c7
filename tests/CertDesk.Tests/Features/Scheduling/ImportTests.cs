using CertDesk.Cli;
using CertDesk.Tests.Infrastructure;

namespace CertDesk.Tests.Features.Scheduling;

/// <summary>
/// <c>import forecast</c> and <c>import schedule</c> on the demo organization: each bad input is a clear error naming
/// the file, row and field, and nothing is written; a good file twice changes nothing the second time; schedules are
/// converted to UTC with the site's time zone across daylight-saving changes (America/New_York, 2027).
/// </summary>
public abstract class ImportTests(AppFixture fixture)
{
    private CertDeskApp App => fixture.App;

    private const string ForecastHeader = "queue,interval_start,calls,aht_seconds\n";
    private const string ScheduleHeader = "employee_id,date,start,end,activity\n";

    [ProviderTheory]
    [InlineData("Columbus Billing,2027-02-01T14:00:00Z,40,0\n", "row 2, field aht_seconds", "'0'")]
    [InlineData("Columbus Billing,2027-02-01T14:00:00Z,40,-180\n", "row 2, field aht_seconds", "'-180'")]
    [InlineData("Columbus Billing,2027-02-01T14:00:00Z,NaN,180\n", "row 2, field calls", "'NaN'")]
    [InlineData("Columbus Billing,2027-02-01T14:00:00Z,40,NaN\n", "row 2, field aht_seconds", "'NaN'")]
    [InlineData("Nowhere Queue,2027-02-01T14:00:00Z,40,180\n", "row 2, field queue", "'Nowhere Queue' is not a known queue")]
    [InlineData("Columbus Billing,2027-02-01T14:07:00Z,40,180\n", "row 2, field interval_start", "15-minute boundary")]
    [InlineData("Columbus Billing,2027-02-01T14:00:00,40,180\n", "row 2, field interval_start", "UTC offset")]
    [InlineData("Columbus Billing,2027-02-01T14:00:00Z,-3,180\n", "row 2, field calls", "'-3'")]
    [InlineData("Columbus Billing,2027-02-01T14:00:00Z,40,180\nColumbus Billing,2027-02-01T09:00:00-05:00,41,180\n", "row 3, field interval_start", "duplicate of row 2")]
    public async Task ImportForecast_BadRow_ErrorAndNothingWritten(string rows, string where, string what)
    {
        var before = await App.SchedulingCountsAsync();
        var result = await App.ImportAsync("forecast", ForecastHeader + rows);
        result.ShouldExit(ExitCodes.InvalidInput);
        Assert.Contains(result.ErrorLines, l => l.Contains(where, StringComparison.Ordinal) && l.Contains(what, StringComparison.Ordinal) && l.Contains(".csv", StringComparison.Ordinal));
        Assert.Equal(before, await App.SchedulingCountsAsync());
    }

    [ProviderFact]
    public async Task ImportForecast_ZeroInterval_Error()
    {
        var before = await App.SchedulingCountsAsync();
        var result = await App.ImportAsync("forecast", "queue,interval_start,calls,aht_seconds,interval_minutes\nColumbus Billing,2027-02-02T14:00:00Z,40,180,0\n");
        result.ShouldExit(ExitCodes.InvalidInput);
        Assert.Contains(result.ErrorLines, l => l.Contains("row 2, field interval_minutes", StringComparison.Ordinal) && l.Contains("'0'", StringComparison.Ordinal));
        Assert.Equal(before, await App.SchedulingCountsAsync());
    }

    [ProviderFact]
    public async Task ImportForecast_SameFileTwice_SecondChangesNothing()
    {
        var csv = ForecastHeader + "Columbus Claims,2027-02-03T14:00:00Z,30.5,390\nColumbus Claims,2027-02-03T09:15:00-05:00,31,390\n";
        var first = (await App.ImportAsync("forecast", csv)).ShouldExit(ExitCodes.Success).Json();
        Assert.Equal(2, first.GetProperty("created").GetInt32());
        var afterFirst = await App.SchedulingCountsAsync();
        var second = (await App.ImportAsync("forecast", csv)).ShouldExit(ExitCodes.Success).Json();
        Assert.Equal(0, second.GetProperty("created").GetInt32());
        Assert.Equal(2, second.GetProperty("unchanged").GetInt32());
        Assert.Equal(afterFirst, await App.SchedulingCountsAsync());
        Assert.Equal(31m, await App.ForecastCallsAsync("Columbus Claims", new DateTime(2027, 2, 3, 14, 15, 0, DateTimeKind.Utc)));
    }

    [ProviderFact]
    public async Task ImportSchedule_SpringForwardGap_ErrorAndNothingWritten()
    {
        // 14 March 2027: New York clocks jump from 02:00 to 03:00; 02:30 never happens.
        var before = await App.SchedulingCountsAsync();
        var result = await App.ImportAsync("schedule", ScheduleHeader + "E0101,2027-03-13,08:00,16:00,work\nE0101,2027-03-14,02:30,10:00,work\n");
        result.ShouldExit(ExitCodes.InvalidInput);
        Assert.Contains(result.ErrorLines, l => l.Contains("row 3, field start", StringComparison.Ordinal) && l.Contains("does not exist in America/New_York", StringComparison.Ordinal));
        Assert.Equal(before, await App.SchedulingCountsAsync());
    }

    [ProviderFact]
    public async Task ImportSchedule_AcrossSpringForward_ShiftIsAnHourShorter()
    {
        (await App.ImportAsync("schedule", ScheduleHeader + "E0102,2027-03-13,22:00,06:00,work\nE0102,2027-03-14,22:00,06:00,work\n")).ShouldExit(ExitCodes.Success);
        var shifts = (await App.ShiftsAsync("E0102")).Where(s => s.Date.StartsWith("2027", StringComparison.Ordinal)).ToList();
        Assert.Equal(new DateTime(2027, 3, 14, 3, 0, 0, DateTimeKind.Utc), shifts[0].StartUtc); // 22:00 EST = 03:00Z
        Assert.Equal(new DateTime(2027, 3, 14, 10, 0, 0, DateTimeKind.Utc), shifts[0].EndUtc);  // 06:00 EDT = 10:00Z: 7 hours worked
        Assert.Equal(new DateTime(2027, 3, 15, 2, 0, 0, DateTimeKind.Utc), shifts[1].StartUtc); // 22:00 EDT = 02:00Z
    }

    [ProviderFact]
    public async Task ImportSchedule_FallBackAmbiguousHour_ReadAsTheFirstOccurrence()
    {
        // 7 November 2027: 01:00-02:00 happens twice in New York; the documented rule takes the first (EDT, UTC-4).
        (await App.ImportAsync("schedule", ScheduleHeader + "E0103,2027-11-07,01:30,09:30,work\nE0103,2027-11-06,17:00,01:00,work\n")).ShouldExit(ExitCodes.Success);
        var shifts = (await App.ShiftsAsync("E0103")).Where(s => s.Date.StartsWith("2027", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, shifts.Count);
        Assert.Equal(new DateTime(2027, 11, 6, 21, 0, 0, DateTimeKind.Utc), shifts[0].StartUtc);
        Assert.Equal(new DateTime(2027, 11, 7, 5, 0, 0, DateTimeKind.Utc), shifts[0].EndUtc);   // 01:00 first occurrence (EDT)
        Assert.Equal(new DateTime(2027, 11, 7, 5, 30, 0, DateTimeKind.Utc), shifts[1].StartUtc); // 01:30 EDT
        Assert.Equal(new DateTime(2027, 11, 7, 14, 30, 0, DateTimeKind.Utc), shifts[1].EndUtc);  // 09:30 EST: 9 hours worked
    }

    [ProviderFact]
    public async Task ImportSchedule_OverlappingShifts_ErrorAndNothingWritten()
    {
        var before = await App.SchedulingCountsAsync();
        var result = await App.ImportAsync("schedule", ScheduleHeader + "E0104,2027-02-01,08:00,16:00,work\nE0104,2027-02-01,15:30,17:00,meeting\nE0105,2027-02-01,08:00,16:00,work\n");
        result.ShouldExit(ExitCodes.InvalidInput);
        Assert.Contains(result.ErrorLines, l => l.Contains("row 3, field start", StringComparison.Ordinal) && l.Contains("overlaps row 2", StringComparison.Ordinal));
        Assert.Equal(before, await App.SchedulingCountsAsync());
    }

    [ProviderTheory]
    [InlineData("NOBODY-1,2027-02-01,08:00,16:00,work\n", "row 2, field employee_id", "not a known employee")]
    [InlineData("E0106,2027-02-30,08:00,16:00,work\n", "row 2, field date", "2027-02-30")]
    [InlineData("E0106,2027-02-01,8 am,16:00,work\n", "row 2, field start", "8 am")]
    [InlineData("E0106,2027-02-01,08:00,08:00,work\n", "row 2, field end", "equals the start")]
    [InlineData("E0106,2027-02-01,08:00,16:00,nap\n", "row 2, field activity", "'nap'")]
    public async Task ImportSchedule_BadRow_ErrorAndNothingWritten(string row, string where, string what)
    {
        var before = await App.SchedulingCountsAsync();
        var result = await App.ImportAsync("schedule", ScheduleHeader + row);
        result.ShouldExit(ExitCodes.InvalidInput);
        Assert.Contains(result.ErrorLines, l => l.Contains(where, StringComparison.Ordinal) && l.Contains(what, StringComparison.Ordinal));
        Assert.Equal(before, await App.SchedulingCountsAsync());
    }

    [ProviderFact]
    public async Task ImportSchedule_SameFileTwice_SecondChangesNothing()
    {
        var csv = ScheduleHeader + "E0107,2027-02-01,08:00,12:00,work\nE0107,2027-02-01,12:00,12:30,lunch\nE0107,2027-02-01,12:30,16:30,work\n";
        (await App.ImportAsync("schedule", csv)).ShouldExit(ExitCodes.Success);
        var counts = await App.SchedulingCountsAsync();
        var second = (await App.ImportAsync("schedule", csv)).ShouldExit(ExitCodes.Success).Json();
        Assert.Equal(3, second.GetProperty("unchanged").GetInt32());
        Assert.Equal(0, second.GetProperty("created").GetInt32() + second.GetProperty("updated").GetInt32());
        Assert.Equal(counts, await App.SchedulingCountsAsync());
    }

    [ProviderTheory]
    [InlineData("forecast")]
    [InlineData("schedule")]
    public async Task Export_ThenImport_ChangesNothing(string kind)
    {
        using var file = TempFile.Create();
        (await App.RunCliAsync("export", kind, "--out", file.Path)).ShouldExit(ExitCodes.Success);
        var counts = await App.SchedulingCountsAsync();
        var result = (await App.RunCliAsync("import", kind, file.Path, "--json")).ShouldExit(ExitCodes.Success).Json();
        Assert.Equal(0, result.GetProperty("created").GetInt32() + result.GetProperty("updated").GetInt32());
        Assert.True(result.GetProperty("unchanged").GetInt32() > 1000);
        Assert.Equal(counts, await App.SchedulingCountsAsync());
    }
}

public sealed class SqliteImportTests(SqliteDemoApp fixture) : ImportTests(fixture), IClassFixture<SqliteDemoApp>;

public sealed class PostgresImportTests(PostgresDemoApp fixture) : ImportTests(fixture), IClassFixture<PostgresDemoApp>, IPostgresTests;
