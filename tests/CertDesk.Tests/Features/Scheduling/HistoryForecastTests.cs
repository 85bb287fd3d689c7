using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using CertDesk.Data;
using CertDesk.Features.Organization;
using CertDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CertDesk.Tests.Features.Scheduling;

/// <summary>A demo host of its own: these tests delete a queue's imported forecast, which other classes rely on.</summary>
public abstract class HistoryDemoApp(DbKind kind) : IAsyncLifetime
{
    private CertDeskApp? _app;

    public CertDeskApp App => _app ?? throw new InvalidOperationException($"{TestDatabase.PostgresVariable} is not set");

    public async Task InitializeAsync()
    {
        if (kind == DbKind.Postgres && TestDatabase.PostgresServer is null)
        {
            return;
        }
        _app = await CertDeskApp.StartAsync(kind, seedDemo: true, new Dictionary<string, string> { ["Forecasting:Holidays"] = "2026-12-25, not-a-date" });
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}

public sealed class SqliteHistoryDemoApp() : HistoryDemoApp(DbKind.Sqlite);

public sealed class PostgresHistoryDemoApp() : HistoryDemoApp(DbKind.Postgres);

/// <summary>
/// Where no forecast is imported for a queue, the session impact and the best slots take the forecast from the queue's
/// history (its teams' interval facts) and say so with its accuracy; a queue without history says that instead, and
/// its intervals count no contacts. The demo (Columbus, America/New_York) imports a forecast for all its queues: each
/// test deletes the forecast of the queue of one agent's team.
/// </summary>
public abstract class HistoryForecastTests(HistoryDemoApp fixture)
{
    private const string ZoneId = "America/New_York";
    private CertDeskApp App => fixture.App;

    private static DateOnly ThisMonday()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(ZoneId);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, zone));
        return today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
    }

    private static string NextWeek(DayOfWeek day) =>
        ThisMonday().AddDays(7 + ((int)day + 6) % 7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The <paramref name="nth"/> active agent (by number) on a team that serves a queue: their number, the queue and its team codes.</summary>
    private async Task<(string Employee, string Queue, List<string> Teams)> AgentOfAQueueAsync(int nth)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CertDeskDbContext>();
        var queues = await db.Queues.AsNoTracking().Include(q => q.Teams).OrderBy(q => q.Name).ToListAsync();
        var agents = await db.Employees.AsNoTracking().Where(e => e.JobRole == "Agent" && e.TeamId != null && e.Status == EmploymentStatus.Active)
            .OrderBy(e => e.EmployeeNumber).Select(e => new { e.EmployeeNumber, e.TeamId }).ToListAsync();
        var queue = queues.Where(q => q.Teams.Count > 0).ElementAt(nth);
        var agent = agents.First(a => queue.Teams.Any(t => t.Id == a.TeamId));
        return (agent.EmployeeNumber, queue.Name, queue.Teams.Select(t => t.Code).ToList());
    }

    private async Task DeleteImportedForecastAsync(string queue)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CertDeskDbContext>();
        await db.Forecasts.Where(f => f.Queue!.Name == queue).ExecuteDeleteAsync();
    }

    /// <summary>Six past weeks of weekday history for the teams, 07:00-21:00 local: every 15 minutes <paramref name="contacts"/> contacts per team, 300 s each.</summary>
    private static string SixWeeksOfIntervals(IEnumerable<string> teams, int contacts = 10)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(ZoneId);
        var csv = new StringBuilder("team_id,interval_start,offered,answered,abandoned,answered_within_threshold,wait_seconds_answered,handle_seconds,hold_seconds,wrap_seconds,transferred,resolved_first_contact,csat_sum,csat_count\n");
        foreach (var team in teams.Order(StringComparer.Ordinal))
        {
            for (var day = ThisMonday().AddDays(-42); day < ThisMonday(); day = day.AddDays(1))
            {
                if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
                {
                    continue;
                }
                for (var t = new TimeOnly(7, 0); t < new TimeOnly(21, 0); t = t.AddMinutes(15))
                {
                    var utc = TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(t), zone);
                    csv.Append(CultureInfo.InvariantCulture, $"{team},{utc:yyyy-MM-dd'T'HH:mm:ss}Z,{contacts},{contacts},0,{contacts * 8 / 10},{contacts * 10},{contacts * 300},0,0,0,0,0,0\n");
                }
            }
        }
        return csv.ToString();
    }

    [ProviderFact]
    public async Task Impact_QueueWithoutImportedForecast_UsesTheHistoryAndSaysSo()
    {
        var (employee, queue, teams) = await AgentOfAQueueAsync(0);
        await DeleteImportedForecastAsync(queue);
        var imported = await App.ImportAsync("intervals", SixWeeksOfIntervals(teams));
        imported.ShouldExit(0);

        var manager = await App.BearerClientAsync(Demo.Manager);
        var created = await AssertHttp.JsonAsync(await manager.PostAsJsonAsync("/api/v1/sessions", new
        {
            title = "Forecast basics",
            kind = "class",
            date = NextWeek(DayOfWeek.Wednesday),
            start = "10:00",
            length_minutes = 60,
            attendees = new[] { await App.EmployeeIdAsync(employee) },
            location = "Training room 2",
        }), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString();
        var impact = await AssertHttp.JsonAsync(await manager.GetAsync($"/api/v1/sessions/{id}/impact"));

        // Identical weeks: the forecast is the history's interval (10 contacts per team, 300 s), exact on the held-out weeks.
        var source = Assert.Single(impact.GetProperty("forecasts").EnumerateArray(), f => f.GetProperty("queue").GetString() == queue);
        Assert.Equal("history", source.GetProperty("source").GetString());
        Assert.Equal(4, source.GetProperty("history_intervals").GetInt32());
        Assert.Equal(0, source.GetProperty("wape").GetDouble(), 9);
        Assert.Equal(4, source.GetProperty("holdout_weeks").GetInt32());
        Assert.Equal("forecast from history, WAPE 0.0 % (bias 0.0 %; seasonal naive 0.0 %) on the last 4 week(s) of history held out; ignored in Forecasting:Holidays (not yyyy-MM-dd dates): 'not-a-date'",
            source.GetProperty("note").GetString());
        foreach (var interval in impact.GetProperty("intervals").EnumerateArray())
        {
            var load = Assert.Single(interval.GetProperty("queues").EnumerateArray(), q => q.GetProperty("queue").GetString() == queue);
            Assert.Equal(10m * teams.Count, load.GetProperty("calls").GetDecimal());
            Assert.True(load.GetProperty("required").GetInt32() > 0);
        }

        // The session page says it in words.
        var page = await AssertHttp.StatusAsync(await (await App.SignInAsAsync(Demo.Manager)).GetAsync($"/Scheduling/Sessions/Details/{id}"), HttpStatusCode.OK);
        Assert.Contains($"Queue {queue}: forecast from history, WAPE 0.0 %", WebUtility.HtmlDecode(page), StringComparison.Ordinal);

        // The best slots for the same agent say the same.
        var slots = await AssertHttp.JsonAsync(await manager.PostAsJsonAsync("/api/v1/sessions/best-slots", new
        {
            attendees = new[] { await App.EmployeeIdAsync(employee) },
            length_minutes = 60,
            from = NextWeek(DayOfWeek.Thursday),
            to = NextWeek(DayOfWeek.Thursday),
            step_minutes = 60,
        }));
        var slotSource = Assert.Single(slots.GetProperty("forecasts").EnumerateArray(), f => f.GetProperty("queue").GetString() == queue);
        Assert.Equal("history", slotSource.GetProperty("source").GetString());
        Assert.StartsWith("forecast from history, WAPE 0.0 %", slotSource.GetProperty("note").GetString(), StringComparison.Ordinal);

        // And the Plan page, in words.
        var agentId = await App.EmployeeIdAsync(employee);
        var plan = await AssertHttp.StatusAsync(await (await App.SignInAsAsync(Demo.Manager)).GetAsync(
            $"/Scheduling/Plan?Title=Class&Attendees={agentId}&LengthMinutes=60&From={NextWeek(DayOfWeek.Thursday)}&To={NextWeek(DayOfWeek.Thursday)}&Step=60"), HttpStatusCode.OK);
        Assert.Contains($"Queue {queue}: forecast from history, WAPE 0.0 %", WebUtility.HtmlDecode(plan), StringComparison.Ordinal);

        // The fitted forecast is kept until the facts change: a new import of the same weeks, twice the contacts, is
        // what the next look at the session forecasts.
        (await App.ImportAsync("intervals", SixWeeksOfIntervals(teams, contacts: 20))).ShouldExit(0);
        var again = await AssertHttp.JsonAsync(await manager.GetAsync($"/api/v1/sessions/{id}/impact"));
        foreach (var interval in again.GetProperty("intervals").EnumerateArray())
        {
            var load = Assert.Single(interval.GetProperty("queues").EnumerateArray(), q => q.GetProperty("queue").GetString() == queue);
            Assert.Equal(20m * teams.Count, load.GetProperty("calls").GetDecimal());
        }
    }

    [ProviderFact]
    public async Task Impact_QueueWithNeitherForecastNorHistory_SaysWhyAndCountsNoContacts()
    {
        var (employee, queue, teams) = await AgentOfAQueueAsync(1);
        await DeleteImportedForecastAsync(queue);

        var manager = await App.BearerClientAsync(Demo.Manager);
        var created = await AssertHttp.JsonAsync(await manager.PostAsJsonAsync("/api/v1/sessions", new
        {
            title = "No history",
            kind = "class",
            date = NextWeek(DayOfWeek.Tuesday),
            start = "14:00",
            length_minutes = 30,
            attendees = new[] { await App.EmployeeIdAsync(employee) },
            location = "Training room 2",
        }), HttpStatusCode.Created);
        var impact = await AssertHttp.JsonAsync(await manager.GetAsync($"/api/v1/sessions/{created.GetProperty("id").GetString()}/impact"));

        var source = Assert.Single(impact.GetProperty("forecasts").EnumerateArray(), f => f.GetProperty("queue").GetString() == queue);
        Assert.Equal("none", source.GetProperty("source").GetString());
        Assert.Equal($"no forecast imported and none from history: no interval facts for its team(s) {string.Join(", ", teams.Order(StringComparer.Ordinal))} (import cdr or intervals)",
            source.GetProperty("note").GetString());
        foreach (var interval in impact.GetProperty("intervals").EnumerateArray())
        {
            var load = Assert.Single(interval.GetProperty("queues").EnumerateArray(), q => q.GetProperty("queue").GetString() == queue);
            Assert.Equal(0m, load.GetProperty("calls").GetDecimal());
        }
    }
}

public sealed class SqliteHistoryForecastTests(SqliteHistoryDemoApp fixture) : HistoryForecastTests(fixture), IClassFixture<SqliteHistoryDemoApp>;

public sealed class PostgresHistoryForecastTests(PostgresHistoryDemoApp fixture) : HistoryForecastTests(fixture), IClassFixture<PostgresHistoryDemoApp>, IPostgresTests;
