using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using CertDesk.Features.Organization;
using CertDesk.Tests.Infrastructure;

namespace CertDesk.Tests.Features.Tuition;

/// <summary>
/// Recording a separation previews, before saving, what each open agreement will owe; the saved repayment equals the
/// preview (one calculation, <c>SeparationRules</c>); a date before hire or more than a year ahead is refused with nothing written.
/// </summary>
public abstract class SeparationPreviewTests(AppFixture fixture)
{
    private CertDeskApp App => fixture.App;

    private static string Day(DateTime d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [ProviderFact]
    public async Task Preview_EqualsTheSavedRepayment_BadDatesRefusedNothingWritten()
    {
        var (agreementId, _) = await PaymentsTests.SignedAgreementAsync(App, "SEPA", commitmentStart: "completion");
        var hr = await App.SignInAsAsync(Demo.Hr);
        var employeeId = await App.EmployeeIdAsync("E0020");
        var today = Day(DateTime.UtcNow);

        // Before hire and more than a year ahead: refused, the person stays employed.
        var early = await AssertHttp.JsonAsync(await hr.PostAsJsonAsync("/api/v1/separations/preview", new { employee_id = employeeId, separation_date = "1990-01-01", reason = "resignation" }),
            HttpStatusCode.UnprocessableEntity, "application/problem+json");
        Assert.Contains("before the hire date", early.GetProperty("errors").GetProperty("separation_date")[0].GetString(), StringComparison.Ordinal);
        var late = await AssertHttp.JsonAsync(await hr.PostAsJsonAsync("/api/v1/separations", new { employee_id = employeeId, separation_date = Day(DateTime.UtcNow.AddYears(1).AddDays(2)), reason = "resignation" }),
            HttpStatusCode.UnprocessableEntity, "application/problem+json");
        Assert.Contains("more than a year from today", late.GetProperty("errors").GetProperty("separation_date")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(EmploymentStatus.Active, (await App.EmployeeAsync("E0020"))!.Status);

        // The employee's exposure on the agreement's page: the same figure the preview and the repayment give.
        var page = await (await App.SignInAsAsync(Demo.Employee)).GetStringAsync($"/Agreements/Details/{agreementId}?LeaveOn={today}");
        Assert.Contains($"Resigning on {today}: <strong>2,500.00 USD</strong>", page, StringComparison.Ordinal);
        Assert.Contains("rule: not_completed", page, StringComparison.Ordinal);

        // Resigning before the credential is earned: not completed, 100 % of the 2,500 funded.
        var preview = await AssertHttp.JsonAsync(await hr.PostAsJsonAsync("/api/v1/separations/preview", new { employee_id = employeeId, separation_date = today, reason = "resignation" }));
        var row = preview.EnumerateArray().Single(r => r.GetProperty("agreement_id").GetGuid() == agreementId);
        Assert.Equal("not_completed", row.GetProperty("rule").GetString());
        Assert.Equal(2500.00m, row.GetProperty("owed").GetDecimal());
        Assert.False(row.GetProperty("commitment_started").GetBoolean());
        Assert.Equal(EmploymentStatus.Active, (await App.EmployeeAsync("E0020"))!.Status);
        await AssertHttp.StatusAsync(await (await App.SignInAsAsync(Demo.Manager)).PostAsJsonAsync("/api/v1/separations/preview", new { employee_id = employeeId, separation_date = today, reason = "resignation" }), HttpStatusCode.Forbidden);

        await AssertHttp.JsonAsync(await hr.PostAsJsonAsync("/api/v1/separations", new { employee_id = employeeId, separation_date = today, reason = "resignation" }));
        var repayments = await AssertHttp.JsonAsync(await hr.GetAsync("/api/v1/repayments?page_size=200"));
        var saved = repayments.GetProperty("items").EnumerateArray().Single(r => r.GetProperty("agreement_id").GetGuid() == agreementId);
        Assert.Equal(row.GetProperty("owed").GetDecimal(), saved.GetProperty("owed").GetDecimal());
        Assert.Equal(row.GetProperty("rule").GetString(), saved.GetProperty("rule").GetString());
        Assert.Equal(row.GetProperty("months_served").GetInt32(), saved.GetProperty("months_served").GetInt32());
    }
}

public sealed class SqliteSeparationPreviewTests(SqliteDemoApp fixture) : SeparationPreviewTests(fixture), IClassFixture<SqliteDemoApp>;

public sealed class PostgresSeparationPreviewTests(PostgresDemoApp fixture) : SeparationPreviewTests(fixture), IClassFixture<PostgresDemoApp>, IPostgresTests;
