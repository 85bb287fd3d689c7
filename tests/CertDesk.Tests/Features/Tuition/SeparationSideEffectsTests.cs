using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CertDesk.Features.Organization;
using CertDesk.Tests.Infrastructure;

namespace CertDesk.Tests.Features.Tuition;

/// <summary>
/// Saving a separation closes the person's open enrollments, takes them off future sessions (with the calendar
/// cancellation), opens the repayments and e-mails them a statement (amounts with the currency, schedule, how to pay,
/// how to dispute). A separation dated ahead is recorded now and applied by the background run on its date.
/// </summary>
public abstract class SeparationSideEffectsTests(AppFixture fixture)
{
    private CertDeskApp App => fixture.App;

    private static string Day(DateTimeOffset d) => d.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string NextWeek()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, zone));
        return today.AddDays(8).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    [ProviderFact]
    public async Task SeparationSaved_ClosesEnrollments_LeavesFutureSessions_OpensTheRepayment_EmailsTheStatement()
    {
        var (agreementId, enrollment) = await PaymentsTests.SignedAgreementAsync(App, "SEPS", commitmentStart: "completion");
        var hr = await App.SignInAsAsync(Demo.Hr);
        var manager = await App.SignInAsAsync(Demo.Manager);
        var employeeId = await App.EmployeeIdAsync("E0020");
        var colleague = await App.EmployeeIdAsync("E0035");
        var session = await AssertHttp.JsonAsync(await manager.PostAsJsonAsync("/api/v1/sessions", new
        {
            title = "Separation class",
            kind = "class",
            date = NextWeek(),
            start = "10:00",
            length_minutes = 60,
            attendees = new[] { employeeId, colleague },
            location = "Room 1",
        }), HttpStatusCode.Created);
        var sessionId = session.GetProperty("id").GetGuid();
        var today = Day(DateTimeOffset.UtcNow);

        var saved = await AssertHttp.JsonAsync(await hr.PostAsJsonAsync("/api/v1/separations", new { employee_id = employeeId, separation_date = today, reason = "resignation" }));
        Assert.Equal("separated", saved.GetProperty("status").GetString());

        // The open enrollment is closed, the separation named on its last transition.
        var closed = await AssertHttp.JsonAsync(await hr.GetAsync($"/api/v1/enrollments/{enrollment}"));
        Assert.Equal("withdrawn", closed.GetProperty("status").GetString());
        Assert.Equal($"closed: separated on {today} (resignation)", closed.GetProperty("transitions").EnumerateArray().Last().GetProperty("note").GetString());

        // Off the future session: the colleague stays, the invite's sequence went up, the person got the CANCEL.
        var after = await AssertHttp.JsonAsync(await manager.GetAsync($"/api/v1/sessions/{sessionId}"));
        Assert.Equal([colleague], after.GetProperty("attendees").EnumerateArray().Select(a => a.GetProperty("id").GetGuid()));
        Assert.Equal(1, after.GetProperty("sequence").GetInt32());
        var cancel = Assert.Single(await App.OutboxAsync($"session:{sessionId:N}:1:CANCEL:"));
        Assert.Equal(Demo.Employee, cancel.To);
        Assert.Contains("method=CANCEL", cancel.Attachments.Single().ContentType, StringComparison.Ordinal);

        // The repayment: resigning before the credential, not completed: 100 % of 2,500.
        var repayment = (await AssertHttp.JsonAsync(await hr.GetAsync("/api/v1/repayments?page_size=200"))).GetProperty("items").EnumerateArray()
            .Single(r => r.GetProperty("agreement_id").GetGuid() == agreementId);
        Assert.Equal(2500.00m, repayment.GetProperty("owed").GetDecimal());

        // The statement: amounts with the currency, 6 deductions every two weeks (2,500 / 6 = 416.66, the last 416.70), how to pay and dispute.
        var statement = Assert.Single(await App.OutboxAsync($"separation:{employeeId:N}:statement"));
        Assert.Equal((Demo.Employee, "Your tuition repayment statement"), (statement.To, statement.Subject));
        Assert.Contains($"Your employment ends on {today} (resignation).", statement.Body, StringComparison.Ordinal);
        Assert.Contains($"- SEPS Payments certification SEPS: funded USD 2,500.00; rule not_completed; 0 of 24 months served; 100 % = USD 2,500.00 owed (reference {repayment.GetProperty("id").GetGuid()}).", statement.Body, StringComparison.Ordinal);
        Assert.Contains("Total owed: USD 2,500.00. Repayment is interest-free.", statement.Body, StringComparison.Ordinal);
        var start = DateOnly.FromDateTime(DateTime.UtcNow);
        Assert.Contains($"- {start:yyyy-MM-dd}: USD 416.66\n", statement.Body, StringComparison.Ordinal);
        Assert.Contains($"- {start.AddDays(70):yyyy-MM-dd}: USD 416.70\n", statement.Body, StringComparison.Ordinal);
        Assert.Contains("How to pay", statement.Body, StringComparison.Ordinal);
        Assert.Contains("How to dispute", statement.Body, StringComparison.Ordinal);
        Assert.Matches($@"https?://[^/\s]+/Agreements/Details/{agreementId}", statement.Body);

        // Replayed (the background run tells the listeners again): nothing twice.
        await App.RunRemindersAsync(DateTimeOffset.UtcNow);
        Assert.Single(await App.OutboxAsync($"separation:{employeeId:N}:statement"));
        Assert.Single(await App.OutboxAsync($"session:{sessionId:N}:1:CANCEL:"));
        Assert.Equal(1, (await AssertHttp.JsonAsync(await manager.GetAsync($"/api/v1/sessions/{sessionId}"))).GetProperty("sequence").GetInt32());
    }

    [ProviderFact]
    public async Task SeparationDatedAhead_RecordedNow_TakesEffectOnItsDate_ThroughTheBackgroundRun()
    {
        var hr = await App.SignInAsAsync(Demo.Hr);
        await App.AddCertificationAsync("SEPF", "Future separation certification");
        var employeeId = await App.EmployeeIdAsync("E0021");
        Assert.Equal(EmploymentStatus.Active, (await App.EmployeeAsync("E0021"))!.Status);
        var enrollment = (await AssertHttp.JsonAsync(await hr.PostAsJsonAsync("/api/v1/enrollments", new
        {
            employee_id = employeeId,
            certification_id = await App.CertificationIdAsync("SEPF"),
        }), HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var now = DateTimeOffset.UtcNow;
        var leaves = now.AddDays(5);

        var recorded = await AssertHttp.JsonAsync(await hr.PostAsJsonAsync("/api/v1/separations", new { employee_id = employeeId, separation_date = Day(leaves), reason = "resignation" }));
        Assert.Equal("scheduled", recorded.GetProperty("status").GetString());
        var pending = (await App.EmployeeAsync("E0021"))!;
        Assert.Equal((EmploymentStatus.Active, DateOnly.FromDateTime(leaves.UtcDateTime), "resignation"), (pending.Status, pending.SeparationDate, pending.SeparationReason));

        // Recorded once: a second separation for the same person is refused.
        var twice = await AssertHttp.JsonAsync(await hr.PostAsJsonAsync("/api/v1/separations", new { employee_id = employeeId, separation_date = Day(now), reason = "layoff" }),
            HttpStatusCode.UnprocessableEntity, "application/problem+json");
        Assert.Contains($"already has a separation recorded for {Day(leaves)}", twice.GetProperty("errors").GetProperty("employee_id")[0].GetString(), StringComparison.Ordinal);

        // Before its date the run leaves the person employed and the enrollment open.
        await App.RunRemindersAsync(now);
        await App.RunRemindersAsync(leaves.AddDays(-1));
        Assert.Equal(EmploymentStatus.Active, (await App.EmployeeAsync("E0021"))!.Status);
        Assert.Equal("planned", (await AssertHttp.JsonAsync(await hr.GetAsync($"/api/v1/enrollments/{enrollment}"))).GetProperty("status").GetString());

        // On its date the run applies it, once.
        await App.RunRemindersAsync(leaves);
        await App.RunRemindersAsync(leaves.AddHours(1));
        Assert.Equal(EmploymentStatus.Separated, (await App.EmployeeAsync("E0021"))!.Status);
        var closed = await AssertHttp.JsonAsync(await hr.GetAsync($"/api/v1/enrollments/{enrollment}"));
        Assert.Equal("withdrawn", closed.GetProperty("status").GetString());
        Assert.Single(closed.GetProperty("transitions").EnumerateArray(), t => t.GetProperty("to").GetString() == "withdrawn");
    }
}

public sealed class SqliteSeparationSideEffectsTests(SqliteDemoApp fixture) : SeparationSideEffectsTests(fixture), IClassFixture<SqliteDemoApp>;

public sealed class PostgresSeparationSideEffectsTests(PostgresDemoApp fixture) : SeparationSideEffectsTests(fixture), IClassFixture<PostgresDemoApp>, IPostgresTests;
