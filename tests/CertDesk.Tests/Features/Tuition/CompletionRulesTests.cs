using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CertDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CertDesk.Tests.Features.Tuition;

/// <summary>
/// The completion rules are applied as events happen: a failed final attempt (the catalog's limit), a pass below the
/// minimum grade, and a deadline passed (checked by the reminder run) end the enrollment as not completed; under a
/// signed agreement whose policy names not_completed, the repayment opens under the not-completed rule and the person
/// gets a statement. Before a deadline the person and their manager are warned once, with an absolute link.
/// </summary>
public abstract class CompletionRulesTests(AppFixture fixture)
{
    private CertDeskApp App => fixture.App;

    private static string Day(DateTimeOffset d) => d.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Today => Day(DateTimeOffset.UtcNow);

    private async Task<string> EnrollAsync(string code, object? extra = null)
    {
        var hr = await App.SignInAsAsync(Demo.Hr);
        await App.AddCertificationAsync(code, "Completion certification " + code);
        var body = new Dictionary<string, object?>
        {
            ["employee_id"] = await App.EmployeeIdAsync("E0020"),
            ["certification_id"] = await App.CertificationIdAsync(code),
        };
        foreach (var p in extra?.GetType().GetProperties() ?? [])
        {
            body[p.Name] = p.GetValue(extra);
        }
        return (await AssertHttp.JsonAsync(await hr.PostAsJsonAsync("/api/v1/enrollments", body), HttpStatusCode.Created)).GetProperty("id").GetString()!;
    }

    private async Task<JsonElement> MoveAsync(string enrollment, string to, string? examDate = null)
    {
        var client = await App.SignInAsAsync(to == "approved" ? Demo.Manager : Demo.Employee);
        return await AssertHttp.JsonAsync(await client.PostAsJsonAsync($"/api/v1/enrollments/{enrollment}/transitions", new { to, exam_date = examDate, note = "test" }));
    }

    private async Task ToExamAsync(string enrollment)
    {
        foreach (var to in new[] { "approved", "enrolled", "in_progress" })
        {
            await MoveAsync(enrollment, to);
        }
        await MoveAsync(enrollment, "exam_scheduled", Today);
    }

    private async Task<JsonElement> AttemptAsync(string enrollment, decimal score) =>
        await AssertHttp.JsonAsync(await (await App.SignInAsAsync(Demo.Employee)).PostAsJsonAsync($"/api/v1/enrollments/{enrollment}/attempts", new { taken_on = Today, score }));

    private async Task<JsonElement> EnrollmentAsync(string enrollment) =>
        await AssertHttp.JsonAsync(await (await App.SignInAsAsync(Demo.Hr)).GetAsync($"/api/v1/enrollments/{enrollment}"));

    [ProviderFact]
    public async Task FailedFinalAttempt_NotCompleted_OpensTheNotCompletedRepayment_AndEmailsTheStatement()
    {
        var (agreementId, enrollment) = await PaymentsTests.SignedAgreementAsync(App, "CRA", commitmentStart: "completion");
        await App.QueryAsync(db => db.Certifications.Where(c => c.Code == "CRA").ExecuteUpdateAsync(s => s.SetProperty(c => c.ExamAttempts, 2)));
        await ToExamAsync(enrollment);

        // Attempt 1 of 2 failed: failed, may be retaken, nothing owed yet.
        await AttemptAsync(enrollment, 50);
        Assert.Equal("failed", (await EnrollmentAsync(enrollment)).GetProperty("status").GetString());
        var hr = await App.SignInAsAsync(Demo.Hr);
        async Task<JsonElement?> RepaymentAsync() => (await AssertHttp.JsonAsync(await hr.GetAsync("/api/v1/repayments?page_size=200")))
            .GetProperty("items").EnumerateArray().Where(r => r.GetProperty("agreement_id").GetGuid() == agreementId).Select(r => (JsonElement?)r).SingleOrDefault();
        Assert.Null(await RepaymentAsync());

        // Attempt 2 of 2 failed: the final one. Not completed (final), the reason named on the enrollment.
        await MoveAsync(enrollment, "exam_scheduled", Today);
        await AttemptAsync(enrollment, 55);
        var ended = await EnrollmentAsync(enrollment);
        Assert.Equal("not_completed", ended.GetProperty("status").GetString());
        Assert.Equal(0, ended.GetProperty("next_statuses").GetArrayLength());
        Assert.Equal("not_met", ended.GetProperty("completion").GetProperty("state").GetString());
        Assert.Contains("failed the final attempt (2 of 2 allowed)", ended.GetProperty("completion").GetProperty("reasons")[0].GetString(), StringComparison.Ordinal);

        // The policy names not_completed (the default): 100 % of the 2,500 funded, the agreement closed, a statement mailed.
        var repayment = await RepaymentAsync() ?? throw new InvalidOperationException("no repayment opened");
        Assert.Equal(("not_completed", "not_completed", 2500.00m, "open"), (repayment.GetProperty("reason").GetString(), repayment.GetProperty("rule").GetString(), repayment.GetProperty("owed").GetDecimal(), repayment.GetProperty("status").GetString()));
        Assert.Equal("closed", (await AssertHttp.JsonAsync(await hr.GetAsync($"/api/v1/agreements/{agreementId}"))).GetProperty("status").GetString());
        var statement = Assert.Single(await App.OutboxAsync($"repayment:{repayment.GetProperty("id").GetGuid():N}:statement"));
        Assert.Equal(Demo.Employee, statement.To);
        Assert.Contains("funded USD 2,500.00; rule not_completed", statement.Body, StringComparison.Ordinal);
        Assert.Contains("Total owed: USD 2,500.00", statement.Body, StringComparison.Ordinal);
        Assert.Contains("How to dispute", statement.Body, StringComparison.Ordinal);
        Assert.Matches($@"https?://[^/\s]+/Agreements/Details/{agreementId}", statement.Body); // absolute

        // No further attempt, no way back by hand.
        var again = await (await App.SignInAsAsync(Demo.Employee)).PostAsJsonAsync($"/api/v1/enrollments/{enrollment}/transitions", new { to = "exam_scheduled", exam_date = Today });
        await AssertHttp.StatusAsync(again, HttpStatusCode.Conflict);
    }

    [ProviderFact]
    public async Task PassBelowTheMinimumGrade_NotCompleted_TheCredentialStillIssued()
    {
        var enrollment = await EnrollAsync("CRG", new { minimum_score = 80m, pass_mark = 70m });
        await ToExamAsync(enrollment);
        var before = (await EnrollmentAsync(enrollment)).GetProperty("completion");
        Assert.Equal(80m, before.GetProperty("minimum_score").GetDecimal());

        await AttemptAsync(enrollment, 75);
        var ended = await EnrollmentAsync(enrollment);
        Assert.Equal("not_completed", ended.GetProperty("status").GetString());
        Assert.Contains("score 75 is below the minimum grade 80", ended.GetProperty("completion").GetProperty("reasons")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.String, ended.GetProperty("credential_id").ValueKind); // the exam was passed: the credential is real
        var transition = ended.GetProperty("transitions").EnumerateArray().Last();
        Assert.Equal(("exam_scheduled", "not_completed"), (transition.GetProperty("from").GetString(), transition.GetProperty("to").GetString()));
        Assert.StartsWith("attempt 1: score 75 against the pass mark 70; not completed: score 75 is below the minimum grade 80", transition.GetProperty("note").GetString(), StringComparison.Ordinal);
    }

    [ProviderFact]
    public async Task Deadline_WarnsThePersonAndTheManagerOnce_ThenMissed_NotCompletedOnce()
    {
        var now = DateTimeOffset.UtcNow;
        var deadline = now.AddDays(10);
        var enrollment = await EnrollAsync("CRD", new { deadline = Day(deadline) });
        var id = Guid.Parse(enrollment);

        // 10 days before the deadline the 30-day warning (the closest offset that has come) goes to the person and their manager.
        await App.RunRemindersAsync(now);
        await App.RunRemindersAsync(now.AddHours(1));
        var reminders = await App.QueryAsync(db => db.Reminders.AsNoTracking().Where(r => r.SubjectId == id).OrderBy(r => r.Kind).Select(r => new { r.Kind, r.SentAt }).ToListAsync());
        Assert.Equal(["deadline_30d", "deadline_manager_30d"], reminders.Select(r => r.Kind));
        Assert.All(reminders, r => Assert.NotNull(r.SentAt));
        var keys = (await App.QueryAsync(db => db.Reminders.AsNoTracking().Where(r => r.SubjectId == id).Select(r => r.Id).ToListAsync())).Select(r => $"reminder:{r:N}").ToList();
        var mails = await App.QueryAsync(db => db.OutboxMessages.AsNoTracking().Where(m => keys.Contains(m.Key)).ToListAsync());
        Assert.Equal([Demo.Employee, Demo.Manager], mails.Select(m => m.To).Order(StringComparer.Ordinal));
        Assert.All(mails, m => Assert.Matches($@"https?://[^/\s]+/Enrollments/Details/{id}", m.Body)); // absolute
        Assert.Contains(mails, m => m.Body.Contains($"'s CRD completion deadline {Day(deadline)} is in 30 days", StringComparison.Ordinal));

        // The day after the deadline the run ends the enrollment as not completed, exactly once however often it runs.
        var after = deadline.AddDays(1);
        await App.RunRemindersAsync(after);
        await App.RunRemindersAsync(after.AddHours(1));
        var ended = await EnrollmentAsync(enrollment);
        Assert.Equal("not_completed", ended.GetProperty("status").GetString());
        var notCompleted = ended.GetProperty("transitions").EnumerateArray().Where(t => t.GetProperty("to").GetString() == "not_completed").ToList();
        var only = Assert.Single(notCompleted);
        Assert.Equal("system:completion", only.GetProperty("actor").GetString());
        Assert.Contains($"the deadline {Day(deadline)} (certification) passed without a pass", only.GetProperty("note").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, await App.QueryAsync(db => db.Reminders.CountAsync(r => r.SubjectId == id)));
    }
}

public sealed class SqliteCompletionRulesTests(SqliteDemoApp fixture) : CompletionRulesTests(fixture), IClassFixture<SqliteDemoApp>;

public sealed class PostgresCompletionRulesTests(PostgresDemoApp fixture) : CompletionRulesTests(fixture), IClassFixture<PostgresDemoApp>, IPostgresTests;
