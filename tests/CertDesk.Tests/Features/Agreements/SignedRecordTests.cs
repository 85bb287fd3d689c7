using System.Net;
using CertDesk.Data;
using CertDesk.Features.Agreements;
using CertDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static CertDesk.Tests.Infrastructure.CertDeskApp;

namespace CertDesk.Tests.Features.Agreements;

/// <summary>
/// The signed obligation (issue 15) on both databases: every term sealed in a canonical record at signing; each term
/// changed in the database is named by verify (API and CLI); rewriting the text, hashes and signatures together fails
/// on the seals (the key is not in the database); no write path changes a signed term; an amendment both parties sign
/// verifies, survives a key rotation and a
/// backup restored into an empty database, and shows in the PDF as a chain.
/// </summary>
public abstract class SignedRecordTests(AppFixture fixture)
{
    private CertDeskApp App => fixture.App;

    /// <summary>Every term of the record that lives in a row (the agreement id is the row's key; the currency is the program's).</summary>
    public static TheoryData<string> Terms => [.. SignedTerms.Fields.Where(f => f is not ("agreement_id" or "currency"))];

    private static object Signature(string name) => new { consent_to_electronic_records = true, intent = true, typed_name = name, password = Demo.Password };

    private static async Task<string> NameOfAsync(HttpClient client) =>
        (await ExpectAsync(await client.GetAsync("/api/v1/me"), HttpStatusCode.OK)).GetProperty("name").GetString()!;

    /// <summary>An agreement in force for a person whose login is not a demo account (their signature simulated below the API, sealed as the app seals it).</summary>
    private async Task<Guid> SignedAgreementAsync(string number, decimal funded = 100m)
    {
        var hr = await App.SignInAsAsync(Demo.Hr);
        var created = await ExpectAsync(await PostJsonAsync(hr, "/api/v1/agreements", new
        {
            employee_id = await App.EmployeeIdAsync(number),
            policy_id = await App.PublishedPolicyAsync(Roomy()),
            certification_code = "CCXP",
            certification_name = "Certified Customer Experience Professional",
            funded_amount = funded,
        }), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        await App.SimulateEmployeeSignatureAsync(id, number);
        await ExpectAsync(await PostJsonAsync(hr, $"/api/v1/agreements/{id}/countersign", Signature(await NameOfAsync(hr))), HttpStatusCode.OK);
        return id;
    }

    /// <summary>A policy whose annual cap leaves room for the many agreements of one person these tests make.</summary>
    private static Dictionary<string, object?> Roomy()
    {
        var policy = ValidPolicy();
        policy["annual_cap"] = 900_000m;
        return policy;
    }

    [ProviderTheory]
    [MemberData(nameof(Terms), MemberType = typeof(SignedRecordTests))]
    public async Task EachSignedTerm_ChangedInTheDatabase_VerifyNamesIt(string field)
    {
        // The employee-number case changes the person's number, so it has a person of its own.
        var id = await SignedAgreementAsync(field == "employee_number" ? "E0161" : "E0160");
        var hr = await App.SignInAsAsync(Demo.Hr);
        var before = await ExpectAsync(await hr.GetAsync($"/api/v1/agreements/{id}/verify"), HttpStatusCode.OK);
        Assert.True(before.GetProperty("intact").GetBoolean(), before.ToString());

        await App.TamperWithTermAsync(id, field);

        var after = await ExpectAsync(await hr.GetAsync($"/api/v1/agreements/{id}/verify"), HttpStatusCode.OK);
        Assert.False(after.GetProperty("intact").GetBoolean());
        Assert.Contains(after.GetProperty("fields").EnumerateArray(), f => f.GetProperty("field").GetString() == field);
        var cli = (await App.RunCliAsync("agreements", "verify", id.ToString())).ShouldExit(1);
        Assert.Contains(cli.ErrorLines, l => l.StartsWith($"error: agreement {id}: field {field} signed ", StringComparison.Ordinal) && l.Contains(", now ", StringComparison.Ordinal));
    }

    [ProviderFact]
    public async Task CommitmentMonths_Changed_VerifySaysSignedAndNow()
    {
        var id = await SignedAgreementAsync("E0152");
        await App.TamperWithTermAsync(id, "commitment_months");
        var cli = (await App.RunCliAsync("agreements", "verify", id.ToString())).ShouldExit(1);
        Assert.Contains($"error: agreement {id}: field commitment_months signed 24, now 12", cli.ErrorLines);
        var json = (await App.RunCliAsync("agreements", "verify", id.ToString(), "--json")).ShouldExit(1).Json();
        var change = Assert.Single(json.GetProperty("fields").EnumerateArray());
        Assert.Equal(("commitment_months", "24", "12"), (change.GetProperty("field").GetString(), change.GetProperty("signed").GetString(), change.GetProperty("now").GetString()));
    }

    [ProviderFact]
    public async Task RewritingTextHashesAndSignaturesTogether_FailsOnTheSeals_AndNoWritePathChangesASignedTerm()
    {
        var id = await SignedAgreementAsync("E0150");
        var hr = await App.SignInAsAsync(Demo.Hr);

        // Through the application nothing signed changes: the record, a signed term, the dates typed in after signing.
        await Assert.ThrowsAsync<SealedRecordException>(() => App.ChangeSignedRecordAsync(id));
        await Assert.ThrowsAsync<SealedRecordException>(() => App.ChangeSignedTermAsync(id));
        var put = await ExpectAsync(await PutJsonAsync(hr, $"/api/v1/agreements/{id}", new { paid_on = "2020-01-01", completed_on = "2020-02-01" }), HttpStatusCode.Conflict);
        Assert.Contains("amendment", put.ToString(), StringComparison.Ordinal);
        var row = await ExpectAsync(await hr.GetAsync($"/api/v1/agreements/{id}"), HttpStatusCode.OK);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, row.GetProperty("paid_on").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, row.GetProperty("completed_on").ValueKind);

        // Behind its back, text, hashes, record and signatures rewritten together: every hash agrees, the seals do not.
        await App.RewriteSignedAgreementAsync(id, "interest-free", "with 12% interest");
        var verify = await ExpectAsync(await hr.GetAsync($"/api/v1/agreements/{id}/verify"), HttpStatusCode.OK);
        Assert.False(verify.GetProperty("intact").GetBoolean());
        var problems = verify.GetProperty("problems").EnumerateArray().Select(p => p.GetString()!).ToList();
        Assert.Contains(problems, p => p.Contains("the original record: its seal does not hold", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("signature", StringComparison.Ordinal) && p.Contains("seal does not hold", StringComparison.Ordinal));
        Assert.DoesNotContain(problems, p => p.Contains("the document text changed", StringComparison.Ordinal));
        (await App.RunCliAsync("agreements", "verify", id.ToString())).ShouldExit(1);
    }

    [ProviderFact]
    public async Task Amendment_SignedByEmployeeThenCompany_Verifies_AppliesTerms_PdfShowsTheChain()
    {
        var hr = await App.SignInAsAsync(Demo.Hr);
        var employee = await App.SignInAsAsync(Demo.Employee);
        var hrName = await NameOfAsync(hr);
        var created = await ExpectAsync(await PostJsonAsync(hr, "/api/v1/agreements", new
        {
            employee_id = await App.EmployeeIdAsync("E0020"),
            policy_id = await App.PublishedPolicyAsync(),
            certification_code = "CCCM",
            certification_name = "Certified Call Center Manager",
            funded_amount = 400m,
        }), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        var name = created.GetProperty("employee_name").GetString()!;
        await ExpectAsync(await PostJsonAsync(employee, $"/api/v1/agreements/{id}/sign", Signature(name)), HttpStatusCode.OK);

        // Not in force yet: nothing to amend.
        await ExpectAsync(await PostJsonAsync(hr, $"/api/v1/agreements/{id}/amendments", new { funded_amount = 900m, reason = "exam retake added" }), HttpStatusCode.Conflict);
        await ExpectAsync(await PostJsonAsync(hr, $"/api/v1/agreements/{id}/countersign", Signature(hrName)), HttpStatusCode.OK);

        // A key rotation between the original and the amendment: the original keeps verifying with the key it names.
        (await Infrastructure.Cli.RunAsync("keys", "rotate")).ShouldExit(0);

        // Only HR proposes; a reason and a change are required.
        await ExpectAsync(await PostJsonAsync(employee, $"/api/v1/agreements/{id}/amendments", new { funded_amount = 900m, reason = "x" }), HttpStatusCode.Forbidden);
        await ExpectAsync(await PostJsonAsync(hr, $"/api/v1/agreements/{id}/amendments", new { funded_amount = 900m }), HttpStatusCode.UnprocessableEntity);
        await ExpectAsync(await PostJsonAsync(hr, $"/api/v1/agreements/{id}/amendments", new { funded_amount = 400m, reason = "same" }), HttpStatusCode.UnprocessableEntity);
        var proposed = await ExpectAsync(await PostJsonAsync(hr, $"/api/v1/agreements/{id}/amendments", new { funded_amount = 900m, reason = "exam retake added" }), HttpStatusCode.Created);
        Assert.Equal(400m, proposed.GetProperty("funded_amount").GetDecimal());
        await ExpectAsync(await PostJsonAsync(hr, $"/api/v1/agreements/{id}/amendments", new { funded_amount = 950m, reason = "again" }), HttpStatusCode.Conflict);

        // Proposed but not signed: the agreement still holds (and verifies against) the original terms.
        Assert.True((await ExpectAsync(await hr.GetAsync($"/api/v1/agreements/{id}/verify"), HttpStatusCode.OK)).GetProperty("intact").GetBoolean());

        // The company signs after the employee; the employee signs their part only.
        await ExpectAsync(await PostJsonAsync(hr, $"/api/v1/agreements/{id}/amendments/1/countersign", Signature(hrName)), HttpStatusCode.UnprocessableEntity);
        await ExpectAsync(await PostJsonAsync(hr, $"/api/v1/agreements/{id}/amendments/1/sign", Signature(hrName)), HttpStatusCode.Forbidden);
        await ExpectAsync(await PostJsonAsync(employee, $"/api/v1/agreements/{id}/amendments/1/sign", Signature(name)), HttpStatusCode.OK);
        await ExpectAsync(await PostJsonAsync(employee, $"/api/v1/agreements/{id}/amendments/1/countersign", Signature(name)), HttpStatusCode.Forbidden);
        var amended = await ExpectAsync(await PostJsonAsync(hr, $"/api/v1/agreements/{id}/amendments/1/countersign", Signature(hrName)), HttpStatusCode.OK);
        Assert.Equal(900m, amended.GetProperty("funded_amount").GetDecimal());

        var verify = await ExpectAsync(await hr.GetAsync($"/api/v1/agreements/{id}/verify"), HttpStatusCode.OK);
        Assert.True(verify.GetProperty("intact").GetBoolean(), verify.ToString());
        var records = verify.GetProperty("records").EnumerateArray().ToList();
        Assert.Equal(2, records.Count);
        Assert.Equal(records[0].GetProperty("sha256").GetString(), records[1].GetProperty("previous_sha256").GetString());
        Assert.Equal(["employee", "company"], records[1].GetProperty("signatures").EnumerateArray().Select(s => s.GetProperty("role").GetString()));
        Assert.NotEqual(records[0].GetProperty("seal_key_id").GetString(), records[1].GetProperty("seal_key_id").GetString());
        (await App.RunCliAsync("agreements", "verify", id.ToString())).ShouldExit(0);

        // The chain survives a backup restored into a new, empty database: it verifies there too.
        using (var backup = TempFile.Create(".zip"))
        {
            (await App.RunCliAsync("backup", "--out", backup.Path)).ShouldExit(0);
            await using var restored = await Evidence.BackupRoundTrip.QuietAppAsync(App.Kind);
            (await restored.RunCliAsync("restore", "--from", backup.Path)).ShouldExit(0);
            (await restored.RunCliAsync("agreements", "verify", id.ToString())).ShouldExit(0);
        }

        var pdf = await PdfToText.ExtractAsync(await (await employee.GetAsync($"/api/v1/agreements/{id}/pdf")).Content.ReadAsByteArrayAsync());
        Assert.Contains("Chain of the signed record", pdf, StringComparison.Ordinal);
        Assert.Contains("Original (version 0)", pdf, StringComparison.Ordinal);
        Assert.Contains("Amendment 1", pdf, StringComparison.Ordinal);
        Assert.Contains("funded_amount: 400.00 -> 900.00", pdf, StringComparison.Ordinal);
        Assert.Contains("exam retake added", pdf, StringComparison.Ordinal);
        Assert.Contains(records[1].GetProperty("sha256").GetString()![..32], pdf, StringComparison.Ordinal);
        Assert.Contains("UTC", pdf, StringComparison.Ordinal);
        Assert.Contains("intact", pdf, StringComparison.Ordinal);

        // The amended amount is now the signed one: putting the old one back is named.
        await App.QueryAsync(db => db.Agreements.Where(a => a.Id == id).ExecuteUpdateAsync(s => s.SetProperty(a => a.FundedAmount, 400m)));
        var cli = (await App.RunCliAsync("agreements", "verify", id.ToString())).ShouldExit(1);
        Assert.Contains($"error: agreement {id}: field funded_amount signed 900.00, now 400.00", cli.ErrorLines);
    }

    [ProviderFact]
    public async Task ClericalCorrection_ProposedByOneHrPerson_ApprovedByAnother_Verifies_PdfShowsIt()
    {
        var id = await SignedAgreementAsync("E0154");
        var hr = await App.SignInAsAsync(Demo.Hr);
        var hrName = await NameOfAsync(hr);
        await App.AddUserAsync("second-hr-clerical@demo.local", "hr", "Quartz-Lantern-Okapi-58");
        var second = await App.SignInAsAsync("second-hr-clerical@demo.local", "Quartz-Lantern-Okapi-58");
        var secondName = await NameOfAsync(second);
        var employee = await App.SignInAsAsync(Demo.Employee);
        var manager = await App.SignInAsAsync(Demo.Manager);
        object SecondSignature() => new { consent_to_electronic_records = true, intent = true, typed_name = secondName, password = "Quartz-Lantern-Okapi-58" };

        // Money, months, rules and dates are not clerical: refused, nothing proposed.
        var refused = await ExpectAsync(await PostJsonAsync(hr, $"/api/v1/agreements/{id}/amendments",
            new { funded_amount = 150m, certification_name = "Certified Customer Experience Professional (CCXP)", reason = "typo", clerical = true }), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("funded_amount", refused.GetProperty("errors").GetProperty("clerical")[0].GetString(), StringComparison.Ordinal);
        await ExpectAsync(await PostJsonAsync(manager, $"/api/v1/agreements/{id}/amendments",
            new { certification_name = "Certified Customer Experience Professional (CCXP)", reason = "typo", clerical = true }), HttpStatusCode.Forbidden);

        var proposed = await ExpectAsync(await PostJsonAsync(hr, $"/api/v1/agreements/{id}/amendments",
            new { certification_name = "Certified Customer Experience Professional (CCXP)", reason = "the certification's name as the issuer spells it", clerical = true }), HttpStatusCode.Created);
        var pending = proposed.GetProperty("records")[1];
        Assert.Equal("clerical_amendment", pending.GetProperty("kind").GetString());
        Assert.Equal("proposed", pending.GetProperty("status").GetString());

        // Not the proposer, not the employee, not a manager: a second HR person approves it, re-authenticated.
        var own = await ExpectAsync(await PostJsonAsync(hr, $"/api/v1/agreements/{id}/amendments/1/approve", Signature(hrName)), HttpStatusCode.Forbidden);
        Assert.Contains("second HR person", own.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await ExpectAsync(await PostJsonAsync(employee, $"/api/v1/agreements/{id}/amendments/1/approve", Signature("x")), HttpStatusCode.NotFound);
        Assert.Contains((await PostJsonAsync(manager, $"/api/v1/agreements/{id}/amendments/1/approve", Signature("x"))).StatusCode, new[] { HttpStatusCode.Forbidden, HttpStatusCode.NotFound });
        Assert.True((await ExpectAsync(await hr.GetAsync($"/api/v1/agreements/{id}/verify"), HttpStatusCode.OK)).GetProperty("intact").GetBoolean());
        var approved = await ExpectAsync(await PostJsonAsync(second, $"/api/v1/agreements/{id}/amendments/1/approve", SecondSignature()), HttpStatusCode.OK);
        Assert.Equal("Certified Customer Experience Professional (CCXP)", approved.GetProperty("certification_name").GetString());
        Assert.Equal(100m, approved.GetProperty("funded_amount").GetDecimal());

        var verify = await ExpectAsync(await hr.GetAsync($"/api/v1/agreements/{id}/verify"), HttpStatusCode.OK);
        Assert.True(verify.GetProperty("intact").GetBoolean(), verify.ToString());
        var record = verify.GetProperty("records")[1];
        Assert.Equal("clerical_amendment", record.GetProperty("kind").GetString());
        Assert.Equal(["company"], record.GetProperty("signatures").EnumerateArray().Select(s => s.GetProperty("role").GetString()));
        Assert.Equal("second-hr-clerical@demo.local", record.GetProperty("signatures")[0].GetProperty("signer").GetString());
        (await App.RunCliAsync("agreements", "verify", id.ToString())).ShouldExit(0);

        var page = await (await hr.GetAsync($"/Agreements/Details/{id}")).Content.ReadAsStringAsync();
        Assert.Contains("Clerical correction 1", page, StringComparison.Ordinal);
        var pdf = await PdfToText.ExtractAsync(await (await hr.GetAsync($"/api/v1/agreements/{id}/pdf")).Content.ReadAsByteArrayAsync());
        Assert.Contains("Clerical correction 1", pdf, StringComparison.Ordinal);
        Assert.Contains("Approved by", pdf, StringComparison.Ordinal);
        Assert.Contains("second-hr-clerical@demo.local", pdf, StringComparison.Ordinal);
    }

    [ProviderFact]
    public async Task SignedBeforeRecordsWereSealed_BackfilledRecord_VerifiesAndIsLabelledSo()
    {
        var id = await SignedAgreementAsync("E0160");
        await App.MakeSignedBeforeRecordsAsync(id);
        var before = (await App.RunCliAsync("agreements", "verify", id.ToString())).ShouldExit(1);
        Assert.Contains(before.ErrorLines, l => l.Contains("has no sealed record", StringComparison.Ordinal));

        (await App.RunCliAsync("agreements", "backfill-record", id.ToString())).ShouldExit(2);
        var done = (await App.RunCliAsync("agreements", "backfill-record", id.ToString(), "--by", "admin@demo.local")).ShouldExit(0);
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"backfilled on {today} by admin@demo.local", done.Stdout, StringComparison.Ordinal);
        var again = (await App.RunCliAsync("agreements", "backfill-record", id.ToString(), "--by", "admin@demo.local")).ShouldExit(1);
        Assert.Contains("already has a sealed record", again.Stderr, StringComparison.Ordinal);

        (await App.RunCliAsync("agreements", "verify", id.ToString())).ShouldExit(0);
        var hr = await App.SignInAsAsync(Demo.Hr);
        var verify = await ExpectAsync(await hr.GetAsync($"/api/v1/agreements/{id}/verify"), HttpStatusCode.OK);
        Assert.True(verify.GetProperty("intact").GetBoolean(), verify.ToString());
        var record = verify.GetProperty("records")[0];
        Assert.Equal("backfilled_original", record.GetProperty("kind").GetString());
        Assert.Contains("not the original signature", record.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var pdf = await PdfToText.ExtractAsync(await (await hr.GetAsync($"/api/v1/agreements/{id}/pdf")).Content.ReadAsByteArrayAsync());
        Assert.Contains("backfilled after signing", pdf, StringComparison.Ordinal);

        // Backfilled from the rows as they were: a term changed afterwards is still named.
        await App.TamperWithTermAsync(id, "funded_amount");
        (await App.RunCliAsync("agreements", "verify", id.ToString())).ShouldExit(1);
    }
}

public sealed class SqliteSignedRecordTests(SqliteDemoApp fixture) : SignedRecordTests(fixture), IClassFixture<SqliteDemoApp>;

public sealed class PostgresSignedRecordTests(PostgresDemoApp fixture) : SignedRecordTests(fixture), IClassFixture<PostgresDemoApp>, IPostgresTests;
