using System.Net;
using System.Text.Json;
using CertDesk.Cli;
using CertDesk.Data;
using CertDesk.Features.Agreements;
using CertDesk.Features.Organization;
using CertDesk.Features.Repayments;
using CertDesk.Tests.Infrastructure;
using static CertDesk.Tests.Infrastructure.CertDeskApp;

namespace CertDesk.Tests.Features.Agreements;

/// <summary>
/// Agreements through the real host on both databases: issue, sign and countersign with their evidence, the signed
/// text sealed and tampering detected (API, page, CLI), expiry and supersession, mail and reminders, separation and
/// the repayment ledger and export.
/// </summary>
public abstract class AgreementSigningTests(AppFixture fixture)
{
    private CertDeskApp App => fixture.App;

    private async Task<(Guid Id, string EmployeeName)> IssueAsync(string employeeNumber = "E0020", decimal funded = 400m, Guid? supersedes = null, Guid? policy = null)
    {
        var hr = await App.SignInAsAsync(Demo.Hr);
        var policyId = policy ?? await App.PublishedPolicyAsync();
        var employeeId = await App.EmployeeIdAsync(employeeNumber);
        var created = await ExpectAsync(await PostJsonAsync(hr, "/api/v1/agreements", new
        {
            employee_id = employeeId,
            policy_id = policyId,
            certification_code = "CCCM",
            certification_name = "Certified Call Center Manager",
            funded_amount = funded,
            supersedes,
        }), HttpStatusCode.Created);
        Assert.Equal("issued", created.GetProperty("status").GetString());
        return (created.GetProperty("id").GetGuid(), created.GetProperty("employee_name").GetString()!);
    }

    private static object Signature(string name, bool consent = true, bool intent = true, string password = Demo.Password) =>
        new { consent_to_electronic_records = consent, intent, typed_name = name, password };

    private static async Task<string> NameOfAsync(HttpClient client) =>
        (await ExpectAsync(await client.GetAsync("/api/v1/me"), HttpStatusCode.OK)).GetProperty("name").GetString()!;

    [ProviderFact]
    public async Task SignAndCountersign_KeepEvidence_PdfHasCertificate_VerifyDetectsTampering()
    {
        var (id, name) = await IssueAsync();
        var employee = await App.SignInAsAsync(Demo.Employee);
        var hr = await App.SignInAsAsync(Demo.Hr);

        // Re-authentication, intent, consent: each missing piece is a clear error and nothing is signed.
        var wrong = await ExpectAsync(await PostJsonAsync(employee, $"/api/v1/agreements/{id}/sign", Signature(name, password: "not-the-password-1")), HttpStatusCode.UnprocessableEntity);
        Assert.True(wrong.GetProperty("errors").TryGetProperty("password", out _));
        var noIntent = await ExpectAsync(await PostJsonAsync(employee, $"/api/v1/agreements/{id}/sign", Signature(name, consent: false, intent: false)), HttpStatusCode.UnprocessableEntity);
        Assert.True(noIntent.GetProperty("errors").TryGetProperty("intent", out _));
        Assert.True(noIntent.GetProperty("errors").TryGetProperty("consent", out _));
        await ExpectAsync(await PostJsonAsync(employee, $"/api/v1/agreements/{id}/sign", Signature("Someone Else")), HttpStatusCode.UnprocessableEntity);
        Assert.Equal(0, await App.SignatureCountAsync(id));

        // Countersigning before the employee signs is refused; the employee cannot countersign.
        await ExpectAsync(await PostJsonAsync(hr, $"/api/v1/agreements/{id}/countersign", Signature(await NameOfAsync(hr))), HttpStatusCode.UnprocessableEntity);

        var signed = await ExpectAsync(await PostJsonAsync(employee, $"/api/v1/agreements/{id}/sign", Signature($"  {name.ToUpperInvariant()} ")), HttpStatusCode.OK);
        Assert.Equal("employee_signed", signed.GetProperty("status").GetString());
        var twice = await ExpectAsync(await PostJsonAsync(employee, $"/api/v1/agreements/{id}/sign", Signature(name)), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("already signed", twice.GetProperty("errors").GetProperty("status")[0].GetString(), StringComparison.Ordinal);
        await ExpectAsync(await PostJsonAsync(employee, $"/api/v1/agreements/{id}/countersign", Signature(name)), HttpStatusCode.Forbidden);

        var active = await ExpectAsync(await PostJsonAsync(hr, $"/api/v1/agreements/{id}/countersign", Signature(await NameOfAsync(hr))), HttpStatusCode.OK);
        Assert.Equal("active", active.GetProperty("status").GetString());

        var full = await ExpectAsync(await employee.GetAsync($"/api/v1/agreements/{id}"), HttpStatusCode.OK);
        var hash = full.GetProperty("document_sha256").GetString()!;
        Assert.Equal(AgreementDocument.Sha256(full.GetProperty("document").GetString()!), hash);
        var signatures = full.GetProperty("signatures").EnumerateArray().ToList();
        Assert.Equal(["employee", "company"], signatures.Select(s => s.GetProperty("role").GetString()));
        Assert.All(signatures, s =>
        {
            Assert.Equal(hash, s.GetProperty("document_sha256").GetString());
            Assert.Equal(AgreementService.AuthenticationMethod, s.GetProperty("authentication_method").GetString());
            Assert.False(string.IsNullOrEmpty(s.GetProperty("ip_address").GetString()));
            Assert.False(string.IsNullOrEmpty(s.GetProperty("user_agent").GetString()));
        });
        Assert.Equal(1, await App.ConsentCountAsync(Demo.Employee));

        var pdf = await employee.GetAsync($"/api/v1/agreements/{id}/pdf");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        var bytes = await pdf.Content.ReadAsByteArrayAsync();
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));
        Directory.CreateDirectory("test-results");
        await File.WriteAllBytesAsync(Path.Combine("test-results", "signed-agreement.pdf"), bytes);

        var intact = await ExpectAsync(await hr.GetAsync($"/api/v1/agreements/{id}/verify"), HttpStatusCode.OK);
        Assert.True(intact.GetProperty("intact").GetBoolean());

        // Signed text can never be edited through the application...
        await Assert.ThrowsAsync<SealedRecordException>(() => App.ChangeSignedDocumentAsync(id));
        await Assert.ThrowsAsync<SealedRecordException>(() => App.ChangeSignatureAsync(id));

        // ...and a change made behind its back (raw SQL) is detected by verify: API, page and CLI.
        await App.TamperWithDocumentAsync(id, "interest-free", "with 12% interest");
        var tampered = await ExpectAsync(await hr.GetAsync($"/api/v1/agreements/{id}/verify"), HttpStatusCode.OK);
        Assert.False(tampered.GetProperty("intact").GetBoolean());
        Assert.Contains("changed", tampered.GetProperty("problems")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("error-text", await hr.GetStringAsync($"/Agreements/Details/{id}?verify=true"), StringComparison.Ordinal);
        var verify = (await App.RunCliAsync("agreements", "verify", id.ToString(), "--json")).ShouldExit(1);
        Assert.False(verify.Json().GetProperty("intact").GetBoolean());
    }

    [ProviderFact]
    public async Task Employee_CannotReadOrSignSomeoneElsesAgreement()
    {
        var (other, otherName) = await IssueAsync("E0150");
        var employee = await App.SignInAsAsync(Demo.Employee);
        await ExpectAsync(await employee.GetAsync($"/api/v1/agreements/{other}"), HttpStatusCode.NotFound);
        await ExpectAsync(await employee.GetAsync($"/api/v1/agreements/{other}/pdf"), HttpStatusCode.NotFound);
        await ExpectAsync(await PostJsonAsync(employee, $"/api/v1/agreements/{other}/sign", Signature(otherName)), HttpStatusCode.NotFound);
        var list = await ExpectAsync(await employee.GetAsync("/api/v1/agreements?page_size=500"), HttpStatusCode.OK);
        var me = (await ExpectAsync(await employee.GetAsync("/api/v1/me"), HttpStatusCode.OK)).GetProperty("employee_id").GetString();
        Assert.All(list.GetProperty("items").EnumerateArray(), a => Assert.Equal(me, a.GetProperty("employee_id").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await employee.GetAsync($"/Agreements/Details/{other}")).StatusCode);

        // HR signing as the employee is not possible either.
        var hr = await App.SignInAsAsync(Demo.Hr);
        await ExpectAsync(await PostJsonAsync(hr, $"/api/v1/agreements/{other}/sign", Signature(otherName)), HttpStatusCode.Forbidden);
    }

    [ProviderFact]
    public async Task ExpiredOrSupersededAgreement_CannotBeSigned()
    {
        var employee = await App.SignInAsAsync(Demo.Employee);
        var (expired, name) = await IssueAsync(funded: 100m);
        await App.ExpireSigningWindowAsync(expired);
        var e = await ExpectAsync(await PostJsonAsync(employee, $"/api/v1/agreements/{expired}/sign", Signature(name)), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("expired", e.GetProperty("errors").GetProperty("status")[0].GetString(), StringComparison.Ordinal);

        var (old, _) = await IssueAsync(funded: 100m);
        var policy = await App.PolicyOfAsync(old);
        var (replacement, _) = await IssueAsync(funded: 100m, supersedes: old, policy: policy);
        var s = await ExpectAsync(await PostJsonAsync(employee, $"/api/v1/agreements/{old}/sign", Signature(name)), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("superseded", s.GetProperty("errors").GetProperty("status")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(replacement, await App.SupersededByAsync(old));
    }

    [ProviderFact]
    public async Task Issue_QueuesMail_RemindersAreIdempotent_PickupFolderGetsEml()
    {
        var (id, _) = await IssueAsync("E0151", funded: 100m);
        Assert.Single(await App.OutboxAsync($"agreement:{id}:issued"));
        await App.BackdateIssueAsync(id, days: 4);
        await App.RunAgreementRemindersAsync();
        Assert.Equal(0, await App.RunAgreementRemindersAsync());
        Assert.Single(await App.OutboxAsync($"agreement:{id}:reminder:"));

        await App.DeliverMailAsync();
        var message = Assert.Single(await App.OutboxAsync($"agreement:{id}:issued"));
        Assert.Equal("pickup", message.Transport);
        Assert.True(File.Exists(Path.Combine(App.MailPickupDirectory, $"{message.Id:N}.eml")));
        // Every agreement mail links absolutely (the public base address), never by a bare path.
        foreach (var mail in await App.OutboxAsync($"agreement:{id}:"))
        {
            Assert.Matches($"https?://[^\\s\"]+/Agreements/Details/{id}", mail.Body);
        }
    }

    [ProviderFact]
    public async Task Separation_OpensRepayment_LedgerAndExport()
    {
        // A policy with monthly proration: 2400 funded, 24 months from completion.
        var policy = ValidPolicy();
        policy["proration"] = "monthly";
        policy["tiers"] = null;
        var policyId = await App.PublishedPolicyAsync(policy);
        var hr = await App.SignInAsAsync(Demo.Hr);
        var director = await App.SignInAsAsync(Demo.Director);
        var employeeId = await App.EmployeeIdAsync("E0152");
        var agreement = await ExpectAsync(await PostJsonAsync(hr, "/api/v1/agreements", new
        {
            employee_id = employeeId,
            policy_id = policyId,
            certification_code = "CWMP",
            certification_name = "Workforce Management Professional",
            funded_amount = 2400m,
        }), HttpStatusCode.Created);
        var id = agreement.GetProperty("id").GetGuid();
        // Dates are typed in only before signing (afterwards their events set them); 409 once signed.
        await ExpectAsync(await PutJsonAsync(hr, $"/api/v1/agreements/{id}", new { completed_on = "2026-01-31", paid_on = "2026-01-15" }), HttpStatusCode.OK);
        // The employee's signature is simulated below the API (their login is not a demo account); HR countersigns through the API.
        await App.SimulateEmployeeSignatureAsync(id, "E0152");
        await ExpectAsync(await PostJsonAsync(hr, $"/api/v1/agreements/{id}/countersign", Signature(await NameOfAsync(hr))), HttpStatusCode.OK);
        await ExpectAsync(await PutJsonAsync(hr, $"/api/v1/agreements/{id}", new { completed_on = "2026-02-28" }), HttpStatusCode.Conflict);

        // A separation date before the hire date is refused and nothing is written.
        var roster = await App.RosterLineAsync("E0152");
        var bad = await ImportAsync(roster.Header, Separate(roster.Line, roster.Header, "1990-01-01", "resignation"));
        bad.ShouldExit(ExitCodes.InvalidInput);
        Assert.Contains(bad.ErrorLines, e => e.Contains("before the hire date", StringComparison.Ordinal));
        Assert.Equal(0, await App.RepaymentCountAsync(id));

        // Resignation on 2026-10-15: 8 whole months served from 2026-01-31 (month ends clamp), 16 of 24 remain: 2400 x 16/24 = 1600.
        var ok = await ImportAsync(roster.Header, Separate(roster.Line, roster.Header, "2026-10-15", "resignation"));
        ok.ShouldExit(ExitCodes.Success);
        var list = await ExpectAsync(await director.GetAsync("/api/v1/repayments?page_size=500"), HttpStatusCode.OK);
        var repayment = list.GetProperty("items").EnumerateArray().Single(r => r.GetProperty("agreement_id").GetGuid() == id);
        Assert.Equal(1600m, repayment.GetProperty("owed").GetDecimal());
        Assert.Equal(8, repayment.GetProperty("months_served").GetInt32());
        var rid = repayment.GetProperty("id").GetGuid();

        // Importing the same roster again opens nothing new.
        await ImportAsync(roster.Header, Separate(roster.Line, roster.Header, "2026-10-15", "resignation"));
        Assert.Equal(1, await App.RepaymentCountAsync(id));

        await ExpectAsync(await PostJsonAsync(hr, $"/api/v1/repayments/{rid}/entries", new { kind = "scheduled_deduction", date = "2026-10-30", installments = 3 }), HttpStatusCode.OK);
        await ExpectAsync(await PostJsonAsync(hr, $"/api/v1/repayments/{rid}/entries", new { kind = "payment", date = "2026-10-30", amount = 600m }), HttpStatusCode.OK);
        await ExpectAsync(await PostJsonAsync(hr, $"/api/v1/repayments/{rid}/entries", new { kind = "waiver", amount = 100m, note = "hardship" }), HttpStatusCode.Forbidden);
        await ExpectAsync(await PostJsonAsync(director, $"/api/v1/repayments/{rid}/entries", new { kind = "waiver", amount = 100m }), HttpStatusCode.UnprocessableEntity);
        await ExpectAsync(await PostJsonAsync(hr, $"/api/v1/repayments/{rid}/entries", new { kind = "payment", amount = 5000m }), HttpStatusCode.UnprocessableEntity);
        var waived = await ExpectAsync(await PostJsonAsync(director, $"/api/v1/repayments/{rid}/entries", new { kind = "waiver", amount = 100m, note = "hardship" }), HttpStatusCode.OK);
        Assert.Equal(900m, waived.GetProperty("outstanding").GetDecimal());
        Assert.Equal("director@demo.local", waived.GetProperty("ledger").EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "waiver").GetProperty("approved_by").GetString());

        var liabilities = await ExpectAsync(await director.GetAsync("/api/v1/repayments/liabilities"), HttpStatusCode.OK);
        Assert.Contains(liabilities.EnumerateArray(), l => l.GetProperty("group").GetString() == "certification" && l.GetProperty("key").GetString() == "CWMP");
        await ExpectAsync(await (await App.SignInAsAsync(Demo.Employee)).GetAsync("/api/v1/repayments"), HttpStatusCode.Forbidden);

        var file = Path.Combine(Path.GetTempPath(), $"repayments-{Guid.NewGuid():N}.csv");
        (await App.RunCliAsync("export", "repayments", "--out", file)).ShouldExit(0);
        var csv = await File.ReadAllLinesAsync(file);
        Assert.Equal(string.Join(',', RepaymentsExport.RepaymentColumns), csv[0]);
        Assert.Contains(csv, l => l.StartsWith(rid.ToString(), StringComparison.Ordinal) && l.Contains(",1600.00,600.00,100.00,0.00,900.00,open", StringComparison.Ordinal));
        File.Delete(file);

        var xlsx = Path.Combine(Path.GetTempPath(), $"repayments-{Guid.NewGuid():N}.xlsx");
        (await App.RunCliAsync("export", "repayments", "--out", xlsx)).ShouldExit(0);
        using (var zip = System.IO.Compression.ZipFile.OpenRead(xlsx))
        {
            using var sheet = new StreamReader(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open());
            var xml = await sheet.ReadToEndAsync();
            Assert.Contains(rid.ToString(), xml, StringComparison.Ordinal);
            Assert.Matches("<(x:)?v>900(\\.0+)?</(x:)?v>", xml);
        }
        File.Delete(xlsx);
        var download = await director.GetAsync("/api/v1/repayments/export.xlsx");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", download.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>An agreement in force for a non-demo employee: their signature is simulated below the API, HR countersigns through it.</summary>
    private async Task<Guid> ActiveAgreementAsync(string number, Guid policyId, decimal funded, string? completedOn = null)
    {
        var hr = await App.SignInAsAsync(Demo.Hr);
        var employeeId = await App.EmployeeIdAsync(number);
        var created = await ExpectAsync(await PostJsonAsync(hr, "/api/v1/agreements", new
        {
            employee_id = employeeId,
            policy_id = policyId,
            certification_code = "QAMC",
            certification_name = "Quality Assurance Manager",
            funded_amount = funded,
        }), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        if (completedOn is not null)
        {
            await ExpectAsync(await PutJsonAsync(hr, $"/api/v1/agreements/{id}", new { completed_on = completedOn }), HttpStatusCode.OK);
        }
        await App.SimulateEmployeeSignatureAsync(id, number);
        await ExpectAsync(await PostJsonAsync(hr, $"/api/v1/agreements/{id}/countersign", Signature(await NameOfAsync(hr))), HttpStatusCode.OK);
        return id;
    }

    [ProviderFact]
    public async Task SeparationPage_BeforeCompletionOwesAll_LayoffOwesNothing_DateBeforeHireRefused()
    {
        var policyId = await App.PublishedPolicyAsync();
        var hr = await App.SignInAsAsync(Demo.Hr);
        var director = await App.SignInAsAsync(Demo.Director);
        var early = await ActiveAgreementAsync("E0160", policyId, 1500m);
        var laidOff = await ActiveAgreementAsync("E0161", policyId, 1500m, completedOn: "2026-02-01");
        var early160 = (await App.EmployeeAsync("E0160"))!;
        var (earlyEmployee, hire) = (early160.Id, early160.HireDate);

        var bad = await ExpectAsync(await PostJsonAsync(hr, "/api/v1/separations", new { employee_id = earlyEmployee, separation_date = hire.AddDays(-1), reason = "resignation" }), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("before the hire date", bad.GetProperty("errors").GetProperty("separation_date")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(EmploymentStatus.Active, await App.EmploymentStatusAsync(earlyEmployee));
        await ExpectAsync(await PostJsonAsync(director, "/api/v1/separations", new { employee_id = earlyEmployee, separation_date = "2026-11-01", reason = "resignation" }), HttpStatusCode.Forbidden);

        // Not completed yet: the commitment never started and the not-completed rule (100 %) applies.
        await ExpectAsync(await PostJsonAsync(hr, "/api/v1/separations", new { employee_id = earlyEmployee, separation_date = "2026-11-01", reason = "resignation" }), HttpStatusCode.OK);
        var laidOffEmployee = await App.EmployeeIdAsync("E0161");
        await ExpectAsync(await PostJsonAsync(hr, "/api/v1/separations", new { employee_id = laidOffEmployee, separation_date = "2026-05-01", reason = "layoff" }), HttpStatusCode.OK);

        var items = (await ExpectAsync(await director.GetAsync("/api/v1/repayments?page_size=500"), HttpStatusCode.OK)).GetProperty("items").EnumerateArray().ToList();
        var owedEarly = items.Single(r => r.GetProperty("agreement_id").GetGuid() == early);
        Assert.Equal(1500m, owedEarly.GetProperty("owed").GetDecimal());
        Assert.Equal("not_completed", owedEarly.GetProperty("rule").GetString());
        var owedLayoff = items.Single(r => r.GetProperty("agreement_id").GetGuid() == laidOff);
        Assert.Equal(0m, owedLayoff.GetProperty("owed").GetDecimal());
        Assert.Equal("settled", owedLayoff.GetProperty("status").GetString());
        Assert.Equal("separated", (await ExpectAsync(await hr.GetAsync($"/api/v1/agreements/{early}"), HttpStatusCode.OK)).GetProperty("status").GetString());
        Assert.Contains("Record separation", await hr.GetStringAsync($"/Repayments/Separate/{laidOffEmployee}"), StringComparison.Ordinal);
    }

    private static string Separate(string line, string header, string date, string reason)
    {
        var columns = header.Split(',');
        var cells = line.Split(',');
        cells[Array.IndexOf(columns, "status")] = "separated";
        cells[Array.IndexOf(columns, "separation_date")] = date;
        cells[Array.IndexOf(columns, "separation_reason")] = reason;
        return string.Join(',', cells);
    }

    /// <summary>Imports a one-person roster as HR does (<c>import roster</c>).</summary>
    private async Task<CliResult> ImportAsync(string header, string line) => await App.ImportRosterAsync(header + "\n" + line + "\n");
}

public sealed class SqliteAgreementSigningTests(SqliteDemoApp fixture) : AgreementSigningTests(fixture), IClassFixture<SqliteDemoApp>;

public sealed class PostgresAgreementSigningTests(PostgresDemoApp fixture) : AgreementSigningTests(fixture), IClassFixture<PostgresDemoApp>, IPostgresTests;
