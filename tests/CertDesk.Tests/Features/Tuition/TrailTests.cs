using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using CertDesk.Tests.Infrastructure;

namespace CertDesk.Tests.Features.Tuition;

/// <summary>
/// The money trail from a signed agreement to the last repayment, as HR, finance and the employee walk it: payments
/// (one refused over the cap, then overridden with a reason), the exam passed (the commitment starts), a separation
/// whose preview equals the saved repayment, the statement e-mailed, and the payroll export with figures computed by hand.
/// </summary>
public abstract class TrailTests(AppFixture fixture)
{
    private CertDeskApp App => fixture.App;

    private static readonly byte[] Pdf = [.. "%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"u8.ToArray()];

    private static string Today => DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<string> PayAsync(string enrollment, string category, string amount)
    {
        var form = new MultipartFormDataContent { { new StringContent(category), "category" }, { new StringContent(amount), "amount" }, { new StringContent(Today), "incurred_on" } };
        var file = new ByteArrayContent(Pdf);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "receipt", "receipt.pdf");
        var added = await AssertHttp.JsonAsync(await (await App.SignInAsAsync(Demo.Employee)).PostAsync($"/api/v1/enrollments/{enrollment}/expenses", form));
        return added.GetProperty("expenses").EnumerateArray().Last().GetProperty("id").GetString()!;
    }

    [ProviderFact]
    public async Task SignedAgreement_Payments_ExamPassed_Separation_Statement_Payroll()
    {
        // Funded 2,500; annual cap 3,000; tax-free limit 1,000; commitment 24 months from completion, tiers 100 % / 50 %.
        var (agreementId, enrollment) = await PaymentsTests.SignedAgreementAsync(App, "TRAIL", commitmentStart: "completion");
        var hr = await App.SignInAsAsync(Demo.Hr);
        var director = await App.SignInAsAsync(Demo.Director);
        var employee = await App.SignInAsAsync(Demo.Employee);
        var employeeId = await App.EmployeeIdAsync("E0020");

        // Payments: 2,000 tuition within every limit; 1,500 more (3,500 > the 3,000 cap and the 2,500 funded) refused, then overridden.
        var first = await PayAsync(enrollment, "tuition", "2000.00");
        await AssertHttp.StatusAsync(await hr.PostAsJsonAsync($"/api/v1/expenses/{first}/decision", new { decision = "approve" }), HttpStatusCode.NoContent);
        var second = await PayAsync(enrollment, "tuition", "1500.00");
        var refused = await AssertHttp.JsonAsync(await director.PostAsJsonAsync($"/api/v1/expenses/{second}/decision", new { decision = "approve" }), HttpStatusCode.UnprocessableEntity, "application/problem+json");
        Assert.Contains("over the policy's annual cap of 3,000.00 USD", refused.GetProperty("errors").GetProperty("amount")[0].GetString(), StringComparison.Ordinal);
        await AssertHttp.StatusAsync(await director.PostAsJsonAsync($"/api/v1/expenses/{second}/decision", new { decision = "approve", override_reason = "second module priced after signing" }), HttpStatusCode.NoContent);

        // The exam passed: the commitment clock starts that day, set by the event.
        async Task MoveAsync(HttpClient client, string to, string? examDate = null) =>
            await AssertHttp.JsonAsync(await client.PostAsJsonAsync($"/api/v1/enrollments/{enrollment}/transitions", new { to, exam_date = examDate, note = "trail" }));
        await MoveAsync(await App.SignInAsAsync(Demo.Manager), "approved");
        await MoveAsync(employee, "enrolled");
        await MoveAsync(employee, "in_progress");
        await MoveAsync(employee, "exam_scheduled", Today);
        await AssertHttp.JsonAsync(await employee.PostAsJsonAsync($"/api/v1/enrollments/{enrollment}/attempts", new { taken_on = Today, score = 88 }));
        Assert.Equal("passed", (await AssertHttp.JsonAsync(await hr.GetAsync($"/api/v1/enrollments/{enrollment}"))).GetProperty("status").GetString());
        Assert.Equal(Today, (await AssertHttp.JsonAsync(await hr.GetAsync($"/api/v1/agreements/{agreementId}"))).GetProperty("completed_on").GetString());

        // Separation today: 0 whole months served of 24 -> tier 1 (until month 12): 100 % of the 2,500 funded. The preview equals the saved repayment.
        var separation = new { employee_id = employeeId, separation_date = Today, reason = "resignation" };
        var preview = (await AssertHttp.JsonAsync(await hr.PostAsJsonAsync("/api/v1/separations/preview", separation))).EnumerateArray()
            .Single(r => r.GetProperty("agreement_id").GetGuid() == agreementId);
        Assert.Equal(("tier 1 (until month 12)", 0, 2500.00m), (preview.GetProperty("rule").GetString(), preview.GetProperty("months_served").GetInt32(), preview.GetProperty("owed").GetDecimal()));
        Assert.True(preview.GetProperty("commitment_started").GetBoolean());
        await AssertHttp.JsonAsync(await hr.PostAsJsonAsync("/api/v1/separations", separation));
        var repayment = (await AssertHttp.JsonAsync(await hr.GetAsync("/api/v1/repayments?page_size=200"))).GetProperty("items").EnumerateArray()
            .Single(r => r.GetProperty("agreement_id").GetGuid() == agreementId);
        Assert.Equal((preview.GetProperty("rule").GetString(), preview.GetProperty("months_served").GetInt32(), preview.GetProperty("owed").GetDecimal(), preview.GetProperty("percent").GetDecimal()),
            (repayment.GetProperty("rule").GetString(), repayment.GetProperty("months_served").GetInt32(), repayment.GetProperty("owed").GetDecimal(), repayment.GetProperty("percent").GetDecimal()));

        // The statement e-mailed to the person.
        var statement = Assert.Single(await App.OutboxAsync($"separation:{employeeId:N}:statement"));
        Assert.Equal(Demo.Employee, statement.To);
        Assert.Contains("rule tier 1 (until month 12); 0 of 24 months served; 100 % = USD 2,500.00 owed", statement.Body, StringComparison.Ordinal);

        // HR schedules 4 deductions: 2,500 / 4 = 625.00 every two weeks from today.
        var id = repayment.GetProperty("id").GetGuid();
        await AssertHttp.JsonAsync(await hr.PostAsJsonAsync($"/api/v1/repayments/{id}/entries", new { kind = "scheduled_deduction", date = Today, installments = 4 }));

        // Payroll, by hand: paid 2,000 + 1,500 = 3,500 this year, tax-free limit 1,000 -> taxable excess 2,500.00; the first deduction 625.00 today.
        var year = DateTime.UtcNow.Year;
        var csv = await (await hr.GetAsync($"/api/v1/repayments/payroll.csv?year={year}")).Content.ReadAsStringAsync();
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains(lines, l => l.StartsWith("taxable_excess,E0020,", StringComparison.Ordinal) && l.EndsWith($",{year},,2500.00", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("repayment_deduction,E0020,", StringComparison.Ordinal) && l.EndsWith($",{year},{Today},625.00", StringComparison.Ordinal));
    }
}

public sealed class SqliteTrailTests(SqliteDemoApp fixture) : TrailTests(fixture), IClassFixture<SqliteDemoApp>;

public sealed class PostgresTrailTests(PostgresDemoApp fixture) : TrailTests(fixture), IClassFixture<PostgresDemoApp>, IPostgresTests;
