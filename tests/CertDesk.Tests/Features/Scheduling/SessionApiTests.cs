using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using CertDesk.Tests.Infrastructure;

namespace CertDesk.Tests.Features.Scheduling;

/// <summary>
/// /api/v1/sessions on the demo organization: a manager schedules for their own people only, an employee sees only
/// the sessions they attend, bad sessions are 422 with nothing written, the invite keeps its UID through an update
/// (SEQUENCE + 1) and a cancellation (METHOD:CANCEL), and the impact and best slots are computed from the demo's
/// forecast, schedules and coverage rule (Columbus, America/New_York).
/// </summary>
public abstract class SessionApiTests(AppFixture fixture)
{
    private CertDeskApp App => fixture.App;

    /// <summary>A weekday of next week in New York: inside the demo's three weeks of schedules.</summary>
    private static string NextWeek(DayOfWeek day)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, zone));
        var monday = today.AddDays(7 - ((int)today.DayOfWeek + 6) % 7);
        return monday.AddDays(((int)day + 6) % 7).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<object> SessionBody(string title, string date, string start, int minutes, params string[] employees)
    {
        var ids = new List<Guid>();
        foreach (var e in employees)
        {
            ids.Add(await App.EmployeeIdAsync(e));
        }
        return new { title, kind = "class", date, start, length_minutes = minutes, attendees = ids, location = "Training room 2" };
    }

    [ProviderFact]
    public async Task Manager_SchedulesTwoSupervisors_InviteUpdatesAndCancelsWithTheSameUid()
    {
        var manager = await App.BearerClientAsync(Demo.Manager);
        var date = NextWeek(DayOfWeek.Monday);
        var created = await AssertHttp.JsonAsync(await manager.PostAsJsonAsync("/api/v1/sessions", await SessionBody("Coaching skills", date, "14:00", 60, "E0035", "E0065")), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString();
        var uid = created.GetProperty("uid").GetString()!;
        Assert.Equal(date, created.GetProperty("date").GetString());
        Assert.Equal("14:00", created.GetProperty("start").GetString());
        Assert.Equal(2, created.GetProperty("attendees").GetArrayLength());

        var ics = await AssertHttp.StatusAsync(await manager.GetAsync($"/api/v1/sessions/{id}/invite.ics"), HttpStatusCode.OK);
        Assert.Contains("BEGIN:VTIMEZONE", ics, StringComparison.Ordinal);
        Assert.Contains("TZID:America/New_York", ics, StringComparison.Ordinal);
        Assert.Contains($"DTSTART;TZID=America/New_York:{date.Replace("-", "", StringComparison.Ordinal)}T140000", ics, StringComparison.Ordinal);
        Assert.Contains($"UID:{uid}", ics, StringComparison.Ordinal);
        Assert.Contains("SEQUENCE:0", ics, StringComparison.Ordinal);
        Assert.Contains("METHOD:REQUEST", ics, StringComparison.Ordinal);

        // Update with the ETag: same UID, SEQUENCE 1. A stale ETag is refused.
        var get = await manager.GetAsync($"/api/v1/sessions/{id}");
        var etag = get.Headers.ETag!.Tag;
        using var update = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/sessions/{id}") { Content = JsonContent.Create(await SessionBody("Coaching skills", date, "14:30", 60, "E0035", "E0065")) };
        update.Headers.TryAddWithoutValidation("If-Match", etag);
        var updated = await AssertHttp.JsonAsync(await manager.SendAsync(update));
        Assert.Equal("14:30", updated.GetProperty("start").GetString());
        Assert.Equal(uid, updated.GetProperty("uid").GetString());
        Assert.Equal(1, updated.GetProperty("sequence").GetInt32());
        using var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/sessions/{id}") { Content = JsonContent.Create(await SessionBody("Coaching skills", date, "15:00", 60, "E0035", "E0065")) };
        stale.Headers.TryAddWithoutValidation("If-Match", etag);
        await AssertHttp.StatusAsync(await manager.SendAsync(stale), HttpStatusCode.PreconditionFailed);

        ics = await AssertHttp.StatusAsync(await manager.GetAsync($"/api/v1/sessions/{id}/invite.ics"), HttpStatusCode.OK);
        Assert.Contains("SEQUENCE:1", ics, StringComparison.Ordinal);
        Assert.Contains($"UID:{uid}", ics, StringComparison.Ordinal);

        var cancelled = await AssertHttp.JsonAsync(await manager.PostAsync($"/api/v1/sessions/{id}/cancel", null));
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        ics = await AssertHttp.StatusAsync(await manager.GetAsync($"/api/v1/sessions/{id}/invite.ics"), HttpStatusCode.OK);
        Assert.Contains("METHOD:CANCEL", ics, StringComparison.Ordinal);
        Assert.Contains("STATUS:CANCELLED", ics, StringComparison.Ordinal);
        Assert.Contains("SEQUENCE:2", ics, StringComparison.Ordinal);
        Assert.Contains($"UID:{uid}", ics, StringComparison.Ordinal);
    }

    [ProviderFact]
    public async Task Impact_TwoSupervisorsInClass_IntervalByInterval()
    {
        var manager = await App.BearerClientAsync(Demo.Manager);
        var created = await AssertHttp.JsonAsync(await manager.PostAsJsonAsync("/api/v1/sessions",
            await SessionBody("WFM basics", NextWeek(DayOfWeek.Friday), "13:00", 120, "E0035", "E0065")), HttpStatusCode.Created);
        var impact = await AssertHttp.JsonAsync(await manager.GetAsync($"/api/v1/sessions/{created.GetProperty("id").GetString()}/impact"));
        var intervals = impact.GetProperty("intervals");
        Assert.Equal(8, intervals.GetArrayLength());
        foreach (var interval in intervals.EnumerateArray())
        {
            var coverage = Assert.Single(interval.GetProperty("coverage").EnumerateArray());
            Assert.Equal(coverage.GetProperty("supervisors_before").GetInt32() - 2, coverage.GetProperty("supervisors_after").GetInt32());
            Assert.True(interval.GetProperty("queues").GetArrayLength() >= 2); // the queues of teams T02 and T04
            Assert.Contains(interval.GetProperty("verdict").GetString(), new[] { "fine", "at_risk", "breaks_target" });
        }
        Assert.Equal(0, impact.GetProperty("late_calls").GetDouble()); // supervisors are not agents
    }

    [ProviderFact]
    public async Task BestSlots_TwoSupervisors_RankedWithoutHardBreaks()
    {
        var manager = await App.BearerClientAsync(Demo.Manager);
        var body = new
        {
            attendees = new[] { await App.EmployeeIdAsync("E0020"), await App.EmployeeIdAsync("E0050") },
            length_minutes = 60,
            from = NextWeek(DayOfWeek.Tuesday),
            to = NextWeek(DayOfWeek.Wednesday),
            step_minutes = 30,
        };
        var result = await AssertHttp.JsonAsync(await manager.PostAsJsonAsync("/api/v1/sessions/best-slots", body));
        Assert.Equal("America/New_York", result.GetProperty("time_zone").GetString());
        var slots = result.GetProperty("slots").EnumerateArray().ToList();
        Assert.NotEmpty(slots);
        Assert.True(result.GetProperty("refused").GetInt32() > 0); // e.g. 11:00-13:00, when coverage is tight, and after their shifts
        Assert.All(slots, s => Assert.NotEqual("breaks_target", s.GetProperty("verdict").GetString()));
        Assert.All(slots, s => Assert.True(s.GetProperty("allowed").GetBoolean()));
        // Ranked: spare supervisors never increase down the list among equally good slots.
        var spare = slots.Select(s => s.GetProperty("spare_supervisors").GetInt32()).ToList();
        Assert.Equal(spare.OrderByDescending(x => x), spare);
    }

    [ProviderTheory]
    [InlineData("past", "date")]
    [InlineData("too long", "length_minutes")]
    [InlineData("spring forward gap", "start")]
    [InlineData("no attendees", "attendees")]
    [InlineData("http link", "online_url")]
    [InlineData("line break in link", "online_url")]
    [InlineData("line break in title", "title")]
    [InlineData("line break in location", "location")]
    public async Task CreateSession_BadInput_422AndNothingWritten(string what, string field)
    {
        var manager = await App.BearerClientAsync(Demo.Manager);
        var yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var e = await App.EmployeeIdAsync("E0050");
        object body = what switch
        {
            "past" => new { title = "T", kind = "class", date = yesterday, start = "10:00", length_minutes = 60, attendees = new[] { e } },
            "too long" => new { title = "T", kind = "class", date = NextWeek(DayOfWeek.Monday), start = "08:00", length_minutes = 600, attendees = new[] { e } },
            "spring forward gap" => new { title = "T", kind = "exam", date = "2027-03-14", start = "02:30", length_minutes = 60, attendees = new[] { e } },
            "no attendees" => new { title = "T", kind = "class", date = NextWeek(DayOfWeek.Monday), start = "08:00", length_minutes = 60, attendees = Array.Empty<Guid>() },
            // A line break in a calendar value would start a property of its own (an ATTENDEE, a VALARM) in every invite.
            "line break in link" => new { title = "T", kind = "class", date = NextWeek(DayOfWeek.Monday), start = "08:00", length_minutes = 60, attendees = new[] { e }, online_url = "https://meet.example/x\r\nATTENDEE:mailto:eve@example.com\r\nBEGIN:VALARM" },
            "line break in title" => new { title = "T\r\nATTENDEE:mailto:eve@example.com", kind = "class", date = NextWeek(DayOfWeek.Monday), start = "08:00", length_minutes = 60, attendees = new[] { e } },
            "line break in location" => new { title = "T", kind = "class", date = NextWeek(DayOfWeek.Monday), start = "08:00", length_minutes = 60, attendees = new[] { e }, location = "Room 1\nBEGIN:VALARM" },
            _ => new { title = "T", kind = "class", date = NextWeek(DayOfWeek.Monday), start = "08:00", length_minutes = 60, attendees = new[] { e }, online_url = "http://example.com/x" },
        };
        var before = await App.SchedulingCountsAsync();
        var problem = await AssertHttp.JsonAsync(await manager.PostAsJsonAsync("/api/v1/sessions", body), HttpStatusCode.UnprocessableEntity, "application/problem+json");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(before, await App.SchedulingCountsAsync());
    }

    [ProviderFact]
    public async Task Manager_AttendeeOutsideTheirOrganization_403()
    {
        var manager = await App.BearerClientAsync(Demo.Manager);
        // E0095 supervises COL-T06, under the other Columbus operations manager.
        var response = await manager.PostAsJsonAsync("/api/v1/sessions", await SessionBody("Not mine", NextWeek(DayOfWeek.Monday), "09:00", 60, "E0095"));
        await AssertHttp.StatusAsync(response, HttpStatusCode.Forbidden);
    }

    [ProviderFact]
    public async Task Employee_SeesOnlyTheirSessions_AndCannotSchedule()
    {
        var manager = await App.BearerClientAsync(Demo.Manager);
        var mine = await AssertHttp.JsonAsync(await manager.PostAsJsonAsync("/api/v1/sessions", await SessionBody("For E0020", NextWeek(DayOfWeek.Thursday), "08:00", 60, "E0020")), HttpStatusCode.Created);
        var other = await AssertHttp.JsonAsync(await manager.PostAsJsonAsync("/api/v1/sessions", await SessionBody("Not for E0020", NextWeek(DayOfWeek.Thursday), "13:00", 60, "E0080")), HttpStatusCode.Created);

        var employee = await App.BearerClientAsync(Demo.Employee);
        var list = await AssertHttp.JsonAsync(await employee.GetAsync("/api/v1/sessions?page_size=500"));
        var ids = list.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("id").GetString()).ToList();
        Assert.Contains(mine.GetProperty("id").GetString(), ids);
        Assert.DoesNotContain(other.GetProperty("id").GetString(), ids);
        Assert.All(list.GetProperty("items").EnumerateArray(), s => Assert.Contains(s.GetProperty("attendees").EnumerateArray(), a => a.GetProperty("employee_id").GetString() == "E0020"));
        await AssertHttp.StatusAsync(await employee.GetAsync($"/api/v1/sessions/{other.GetProperty("id").GetString()}"), HttpStatusCode.NotFound);
        await AssertHttp.StatusAsync(await employee.GetAsync($"/api/v1/sessions/{other.GetProperty("id").GetString()}/invite.ics"), HttpStatusCode.NotFound);
        await AssertHttp.StatusAsync(await employee.GetAsync($"/api/v1/sessions/{mine.GetProperty("id").GetString()}/invite.ics"), HttpStatusCode.OK);

        var response = await employee.PostAsJsonAsync("/api/v1/sessions", await SessionBody("Self-scheduled", NextWeek(DayOfWeek.Thursday), "10:00", 60, "E0020"));
        await AssertHttp.StatusAsync(response, HttpStatusCode.Forbidden);
        await AssertHttp.StatusAsync(await employee.PostAsync($"/api/v1/sessions/{mine.GetProperty("id").GetString()}/cancel", null), HttpStatusCode.Forbidden);
    }

    [ProviderFact]
    public async Task Pages_SchedulerAndSession_Render()
    {
        var manager = await App.SignInAsAsync(Demo.Manager);
        var e20 = await App.EmployeeIdAsync("E0020");
        var e50 = await App.EmployeeIdAsync("E0050");
        var html = await AssertHttp.StatusAsync(await manager.GetAsync($"/Scheduling/Plan?Title=Class&Attendees={e20}&Attendees={e50}&LengthMinutes=60&From={NextWeek(DayOfWeek.Tuesday)}&To={NextWeek(DayOfWeek.Tuesday)}&Step=30"), HttpStatusCode.OK);
        Assert.Contains("<svg class=\"chart\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"slots\"", html, StringComparison.Ordinal);
        await AssertHttp.StatusAsync(await manager.GetAsync("/Scheduling/Sessions"), HttpStatusCode.OK);

        var employee = await App.SignInAsAsync(Demo.Employee);
        await AssertHttp.StatusAsync(await employee.GetAsync("/Scheduling/Sessions"), HttpStatusCode.OK);
        var queues = await AssertHttp.StatusAsync(await employee.GetAsync("/Scheduling/Queues"), HttpStatusCode.OK);
        Assert.Contains("Erlang A, patience 180 s", queues, StringComparison.Ordinal);
        Assert.Contains("at least one supervisor on the floor per 15 agents", queues, StringComparison.Ordinal);
        var denied = await employee.GetAsync("/Scheduling/Plan");
        Assert.True(denied.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Forbidden, denied.StatusCode.ToString());
    }

    /// <summary>
    /// The scheduler's other attendees come through the people picker: a name, a picked entry ("Jane Doe (E0035)") or an
    /// id finds the person, the field then shows the entry, and booking writes them onto the session. A name nobody in
    /// the manager's part of the organization has is reported and books nothing (not the session without them).
    /// </summary>
    [ProviderFact]
    public async Task Plan_OtherAttendeesByName_AreFoundShownAndBooked_AnUnknownNameBooksNothing()
    {
        var manager = await App.SignInAsAsync(Demo.Manager);
        var e35 = (await App.EmployeeAsync("E0035"))!;
        var name = $"{e35.FirstName} {e35.LastName}";
        var day = NextWeek(DayOfWeek.Thursday);
        var window = $"Title=Class&LengthMinutes=60&From={day}&To={day}&Step=60";

        var page = $"/Scheduling/Plan?{window}&Others={Uri.EscapeDataString(name)}&Others=E0065";
        var html = WebUtility.HtmlDecode(await AssertHttp.StatusAsync(await manager.GetAsync(page), HttpStatusCode.OK));
        Assert.DoesNotContain("not someone you can schedule", html, StringComparison.Ordinal);
        Assert.Contains("id=\"slots\"", html, StringComparison.Ordinal);
        Assert.Contains($"value=\"{name} (E0035)\"", html, StringComparison.Ordinal);
        Assert.Contains("<datalist id=\"people\">", html, StringComparison.Ordinal);

        var unknown = WebUtility.HtmlDecode(await AssertHttp.StatusAsync(await manager.GetAsync($"/Scheduling/Plan?{window}&Others=Nobody%20Called%20This"), HttpStatusCode.OK));
        Assert.Contains("Other attendees: \"Nobody Called This\" is not someone you can schedule", unknown, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"slots\"", unknown, StringComparison.Ordinal);

        // Book the best slot the page offered, with the others as the page posts them (the picked entries).
        var date = Regex.Match(html, "name=\"Date\" value=\"([^\"]+)\"").Groups[1].Value;
        var start = Regex.Match(html, "name=\"Start\" value=\"([^\"]+)\"").Groups[1].Value;
        var token = await CertDeskApp.AntiforgeryTokenAsync(manager, page);
        FormUrlEncodedContent Book(params string[] others) => new(
            new[] { ("Title", "Class"), ("Kind", "class"), ("LengthMinutes", "60"), ("Date", date), ("Start", start), ("__RequestVerificationToken", token) }
                .Concat(others.Select(o => ("Others", o)))
                .Select(p => new KeyValuePair<string, string>(p.Item1, p.Item2)));

        var before = (await App.SchedulingCountsAsync()).Sessions;
        var refused = WebUtility.HtmlDecode(await AssertHttp.StatusAsync(await manager.PostAsync("/Scheduling/Plan?handler=Book", Book($"{name} (E0035)", "Nobody Called This")), HttpStatusCode.OK));
        Assert.Contains("\"Nobody Called This\" is not someone you can schedule", refused, StringComparison.Ordinal);
        Assert.Equal(before, (await App.SchedulingCountsAsync()).Sessions);

        var booked = await manager.PostAsync("/Scheduling/Plan?handler=Book", Book($"{name} (E0035)", "e0065"));
        await AssertHttp.RedirectsToAsync(booked, "/Scheduling/Sessions/Details/");
        var id = booked.Headers.Location!.ToString().Split('/')[^1];
        var api = await App.BearerClientAsync(Demo.Manager);
        var session = await AssertHttp.JsonAsync(await api.GetAsync($"/api/v1/sessions/{id}"));
        Assert.Equal(["E0035", "E0065"], session.GetProperty("attendees").EnumerateArray().Select(a => a.GetProperty("employee_id").GetString()!).Order(StringComparer.Ordinal));
    }
}

public sealed class SqliteSessionApiTests(SqliteDemoApp fixture) : SessionApiTests(fixture), IClassFixture<SqliteDemoApp>;

public sealed class PostgresSessionApiTests(PostgresDemoApp fixture) : SessionApiTests(fixture), IClassFixture<PostgresDemoApp>, IPostgresTests;

/// <summary>Queues and coverage rules: the program team creates them, with 422 for bad targets; managers may only read.</summary>
public abstract class QueueApiTests(AppFixture fixture)
{
    private CertDeskApp App => fixture.App;

    [ProviderFact]
    public async Task Queues_DemoQueuesListed_ManagerCannotCreate_BadTargets422()
    {
        var manager = await App.BearerClientAsync(Demo.Manager);
        var list = await AssertHttp.JsonAsync(await manager.GetAsync("/api/v1/queues"));
        Assert.Equal(5, list.GetProperty("total").GetInt32());
        var retention = list.GetProperty("items").EnumerateArray().Single(q => q.GetProperty("name").GetString() == "Columbus Retention");
        Assert.Equal(180, retention.GetProperty("patience_seconds").GetInt32());
        Assert.Equal(["COL-T04", "COL-T09"], retention.GetProperty("teams").EnumerateArray().Select(t => t.GetString()));

        var (siteId, _) = await App.SiteAsync("Phoenix");
        await AssertHttp.StatusAsync(await manager.PostAsJsonAsync("/api/v1/queues", new { name = "Phoenix Billing", site_id = siteId, service_level = 0.8, target_seconds = 20 }), HttpStatusCode.Forbidden);

        var hr = await App.BearerClientAsync(Demo.Hr);
        var bad = await AssertHttp.JsonAsync(await hr.PostAsJsonAsync("/api/v1/queues",
            new { name = "Phoenix Billing", site_id = siteId, teams = new[] { "PHX-T01", "NOPE" }, service_level = 80, target_seconds = -1, shrinkage = 1 }),
            HttpStatusCode.UnprocessableEntity, "application/problem+json");
        var errors = bad.GetProperty("errors");
        foreach (var field in new[] { "teams", "service_level", "target_seconds", "shrinkage" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {bad}");
        }
        var created = await AssertHttp.JsonAsync(await hr.PostAsJsonAsync("/api/v1/queues",
            new { name = "Phoenix Billing", site_id = siteId, teams = new[] { "PHX-T01" }, service_level = 0.8, target_seconds = 20, max_occupancy = 0.85 }), HttpStatusCode.Created);
        Assert.Equal("PHX-T01", Assert.Single(created.GetProperty("teams").EnumerateArray()).GetString());

        var rule = await AssertHttp.JsonAsync(await hr.PostAsJsonAsync("/api/v1/coverage-rules", new { site_id = siteId, agents_per_supervisor = 0 }), HttpStatusCode.UnprocessableEntity, "application/problem+json");
        Assert.True(rule.GetProperty("errors").TryGetProperty("agents_per_supervisor", out _));
        await AssertHttp.JsonAsync(await hr.PostAsJsonAsync("/api/v1/coverage-rules", new { site_id = siteId, agents_per_supervisor = 12, minimum_supervisors = 1 }), HttpStatusCode.Created);
    }
}

public sealed class SqliteQueueApiTests(SqliteDemoApp fixture) : QueueApiTests(fixture), IClassFixture<SqliteDemoApp>;

public sealed class PostgresQueueApiTests(PostgresDemoApp fixture) : QueueApiTests(fixture), IClassFixture<PostgresDemoApp>, IPostgresTests;
