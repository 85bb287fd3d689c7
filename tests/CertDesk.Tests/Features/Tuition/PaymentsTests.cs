using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CertDesk.Features.Agreements;
using CertDesk.Features.Enrollments;
using CertDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CertDesk.Tests.Features.Tuition;

/// <summary>
/// Tuition and materials are payments under the signed agreement: within what it funds and the policy's annual cap, or
/// refused unless the approver gives an override reason (audited); approving moves the agreement's last payment date;
/// the tax report and the payroll export count every payment on its own date. Figures computed by hand.
/// </summary>
public abstract class PaymentsTests(AppFixture fixture)
{
    private CertDeskApp App => fixture.App;

    private static readonly byte[] Pdf = [.. "%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"u8.ToArray()];

    private static string Today => DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static int Year => DateTime.UtcNow.Year;

    private static MultipartFormDataContent Payment(string category, string amount, string? currency = null, string fileName = "receipt.pdf", byte[]? receipt = null)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(category), "category" }, { new StringContent(amount), "amount" }, { new StringContent(Today), "incurred_on" },
        };
        if (currency is not null)
        {
            form.Add(new StringContent(currency), "currency");
        }
        var file = new ByteArrayContent(receipt ?? Pdf);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "receipt", fileName);
        return form;
    }

    private static async Task SignAsync(HttpClient client, string url)
    {
        var name = (await AssertHttp.JsonAsync(await client.GetAsync("/api/v1/me"))).GetProperty("name").GetString();
        await AssertHttp.JsonAsync(await client.PostAsJsonAsync(url, new { consent_to_electronic_records = true, intent = true, typed_name = name, password = Demo.Password }));
    }

    /// <summary>A published policy (annual cap 3,000, tax-free limit 1,000), an agreement funding 2,500 signed by both, and an enrollment.</summary>
    internal static async Task<(Guid Agreement, string Enrollment)> SignedAgreementAsync(CertDeskApp app, string code, string commitmentStart = "payment")
    {
        var hr = await app.SignInAsAsync(Demo.Hr);
        var admin = await app.SignInAsAsync(Demo.Admin);
        await app.AddCertificationAsync(code, "Payments certification " + code);
        var policy = await AssertHttp.JsonAsync(await hr.PostAsJsonAsync("/api/v1/policies", new Dictionary<string, object?>
        {
            ["code"] = "TP-" + code,
            ["name"] = "Tuition policy " + code,
            ["annual_cap"] = 3000m,
            ["tax_free_annual_limit"] = 1000m,
            ["commitment_months"] = 24,
            ["commitment_start"] = commitmentStart,
            ["proration"] = "tiers",
            ["tiers"] = new[] { new { from_month = 0, until_month = 12, percent = 100m }, new { from_month = 12, until_month = 24, percent = 50m } },
        }), HttpStatusCode.Created);
        var policyId = policy.GetProperty("id").GetGuid();
        await AssertHttp.JsonAsync(await admin.PostAsync($"/api/v1/policies/{policyId}/publish", null));
        var employeeId = await app.EmployeeIdAsync("E0020");
        var agreement = await AssertHttp.JsonAsync(await hr.PostAsJsonAsync("/api/v1/agreements", new
        {
            employee_id = employeeId,
            policy_id = policyId,
            certification_code = code,
            certification_name = "Payments certification " + code,
            funded_amount = 2500m,
        }), HttpStatusCode.Created);
        var id = agreement.GetProperty("id").GetGuid();
        await SignAsync(await app.SignInAsAsync(Demo.Employee), $"/api/v1/agreements/{id}/sign");
        await SignAsync(hr, $"/api/v1/agreements/{id}/countersign");
        var enrollment = await AssertHttp.JsonAsync(await hr.PostAsJsonAsync("/api/v1/enrollments", new
        {
            employee_id = employeeId,
            certification_id = await app.CertificationIdAsync(code),
            deadline = DateTime.UtcNow.AddDays(120).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        }), HttpStatusCode.Created);
        return (id, enrollment.GetProperty("id").GetString()!);
    }

    private async Task<string> SubmitAsync(string enrollment, string category, string amount)
    {
        var employee = await App.SignInAsAsync(Demo.Employee);
        var added = await AssertHttp.JsonAsync(await employee.PostAsync($"/api/v1/enrollments/{enrollment}/expenses", Payment(category, amount)));
        return added.GetProperty("expenses").EnumerateArray().Last().GetProperty("id").GetString()!;
    }

    private Task<ExpenseLine> ExpenseAsync(string id) => App.QueryAsync(db => db.ExpenseLines.AsNoTracking().SingleAsync(x => x.Id == Guid.Parse(id)));

    [ProviderFact]
    public async Task Payments_WithinLimits_Approved_OverTheFundedAmount_RefusedThenOverridden_TaxAndPayrollCountEachPayment()
    {
        var (agreementId, enrollment) = await SignedAgreementAsync(App, "PAYA");
        var hr = await App.SignInAsAsync(Demo.Hr);
        var director = await App.SignInAsAsync(Demo.Director);

        // 2,000 tuition fits the 2,500 funded and the 3,000 cap: HR approves, the payment is tied to the agreement, whose last payment is today.
        var first = await SubmitAsync(enrollment, "tuition", "2000.00");
        await AssertHttp.StatusAsync(await hr.PostAsJsonAsync($"/api/v1/expenses/{first}/decision", new { decision = "approve" }), HttpStatusCode.NoContent);
        Assert.Equal(agreementId, (await ExpenseAsync(first)).AgreementId);
        var agreement = await App.QueryAsync(db => db.Agreements.AsNoTracking().SingleAsync(a => a.Id == agreementId));
        Assert.Equal(DateOnly.FromDateTime(DateTime.UtcNow), agreement.PaidOn);

        // 600 materials would bring the agreement to 2,600 > 2,500: refused with the figures, nothing written.
        var second = await SubmitAsync(enrollment, "materials", "600.00");
        var refused = await AssertHttp.JsonAsync(await director.PostAsJsonAsync($"/api/v1/expenses/{second}/decision", new { decision = "approve" }), HttpStatusCode.UnprocessableEntity, "application/problem+json");
        Assert.Contains("would bring this agreement's payments to 2,600.00 USD, over the 2,500.00 USD it funds", refused.GetProperty("errors").GetProperty("amount")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(ExpenseState.Submitted, (await ExpenseAsync(second)).State);

        // Finance (the director) overrides with a reason: approved, the reason kept with the limit it passed, audited.
        await AssertHttp.StatusAsync(await director.PostAsJsonAsync($"/api/v1/expenses/{second}/decision", new { decision = "approve", override_reason = "exam board raised the fee" }), HttpStatusCode.NoContent);
        var overridden = await ExpenseAsync(second);
        Assert.Equal(ExpenseState.Approved, overridden.State);
        Assert.StartsWith("exam board raised the fee (past: 600.00 USD would bring", overridden.OverrideReason, StringComparison.Ordinal);
        Assert.Equal("director@demo.local", overridden.DecidedBy);
        Assert.Contains(await App.AuditEntriesAsync(nameof(ExpenseLine), second), e => e.After?.Contains("exam board raised the fee", StringComparison.Ordinal) == true);

        // The agreement's page lists both payments and what they add up to against what it funds.
        var page = System.Net.WebUtility.HtmlDecode(await (await App.SignInAsAsync(Demo.Employee)).GetStringAsync($"/Agreements/Details/{agreementId}"));
        Assert.Contains("Paid USD 2,600.00 of the USD 2,500.00 the agreement funds (USD 100.00 over, by override).", page, StringComparison.Ordinal);
        Assert.Contains("exam board raised the fee", page, StringComparison.Ordinal);

        // 500 more tuition: 3,100 on the agreement and 3,100 in the year > the 3,000 cap: both limits named.
        var third = await SubmitAsync(enrollment, "tuition", "500.00");
        var both = await AssertHttp.JsonAsync(await hr.PostAsJsonAsync($"/api/v1/expenses/{third}/decision", new { decision = "approve" }), HttpStatusCode.UnprocessableEntity, "application/problem+json");
        var message = both.GetProperty("errors").GetProperty("amount")[0].GetString()!;
        Assert.Contains($"would bring {Year} payments to 3,100.00 USD, over the policy's annual cap of 3,000.00 USD", message, StringComparison.Ordinal);

        // Tax year: 2,600 paid, limit 1,000 -> 1,600 taxable. Payroll export: the same figure in CSV and XLSX.
        var taxes = await AssertHttp.JsonAsync(await hr.GetAsync($"/api/v1/policies/tax-report?year={Year}"));
        var row = taxes.EnumerateArray().Single(r => r.GetProperty("employee_number").GetString() == "E0020");
        Assert.Equal(2600.00m, row.GetProperty("paid").GetDecimal());
        Assert.Equal(1600.00m, row.GetProperty("taxable").GetDecimal());
        var csv = await (await hr.GetAsync($"/api/v1/repayments/payroll.csv?year={Year}")).Content.ReadAsStringAsync();
        Assert.StartsWith("kind,employee_id,employee_name,year,pay_period,amount_usd", csv, StringComparison.Ordinal);
        Assert.Contains($"taxable_excess,E0020,", csv, StringComparison.Ordinal);
        Assert.Contains($",{Year},,1600.00", csv, StringComparison.Ordinal);
        var xlsx = await hr.GetAsync($"/api/v1/repayments/payroll.xlsx?year={Year}");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType?.MediaType);
        await AssertHttp.StatusAsync(await (await App.SignInAsAsync(Demo.Employee)).GetAsync($"/api/v1/repayments/payroll.csv?year={Year}"), HttpStatusCode.Forbidden);
    }

    [ProviderFact]
    public async Task Tuition_WithoutASignedAgreement_Refused_BadPaymentsRefused_NothingWritten()
    {
        var hr = await App.SignInAsAsync(Demo.Hr);
        await App.AddCertificationAsync("PAYB", "No agreement certification");
        var enrollment = (await AssertHttp.JsonAsync(await hr.PostAsJsonAsync("/api/v1/enrollments", new
        {
            employee_id = await App.EmployeeIdAsync("E0020"),
            certification_id = await App.CertificationIdAsync("PAYB"),
            deadline = DateTime.UtcNow.AddDays(120).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        }), HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var tuition = await SubmitAsync(enrollment, "tuition", "9999.00");
        var refused = await AssertHttp.JsonAsync(await hr.PostAsJsonAsync($"/api/v1/expenses/{tuition}/decision", new { decision = "approve" }), HttpStatusCode.UnprocessableEntity, "application/problem+json");
        Assert.Contains("no signed tuition agreement funds PAYB", refused.GetProperty("errors").GetProperty("amount")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(ExpenseState.Submitted, (await ExpenseAsync(tuition)).State);

        var employee = await App.SignInAsAsync(Demo.Employee);
        var before = await App.FollowThroughCountsAsync();
        var euro = await AssertHttp.JsonAsync(await employee.PostAsync($"/api/v1/enrollments/{enrollment}/expenses", Payment("tuition", "100.00", currency: "EUR")), HttpStatusCode.UnprocessableEntity, "application/problem+json");
        Assert.Contains("tuition agreements and payments are in USD", euro.GetProperty("errors").GetProperty("currency")[0].GetString(), StringComparison.Ordinal);
        var zero = await AssertHttp.JsonAsync(await employee.PostAsync($"/api/v1/enrollments/{enrollment}/expenses", Payment("tuition", "0")), HttpStatusCode.UnprocessableEntity, "application/problem+json");
        Assert.True(zero.GetProperty("errors").TryGetProperty("amount", out _));
        var negative = await AssertHttp.JsonAsync(await employee.PostAsync($"/api/v1/enrollments/{enrollment}/expenses", Payment("tuition", "-5.00")), HttpStatusCode.UnprocessableEntity, "application/problem+json");
        Assert.True(negative.GetProperty("errors").TryGetProperty("amount", out _));
        var text = await AssertHttp.JsonAsync(await employee.PostAsync($"/api/v1/enrollments/{enrollment}/expenses", Payment("tuition", "10.00", fileName: "receipt.txt", receipt: "just text"u8.ToArray())), HttpStatusCode.UnprocessableEntity, "application/problem+json");
        Assert.True(text.GetProperty("errors").TryGetProperty("receipt", out _));
        Assert.Equal(before, await App.FollowThroughCountsAsync());
    }
}

public sealed class SqlitePaymentsTests(SqliteDemoApp fixture) : PaymentsTests(fixture), IClassFixture<SqliteDemoApp>;

public sealed class PostgresPaymentsTests(PostgresDemoApp fixture) : PaymentsTests(fixture), IClassFixture<PostgresDemoApp>, IPostgresTests;

/// <summary>
/// The commitment clock starts at the event the policy names, never typed by hand. Its own database: the demo employee's
/// agreements count against one annual cap, so two signed agreements in one class would refuse each other.
/// </summary>
public abstract class CommitmentClockTests(AppFixture fixture)
{
    private CertDeskApp App => fixture.App;

    private static string Today => DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [ProviderFact]
    public async Task ExamPassed_StartsTheCommitmentClock_OnTheAgreement()
    {
        var (agreementId, enrollment) = await PaymentsTests.SignedAgreementAsync(App, "PAYC", commitmentStart: "completion");
        var manager = await App.SignInAsAsync(Demo.Manager);
        var employee = await App.SignInAsAsync(Demo.Employee);
        async Task MoveAsync(HttpClient client, string to, string? examDate = null) =>
            await AssertHttp.JsonAsync(await client.PostAsJsonAsync($"/api/v1/enrollments/{enrollment}/transitions", new { to, exam_date = examDate, note = "test" }));
        await MoveAsync(manager, "approved");
        await MoveAsync(employee, "enrolled");
        await MoveAsync(employee, "in_progress");
        await MoveAsync(employee, "exam_scheduled", Today);
        Assert.Null((await App.QueryAsync(db => db.Agreements.AsNoTracking().SingleAsync(a => a.Id == agreementId))).CompletedOn);

        await AssertHttp.JsonAsync(await employee.PostAsJsonAsync($"/api/v1/enrollments/{enrollment}/attempts", new { taken_on = Today, score = 90 }));
        var agreement = await AssertHttp.JsonAsync(await employee.GetAsync($"/api/v1/agreements/{agreementId}"));
        Assert.Equal(Today, agreement.GetProperty("completed_on").GetString());
    }
}

public sealed class SqliteCommitmentClockTests(SqliteDemoApp fixture) : CommitmentClockTests(fixture), IClassFixture<SqliteDemoApp>;

public sealed class PostgresCommitmentClockTests(PostgresDemoApp fixture) : CommitmentClockTests(fixture), IClassFixture<PostgresDemoApp>, IPostgresTests;
