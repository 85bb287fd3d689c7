using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CertDesk.Data;
using CertDesk.Domain.Tuition;
using CertDesk.Features.Agreements;
using CertDesk.Features.Mail;
using CertDesk.Features.Organization;
using CertDesk.Features.TuitionPolicies;
using CertDesk.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CertDesk.Tests.Infrastructure;

public sealed record AgreementMail(Guid Id, string Transport);

/// <summary>
/// Tuition policies, agreements and repayments: what HR does through the API, and what only someone with database
/// access could do (simulate a signature for a login that is not a demo account, change a sealed row, tamper).
/// </summary>
public sealed partial class CertDeskApp
{
    public static Dictionary<string, object?> ValidPolicy(string? code = null) => new()
    {
        ["code"] = code ?? "TP-" + Guid.NewGuid().ToString("N")[..8],
        ["name"] = "Certification tuition policy",
        ["annual_cap"] = 5250m,
        ["commitment_months"] = 24,
        ["commitment_start"] = "completion",
        ["proration"] = "tiers",
        ["tiers"] = new[] { new { from_month = 0, until_month = 12, percent = 100m }, new { from_month = 12, until_month = 24, percent = 50m } },
    };

    /// <summary>HR creates the policy (a unique code unless given) and an admin publishes it; its id.</summary>
    public async Task<Guid> PublishedPolicyAsync(object? policy = null)
    {
        var hr = await SignInAsAsync(Demo.Hr);
        var admin = await SignInAsAsync(Demo.Admin);
        var created = await ExpectAsync(await PostJsonAsync(hr, "/api/v1/policies", policy ?? ValidPolicy()), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        await ExpectAsync(await admin.PostAsync($"/api/v1/policies/{id}/publish", null), HttpStatusCode.OK);
        return id;
    }

    public static async Task<JsonElement> ExpectAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await AssertHttp.StatusAsync(response, status);
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    public static Task<HttpResponseMessage> PostJsonAsync(HttpClient client, string url, object body) => client.PostAsJsonAsync(url, body, CertDeskJson.Options);

    public static Task<HttpResponseMessage> PutJsonAsync(HttpClient client, string url, object body) => client.PutAsJsonAsync(url, body, CertDeskJson.Options);

    public async Task<bool> PolicyExistsAsync(string code) => await QueryAsync(db => db.TuitionPolicies.AnyAsync(p => p.Code == code));

    public async Task<bool> IsPublishedAsync(Guid policyId) =>
        await QueryAsync(db => db.TuitionPolicies.AnyAsync(p => p.Id == policyId && p.Status == PolicyStatus.Published));

    /// <summary>Saves a change to a published policy through the application's own context (refused below every service).</summary>
    public Task ChangePublishedPolicyAsync(Guid policyId) => SaveAsync(async db => (await db.TuitionPolicies.SingleAsync(p => p.Id == policyId)).CommitmentMonths = 1);

    public Task DeletePublishedPolicyAsync(Guid policyId) => SaveAsync(async db => db.TuitionPolicies.Remove(await db.TuitionPolicies.SingleAsync(p => p.Id == policyId)));

    /// <summary>Saves a change to a signed agreement's text through the application's context.</summary>
    public Task ChangeSignedDocumentAsync(Guid agreementId) => SaveAsync(async db => (await db.Agreements.SingleAsync(a => a.Id == agreementId)).Document += " ");

    public Task ChangeSignatureAsync(Guid agreementId) => SaveAsync(async db => (await db.AgreementSignatures.FirstAsync(s => s.AgreementId == agreementId)).TypedName = "x");

    /// <summary>Changes a signed agreement's stored text behind the application's back (one UPDATE), as an attacker with database access could.</summary>
    public async Task TamperWithDocumentAsync(Guid agreementId, string from, string to) =>
        await QueryAsync(db => db.Agreements.Where(a => a.Id == agreementId).ExecuteUpdateAsync(s => s.SetProperty(a => a.Document, a => a.Document.Replace(from, to))));

    /// <summary>Makes a signed agreement look signed before records were sealed: no record, signatures naming none (sealed as they were then).</summary>
    public async Task MakeSignedBeforeRecordsAsync(Guid agreementId)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CertDeskDbContext>();
        var keys = scope.ServiceProvider.GetRequiredService<SealingKeys>();
        foreach (var s in await db.AgreementSignatures.AsNoTracking().Where(s => s.AgreementId == agreementId).ToListAsync())
        {
            s.RecordSha256 = null;
            SignedTerms.SealSignature(keys, s);
            await db.AgreementSignatures.Where(x => x.Id == s.Id).ExecuteUpdateAsync(u => u
                .SetProperty(x => x.RecordSha256, (string?)null).SetProperty(x => x.SealKeyId, s.SealKeyId).SetProperty(x => x.Seal, s.Seal));
        }
        await db.AgreementRecords.Where(r => r.AgreementId == agreementId).ExecuteDeleteAsync();
    }

    public async Task<int> SignatureCountAsync(Guid agreementId) => await QueryAsync(db => db.AgreementSignatures.CountAsync(s => s.AgreementId == agreementId));

    public async Task<int> ConsentCountAsync(string email) =>
        await QueryAsync(db => db.ElectronicConsents.CountAsync(c => c.UserId == db.Users.Single(u => u.Email == email).Id));

    /// <summary>Moves the end of the signing window into the past.</summary>
    public Task ExpireSigningWindowAsync(Guid agreementId) => SaveAsync(async db => (await db.Agreements.SingleAsync(a => a.Id == agreementId)).SignBy = DateTimeOffset.UtcNow.AddMinutes(-1));

    /// <summary>Makes the agreement look issued <paramref name="days"/> days ago (for the signing reminders).</summary>
    public Task BackdateIssueAsync(Guid agreementId, int days) => SaveAsync(async db => (await db.Agreements.SingleAsync(a => a.Id == agreementId)).IssuedAt = DateTimeOffset.UtcNow.AddDays(-days));

    public async Task<Guid> PolicyOfAsync(Guid agreementId) => await QueryAsync(db => db.Agreements.Where(a => a.Id == agreementId).Select(a => a.PolicyId).SingleAsync());

    public async Task<Guid?> SupersededByAsync(Guid agreementId) => await QueryAsync(db => db.Agreements.Where(a => a.Id == agreementId).Select(a => a.SupersededById).SingleAsync());

    /// <summary>One pass of the signing reminders; how many were queued.</summary>
    public async Task<int> RunAgreementRemindersAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AgreementReminders>().RunAsync(CancellationToken.None);
    }

    /// <summary>
    /// The employee's signature recorded below the API, for an employee whose login is not a demo account (the
    /// evidence fields say "test"); HR then countersigns through the API.
    /// </summary>
    public Task SimulateEmployeeSignatureAsync(Guid agreementId, string employeeNumber) => SaveAsync(async db =>
    {
        var a = await db.Agreements.Include(x => x.Employee).Include(x => x.Policy).SingleAsync(x => x.Id == agreementId);
        var keys = Services.GetRequiredService<SealingKeys>();
        var now = DateTimeOffset.UtcNow;
        a.Status = AgreementStatus.EmployeeSigned;
        a.EmployeeSignedAt = now;
        var record = SignedTerms.Seal(keys, agreementId, 0, null, null, a.IssuedBy, now, SignedTerms.Of(a), RecordStatus.EmployeeSigned);
        record.EmployeeSignedAt = now;
        db.AgreementRecords.Add(record);
        var signature = new AgreementSignature
        {
            AgreementId = agreementId,
            Role = SignerRole.Employee,
            SignerUserId = "test",
            SignerEmail = employeeNumber + "@demo.local",
            SignerName = employeeNumber,
            TypedName = employeeNumber,
            IntentStatement = AgreementDocument.IntentStatement,
            DocumentSha256 = a.DocumentSha256,
            RecordSha256 = record.Sha256,
            SignedAt = now,
            IpAddress = "127.0.0.1",
            UserAgent = "test",
            AuthenticationMethod = "test",
        };
        SignedTerms.SealSignature(keys, signature);
        db.AgreementSignatures.Add(signature);
    });

    /// <summary>
    /// Changes one term of a signed agreement in the database behind the application's back (one UPDATE of the row
    /// that holds it: the agreement, its employee or its policy version), as a dishonest administrator could.
    /// </summary>
    public async Task TamperWithTermAsync(Guid agreementId, string field)
    {
        var employeeId = await QueryAsync(db => db.Agreements.Where(a => a.Id == agreementId).Select(a => a.EmployeeId).SingleAsync());
        var policyId = await PolicyOfAsync(agreementId);
        Guid otherEmployee = Guid.Empty, otherPolicy = Guid.Empty;
        if (field == "employee_id")
        {
            otherEmployee = await QueryAsync(db => db.Employees.Where(e => e.Id != employeeId).OrderBy(e => e.EmployeeNumber).Select(e => e.Id).FirstAsync());
        }
        if (field == "policy_id")
        {
            var roomy = ValidPolicy();
            roomy["annual_cap"] = 900_000m;
            otherPolicy = await PublishedPolicyAsync(roomy);
        }
        var unique = Guid.NewGuid().ToString("N")[..8];
        await QueryAsync(async db =>
        {
            var agreement = db.Agreements.Where(a => a.Id == agreementId);
            var policy = db.TuitionPolicies.Where(p => p.Id == policyId);
            return field switch
            {
                "employee_id" => await agreement.ExecuteUpdateAsync(s => s.SetProperty(a => a.EmployeeId, otherEmployee)),
                "employee_number" => await db.Employees.Where(e => e.Id == employeeId).ExecuteUpdateAsync(s => s.SetProperty(e => e.EmployeeNumber, "X" + unique)),
                "business_case_id" => await agreement.ExecuteUpdateAsync(s => s.SetProperty(a => a.BusinessCaseId, Guid.NewGuid())),
                "certification_code" => await agreement.ExecuteUpdateAsync(s => s.SetProperty(a => a.CertificationCode, "FAKE")),
                "certification_name" => await agreement.ExecuteUpdateAsync(s => s.SetProperty(a => a.CertificationName, "Something else")),
                "funded_amount" => await agreement.ExecuteUpdateAsync(s => s.SetProperty(a => a.FundedAmount, a => a.FundedAmount + 8000m)),
                "tax_treatment" => await agreement.ExecuteUpdateAsync(s => s.SetProperty(a => a.TaxTreatment, TaxTreatment.Taxable)),
                "issued_at" => await agreement.ExecuteUpdateAsync(s => s.SetProperty(a => a.IssuedAt, DateTimeOffset.UtcNow.AddYears(-3))),
                "issued_by" => await agreement.ExecuteUpdateAsync(s => s.SetProperty(a => a.IssuedBy, "someone@else.example")),
                "document_sha256" => await agreement.ExecuteUpdateAsync(s => s.SetProperty(a => a.DocumentSha256, new string('0', 64))),
                "policy_id" => await agreement.ExecuteUpdateAsync(s => s.SetProperty(a => a.PolicyId, otherPolicy)),
                "policy_code" => await policy.ExecuteUpdateAsync(s => s.SetProperty(p => p.Code, "TP-" + unique)),
                "policy_version" => await policy.ExecuteUpdateAsync(s => s.SetProperty(p => p.VersionNumber, 7)),
                "annual_cap" => await policy.ExecuteUpdateAsync(s => s.SetProperty(p => p.AnnualCap, 99_999m)),
                "tax_free_annual_limit" => await policy.ExecuteUpdateAsync(s => s.SetProperty(p => p.TaxFreeAnnualLimit, 1m)),
                "funded_items" => await policy.ExecuteUpdateAsync(s => s.SetProperty(p => p.FundedItems, "tuition")),
                "completion_standard" => await policy.ExecuteUpdateAsync(s => s.SetProperty(p => p.CompletionStandard, CompletionStandard.MinimumGrade)),
                "minimum_grade" => await policy.ExecuteUpdateAsync(s => s.SetProperty(p => p.MinimumGrade, "A")),
                "completion_deadline_months" => await policy.ExecuteUpdateAsync(s => s.SetProperty(p => p.CompletionDeadlineMonths, 1)),
                "commitment_months" => await policy.ExecuteUpdateAsync(s => s.SetProperty(p => p.CommitmentMonths, 12)),
                "commitment_start" => await policy.ExecuteUpdateAsync(s => s.SetProperty(p => p.CommitmentStart, CommitmentStart.Payment)),
                "proration" => await policy.ExecuteUpdateAsync(s => s.SetProperty(p => p.Proration, Domain.Repayment.Proration.Monthly)),
                "tiers" => await policy.ExecuteUpdateAsync(s => s.SetProperty(p => p.Tiers, "24:100")),
                "triggering_reasons" => await policy.ExecuteUpdateAsync(s => s.SetProperty(p => p.TriggeringReasons, "resignation")),
                "exempt_reasons" => await policy.ExecuteUpdateAsync(s => s.SetProperty(p => p.ExemptReasons, "layoff,death,disability,resignation")),
                "not_completed_percent" => await policy.ExecuteUpdateAsync(s => s.SetProperty(p => p.NotCompletedPercent, 10m)),
                _ => throw new ArgumentException($"no tampering for {field}", nameof(field)),
            };
        });
    }

    /// <summary>
    /// Rewrites the text, its hash, the sealed record (its terms and hash) and every signature's hashes together, as an
    /// attacker with the database but without the key could: the seals stay what they were.
    /// </summary>
    public async Task RewriteSignedAgreementAsync(Guid agreementId, string from, string to)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CertDeskDbContext>();
        var agreement = await db.Agreements.AsNoTracking().SingleAsync(a => a.Id == agreementId);
        var document = agreement.Document.Replace(from, to, StringComparison.Ordinal);
        var hash = AgreementDocument.Sha256(document);
        var record = await db.AgreementRecords.AsNoTracking().SingleAsync(r => r.AgreementId == agreementId && r.Sequence == 0);
        var canonical = record.Canonical.Replace(agreement.DocumentSha256, hash, StringComparison.Ordinal);
        var recordHash = SignedTerms.Sha256(canonical);
        await db.Agreements.Where(a => a.Id == agreementId).ExecuteUpdateAsync(s => s.SetProperty(a => a.Document, document).SetProperty(a => a.DocumentSha256, hash));
        await db.AgreementRecords.Where(r => r.Id == record.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.Canonical, canonical).SetProperty(r => r.Sha256, recordHash));
        await db.AgreementSignatures.Where(x => x.AgreementId == agreementId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.DocumentSha256, hash).SetProperty(x => x.RecordSha256, recordHash));
    }

    /// <summary>Saves a change to a signed record through the application's context (refused below every service).</summary>
    public Task ChangeSignedRecordAsync(Guid agreementId) => SaveAsync(async db => (await db.AgreementRecords.FirstAsync(r => r.AgreementId == agreementId)).Reason = "x");

    /// <summary>Saves a change to a signed term through the application's context (refused: a signed term changes only by an amendment).</summary>
    public Task ChangeSignedTermAsync(Guid agreementId) => SaveAsync(async db => (await db.Agreements.SingleAsync(a => a.Id == agreementId)).FundedAmount = 9995m);

    public async Task<int> RepaymentCountAsync(Guid agreementId) => await QueryAsync(db => db.Repayments.CountAsync(r => r.AgreementId == agreementId));

    public async Task<EmploymentStatus> EmploymentStatusAsync(Guid employeeId) => await QueryAsync(db => db.Employees.Where(e => e.Id == employeeId).Select(e => e.Status).SingleAsync());

    /// <summary>The roster export's header and the line of one person (to import it back changed).</summary>
    public async Task<(string Header, string Line)> RosterLineAsync(string employeeNumber)
    {
        await using var scope = Services.CreateAsyncScope();
        using var writer = new StringWriter();
        await scope.ServiceProvider.GetRequiredService<RosterExport>().WriteAsync(writer, null, CancellationToken.None);
        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return (lines[0], lines.Single(l => l.StartsWith(employeeNumber + ",", StringComparison.Ordinal)));
    }

    /// <summary>Saves through the application's own context (its audit trail and sealed-record rules apply).</summary>
    private async Task SaveAsync(Func<CertDeskDbContext, Task> change)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CertDeskDbContext>();
        await change(db);
        await db.SaveChangesAsync();
    }
}
