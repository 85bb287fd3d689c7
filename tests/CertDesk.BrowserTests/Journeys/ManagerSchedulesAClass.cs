using System.Globalization;
using CertDesk.BrowserTests.Infrastructure;
using CertDesk.BrowserTests.Pages;
using Microsoft.Playwright;

namespace CertDesk.BrowserTests.Journeys;

/// <summary>
/// The manager plans a class for two supervisors (E0020 and E0050, who open the floor 07:00-15:00), tries 11:00 when
/// the Columbus coverage rule is tight, sees that it breaks a target on the chart, books the best suggested slot
/// instead and downloads its calendar invite; moving it to the runner-up keeps the invite's UID (SEQUENCE 1).
/// </summary>
public sealed class ManagerSchedulesAClass(BrowserSession session) : IClassFixture<BrowserSession>
{
    private static string NextTuesday()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, zone));
        return today.AddDays(7 - ((int)today.DayOfWeek + 6) % 7 + 1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Manager_ClassForTwoSupervisors_PicksABetterSlotAndDownloadsTheInvite()
    {
        var page = await session.NewPageAsync();
        await LoginPage.SignInAsync(page, "manager@demo.local");
        var day = NextTuesday();

        var plan = await new PlanSessionPage(page).OpenAsync();
        await Assertions.Expect(plan.Heading).ToHaveTextAsync("Plan a session");
        await plan.SessionTitle.FillAsync("Erlang C for supervisors");
        await plan.Length.FillAsync("60");
        await plan.From.FillAsync(day);
        await plan.To.FillAsync(day);
        await plan.PreferredDate.FillAsync(day);
        await plan.PreferredStart.FillAsync("11:00");
        await plan.ChooseAsync("E0020");
        await plan.ChooseAsync("E0050");
        await plan.FindAsync();

        await Assertions.Expect(plan.PreferredVerdict).ToHaveTextAsync("breaks a target");
        await Assertions.Expect(plan.PreferredChart).ToBeVisibleAsync();
        await Assertions.Expect(plan.SlotChart).ToBeVisibleAsync();
        Assert.True(await plan.Slots.CountAsync() > 0);
        await Assertions.Expect(plan.Slots.First).Not.ToContainTextAsync("breaks a target");
        await plan.ScreenshotAsync("scheduler-best-slots");
        await plan.AssertAccessibleAsync();

        var details = await plan.BookAsync(0);
        await Assertions.Expect(details.Heading).ToContainTextAsync("Erlang C for supervisors");
        await Assertions.Expect(details.Verdict).Not.ToHaveTextAsync("breaks a target");
        await Assertions.Expect(details.ImpactChart).ToBeVisibleAsync();
        await Assertions.Expect(details.ServiceLevelChart).ToBeVisibleAsync();
        Assert.Equal(4, await details.ImpactRows.CountAsync()); // 60 minutes = four 15-minute intervals
        await details.ScreenshotAsync("scheduler-session-impact");
        await details.AssertAccessibleAsync();

        var (fileName, ics) = await details.DownloadInviteAsync();
        Assert.EndsWith(".ics", fileName, StringComparison.Ordinal);
        Assert.Contains("BEGIN:VCALENDAR", ics, StringComparison.Ordinal);
        Assert.Contains("TZID:America/New_York", ics, StringComparison.Ordinal);
        Assert.Contains($"DTSTART;TZID=America/New_York:{day.Replace("-", "", StringComparison.Ordinal)}T", ics, StringComparison.Ordinal);
        Assert.Contains("SUMMARY:Erlang C for supervisors", ics, StringComparison.Ordinal);
        Assert.Contains("SEQUENCE:0", ics, StringComparison.Ordinal);
        var uid = ics.Split("\r\n").Single(l => l.StartsWith("UID:", StringComparison.Ordinal));

        // Move it to the runner-up: the invite is an update of the same event.
        await details.FindABetterSlot.ClickAsync();
        var move = new PlanSessionPage(page);
        await Assertions.Expect(move.Heading).ToHaveTextAsync("Move a session");
        Assert.True(await move.Slots.CountAsync() > 1);
        details = await move.BookAsync(1);
        var (_, updated) = await details.DownloadInviteAsync();
        Assert.Contains("SEQUENCE:1", updated, StringComparison.Ordinal);
        Assert.Contains(uid + "\r\n", updated, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }
}
