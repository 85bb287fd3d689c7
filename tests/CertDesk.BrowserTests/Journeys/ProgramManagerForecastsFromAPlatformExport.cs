using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CertDesk.BrowserTests.Infrastructure;
using CertDesk.BrowserTests.Pages;
using CertDesk.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CertDesk.BrowserTests.Journeys;

/// <summary>
/// Issue 20's journey: a center with no WFM tool brings what its platform exports. The program manager uploads four weeks of
/// Amazon Connect contact records for the team of supervisor E0020, sees them as facts on the KPI page, adds a queue that
/// team serves (no forecast is imported for it), and plans a class for E0020: the best slots and the booked session's
/// impact say that queue's forecast comes from its history, with its accuracy.
/// </summary>
public sealed class ProgramManagerForecastsFromAPlatformExport(BrowserSession session) : IClassFixture<BrowserSession>
{
    private const string Supervisor = "E0020";
    private const string NewQueue = "Columbus Chat";
    private static readonly TimeZoneInfo s_newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private static DateOnly ThisMonday()
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, s_newYork));
        return today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
    }

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task ProgramManager_UploadsConnectRecords_SeesTheFacts_AndPlansAClassOnTheForecastFromHistory()
    {
        // The team is a fact of the demo roster; the platform's queue carries its code (docs/formats.md: the queue is the team).
        string team;
        await using (var scope = session.App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CertDeskDbContext>();
            team = await db.Employees.Where(e => e.EmployeeNumber == Supervisor).Select(e => e.Team!.Code).SingleAsync();
        }
        var first = ThisMonday().AddDays(-28);
        var last = ThisMonday().AddDays(-1);
        var (export, contacts) = ConnectExport(team, first, last);

        var page = await session.NewPageAsync();
        await LoginPage.SignInAsync(page, "hr@demo.local");

        // The platform's export, uploaded as it comes from Connect.
        var import = await new KpiImportPage(page).OpenAsync();
        await Assertions.Expect(import.Heading).ToHaveTextAsync("KPI data import");
        await import.UploadContactRecordsAsync("connect-ctr.jsonl", "Amazon Connect contact records (JSON lines)", export);
        await Assertions.Expect(import.Result.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Import complete");
        await Assertions.Expect(import.Result).ToContainTextAsync(contacts.ToString("N0", CultureInfo.InvariantCulture) + " contacts offered to a queue");
        await Assertions.Expect(import.Result).ToContainTextAsync("interval facts upserted");
        await import.ScreenshotAsync("platform-import-done");
        await import.AssertAccessibleAsync();

        // The facts: the team's row on the KPI page, every contact offered and answered.
        var kpis = await new KpisPage(page).OpenAsync($"?group_by=team&from={Day(first)}&to={Day(last)}");
        var row = kpis.Rows.Filter(new() { HasText = team });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToContainTextAsync(contacts.ToString("N0", CultureInfo.InvariantCulture));
        await kpis.ScreenshotAsync("platform-import-kpis");
        await kpis.AssertAccessibleAsync();

        // A queue the team serves, with no forecast imported for it.
        var queues = await new QueuesPage(page).OpenAsync();
        var form = await queues.NewQueueAsync();
        await form.Field("Name").FillAsync(NewQueue);
        await form.Field("Site").SelectOptionAsync(new SelectOptionValue { Label = "Columbus" });
        await page.Locator($"#team-{team}").CheckAsync();
        await form.SaveAsync();
        await Assertions.Expect(queues.Heading).ToHaveTextAsync("Queues and coverage");
        await Assertions.Expect(queues.Queue(NewQueue)).ToContainTextAsync("80 % in 20 s");

        // The class for the team's supervisor, next Tuesday: the scheduler says where the new queue's forecast comes from.
        var tuesday = Day(ThisMonday().AddDays(8));
        var plan = await new PlanSessionPage(page).OpenAsync();
        await plan.SessionTitle.FillAsync("Chat etiquette");
        await plan.Length.FillAsync("60");
        await plan.From.FillAsync(tuesday);
        await plan.To.FillAsync(tuesday);
        await plan.ChooseAsync(Supervisor);
        await plan.FindAsync();
        await Assertions.Expect(plan.ForecastSources).ToContainTextAsync($"Queue {NewQueue}: forecast from history, WAPE");
        Assert.True(await plan.Slots.CountAsync() > 0);
        await plan.ScreenshotAsync("platform-forecast-best-slots");
        await plan.AssertAccessibleAsync();

        var details = await plan.BookAsync(0);
        await Assertions.Expect(details.Heading).ToContainTextAsync("Chat etiquette");
        await Assertions.Expect(details.ForecastSources).ToContainTextAsync($"Queue {NewQueue}: forecast from history, WAPE");
        await Assertions.Expect(details.ForecastSources).ToContainTextAsync("held out");
        await Assertions.Expect(details.ImpactChart).ToBeVisibleAsync();
        Assert.Equal(4, await details.ImpactRows.CountAsync()); // 60 minutes = four 15-minute intervals
        await details.ScreenshotAsync("platform-forecast-session-impact");
        await details.AssertAccessibleAsync();
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// Amazon Connect contact records (the contact record data model's fields; one JSON object a line) for the queue named
    /// <paramref name="queue"/>: weekdays from <paramref name="first"/> to <paramref name="last"/>, 08:00-18:00 New York
    /// time, one or two inbound calls every 15 minutes, each answered after a short wait (talk 240 s, wrap 30 s).
    /// </summary>
    private static (string Export, int Contacts) ConnectExport(string queue, DateOnly first, DateOnly last)
    {
        const string Instance = "arn:aws:connect:us-east-1:123456789012:instance/6d3f0c7e-1a2b-4c5d-8e9f-0a1b2c3d4e5f";
        static string Iso(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var lines = new StringBuilder();
        var count = 0;
        for (var date = first; date <= last; date = date.AddDays(1))
        {
            if (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            {
                continue;
            }
            for (var slot = 0; slot < 40; slot++)
            {
                var start = TimeZoneInfo.ConvertTimeToUtc(date.ToDateTime(new TimeOnly(8, 0).AddMinutes(15 * slot)), s_newYork);
                for (var call = 0; call < 1 + slot % 2; call++)
                {
                    count++;
                    var id = $"{count:x8}-7c1e-4f0a-9b2d-{date.DayNumber:x12}";
                    var initiated = start.AddSeconds(60 * call + 7);
                    var enqueued = initiated.AddSeconds(25);
                    var wait = 8 + 4 * call;
                    var connected = enqueued.AddSeconds(wait);
                    var disconnected = connected.AddSeconds(240);
                    var record = new JsonObject
                    {
                        ["AWSContactTraceRecordFormatVersion"] = "2017-03-10",
                        ["AWSAccountId"] = "123456789012",
                        ["InstanceARN"] = Instance,
                        ["ContactId"] = id,
                        ["InitialContactId"] = id,
                        ["Channel"] = "VOICE",
                        ["InitiationMethod"] = "INBOUND",
                        ["InitiationTimestamp"] = Iso(initiated),
                        ["ConnectedToSystemTimestamp"] = Iso(initiated),
                        ["DisconnectTimestamp"] = Iso(disconnected),
                        ["LastUpdateTimestamp"] = Iso(disconnected.AddSeconds(90)),
                        ["DisconnectReason"] = "CUSTOMER_DISCONNECT",
                        ["CustomerEndpoint"] = new JsonObject { ["Address"] = "+15555550142", ["Type"] = "TELEPHONE_NUMBER" },
                        ["Queue"] = new JsonObject
                        {
                            ["ARN"] = $"{Instance}/queue/{queue}",
                            ["Name"] = queue,
                            ["EnqueueTimestamp"] = Iso(enqueued),
                            ["DequeueTimestamp"] = Iso(connected),
                            ["Duration"] = wait,
                        },
                        ["Agent"] = new JsonObject
                        {
                            ["ARN"] = $"{Instance}/agent/agent-{slot % 6}",
                            ["Username"] = $"agent-{slot % 6}",
                            ["ConnectedToAgentTimestamp"] = Iso(connected),
                            ["AgentInteractionDuration"] = 240,
                            ["CustomerHoldDuration"] = 0,
                            ["AfterContactWorkStartTimestamp"] = Iso(disconnected),
                            ["AfterContactWorkEndTimestamp"] = Iso(disconnected.AddSeconds(30)),
                            ["AfterContactWorkDuration"] = 30,
                        },
                    };
                    lines.Append(record.ToJsonString()).Append('\n');
                }
            }
        }
        return (lines.ToString(), count);
    }
}
