using System.Globalization;
using CertDesk.Data;
using CertDesk.Domain.Tuition;
using CertDesk.Features.Accounts;
using CertDesk.Features.BusinessCases;
using CertDesk.Features.Mail;
using CertDesk.Features.Organization;
using CertDesk.Features.Shared;
using CertDesk.Features.TuitionPolicies;
using CertDesk.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CertDesk.Features.Agreements;

public sealed record IssueInput(
    Guid? BusinessCaseId, Guid? EmployeeId, Guid? PolicyId, string? CertificationCode, string? CertificationName,
    decimal? FundedAmount, string? TaxTreatment, DateOnly? PaidOn, int? SignWithinDays, Guid? Supersedes);

/// <summary>What the signer gives at the moment of signing: consent, intent (typed name + checkbox) and their password again.</summary>
public sealed record SignInput(bool ConsentToElectronicRecords, bool Intent, string? TypedName, string? Password);

/// <summary>Where the signature came from (evidence).</summary>
public sealed record SigningContext(string IpAddress, string UserAgent);

public sealed record SignatureCheck(string Role, string Signer, DateTimeOffset SignedAt, string SignedHash, bool Matches);

public sealed record VerifyResult(Guid AgreementId, bool Intact, string StoredHash, string ComputedHash, IReadOnlyList<SignatureCheck> Signatures, IReadOnlyList<string> Problems);

/// <summary>Issuing, signing (ESIGN/UETA: consent, intent, re-authentication, evidence), countersigning, superseding and verifying agreements.</summary>
public sealed class AgreementService(
    CertDeskDbContext db, OrganizationScope scope, UserManager<AppUser> users, Outbox outbox, PublicLinks links, TimeProvider clock)
{
    public const string AuthenticationMethod = "password re-entered at signing (CertDesk account)";

    public static bool CanIssue(Caller caller) => caller.RunsProgram;

    /// <summary>Agreements the caller may read: their own, their part of the org chart for managers, all for organization-wide roles.</summary>
    public async Task<IQueryable<Agreement>> VisibleAsync(Caller caller, CancellationToken ct)
    {
        var visible = await scope.VisibleEmployeeIdsAsync(caller, ct);
        var query = db.Agreements.AsNoTracking().Include(a => a.Employee).Include(a => a.Policy).Include(a => a.Signatures).AsQueryable();
        return visible is null ? query : query.Where(a => visible.Contains(a.EmployeeId));
    }

    public async Task<Agreement?> FindAsync(Caller caller, Guid id, CancellationToken ct) =>
        await (await VisibleAsync(caller, ct)).AsSplitQuery().FirstOrDefaultAsync(a => a.Id == id, ct);

    public async Task<Outcome<Agreement>> IssueAsync(Caller caller, IssueInput input, CancellationToken ct)
    {
        if (!CanIssue(caller))
        {
            return Outcome<Agreement>.Forbidden();
        }
        var errors = new FieldErrors();
        Guid? employeeId = input.EmployeeId;
        string? code = input.CertificationCode, name = input.CertificationName;
        decimal? funded = input.FundedAmount;
        if (input.BusinessCaseId is { } caseId)
        {
            var bc = await db.BusinessCases.AsNoTracking().FirstOrDefaultAsync(c => c.Id == caseId, ct);
            if (bc is null)
            {
                errors.Add("business_case_id", "is not a known business case");
            }
            else if (bc.Status != BusinessCaseStatus.Approved)
            {
                errors.Add("business_case_id", $"the business case is {bc.Status.ToString().ToLowerInvariant()}; only an approved case can be funded");
            }
            else
            {
                employeeId ??= bc.EmployeeId;
                code ??= bc.CertificationCode;
                name ??= bc.CertificationName;
                funded ??= bc.Fees + bc.Materials + bc.Travel;
            }
        }
        var employee = employeeId is { } eid ? await db.Employees.FirstOrDefaultAsync(e => e.Id == eid, ct) : null;
        errors.Check(employee is not null, "employee_id", "is required and must name a known employee");
        var policy = input.PolicyId is { } pid ? await db.TuitionPolicies.FirstOrDefaultAsync(p => p.Id == pid, ct) : null;
        if (policy is null)
        {
            errors.Add("policy_id", "is required and must name a policy version");
        }
        else if (policy.Status != PolicyStatus.Published)
        {
            errors.Add("policy_id", $"policy {policy.Code} version {policy.VersionNumber} is a draft; only a published version can be used");
        }
        errors.Check(code?.Trim() is { Length: > 0 and <= 32 }, "certification_code", "is required (at most 32 characters)");
        errors.Check(name?.Trim() is { Length: > 0 and <= 200 }, "certification_name", "is required (at most 200 characters)");
        errors.Check(funded is > 0 and <= 1_000_000m, "funded_amount", "is required (more than 0)");
        var treatment = TaxTreatment.Section127;
        errors.Check(input.TaxTreatment is null || Enum.TryParse(input.TaxTreatment.Replace("_", "", StringComparison.Ordinal), true, out treatment),
            "tax_treatment", "must be section127, working_condition or taxable");
        errors.Check(input.SignWithinDays is null or (>= 1 and <= 90), "sign_within_days", "must be between 1 and 90 days");
        var now = clock.GetUtcNow();
        if (errors.Count == 0)
        {
            foreach (var reason in PolicyService.Ineligibility(policy!, employee!, DateOnly.FromDateTime(now.UtcDateTime)))
            {
                errors.Add("employee_id", $"not eligible under {policy!.Code} v{policy.VersionNumber}: {reason}");
            }
            var year = (input.PaidOn ?? DateOnly.FromDateTime(now.UtcDateTime)).Year;
            var fundedThisYear = (await db.Agreements.AsNoTracking()
                .Where(a => a.EmployeeId == employee!.Id && a.Status != AgreementStatus.Superseded && a.Id != input.Supersedes)
                .Select(a => new { a.FundedAmount, a.PaidOn, a.IssuedAt }).ToListAsync(ct))
                .Where(a => (a.PaidOn?.Year ?? a.IssuedAt.Year) == year).Sum(a => a.FundedAmount);
            if (fundedThisYear + funded!.Value > policy!.AnnualCap)
            {
                errors.Add("funded_amount", string.Create(CultureInfo.InvariantCulture,
                    $"{funded:0.00} would bring {year} funding to {fundedThisYear + funded:0.00}, over the policy's annual cap of {policy.AnnualCap:0.00}"));
            }
        }
        Agreement? superseded = null;
        if (input.Supersedes is { } oldId)
        {
            superseded = await db.Agreements.FirstOrDefaultAsync(a => a.Id == oldId, ct);
            if (superseded is null || superseded.EmployeeId != employee?.Id)
            {
                errors.Add("supersedes", "must name an agreement of the same employee");
            }
            else if (superseded.Status is AgreementStatus.Superseded or AgreementStatus.Separated or AgreementStatus.Closed)
            {
                errors.Add("supersedes", $"agreement {oldId} is {superseded.Status.ToString().ToLowerInvariant()} and cannot be superseded");
            }
        }
        if (errors.Count > 0)
        {
            return Outcome<Agreement>.Invalid(errors);
        }
        var document = AgreementDocument.Render(policy!, employee!, code!.Trim().ToUpperInvariant(), name!.Trim(), funded!.Value, now);
        var agreement = new Agreement
        {
            EmployeeId = employee!.Id,
            PolicyId = policy!.Id,
            BusinessCaseId = input.BusinessCaseId,
            CertificationCode = code.Trim().ToUpperInvariant(),
            CertificationName = name.Trim(),
            FundedAmount = funded.Value,
            TaxTreatment = treatment,
            PaidOn = input.PaidOn,
            Document = document,
            DocumentSha256 = AgreementDocument.Sha256(document),
            Status = AgreementStatus.Issued,
            IssuedAt = now,
            IssuedBy = caller.Email,
            SignBy = now.AddDays(input.SignWithinDays ?? 14),
        };
        db.Agreements.Add(agreement);
        if (superseded is not null)
        {
            superseded.Status = AgreementStatus.Superseded;
            superseded.SupersededById = agreement.Id;
        }
        await outbox.QueueAsync($"agreement:{agreement.Id}:issued", employee.Email, $"Please sign your tuition agreement for {agreement.CertificationCode}",
            string.Create(CultureInfo.InvariantCulture, $"Hello {employee.FirstName},\n\nHR issued your tuition agreement for {agreement.CertificationCode} {agreement.CertificationName} ({agreement.FundedAmount:0.00} USD). Please read and sign it in CertDesk by {agreement.SignBy:yyyy-MM-dd} (UTC): {links.To($"/Agreements/Details/{agreement.Id}")}\n"), ct);
        await db.SaveChangesAsync(ct);
        return Outcome<Agreement>.Ok(agreement);
    }

    public Task<Outcome<Agreement>> SignAsync(Caller caller, Guid id, SignInput input, SigningContext context, CancellationToken ct) =>
        SignAsAsync(caller, id, SignerRole.Employee, input, context, ct);

    public Task<Outcome<Agreement>> CountersignAsync(Caller caller, Guid id, SignInput input, SigningContext context, CancellationToken ct) =>
        SignAsAsync(caller, id, SignerRole.Company, input, context, ct);

    private async Task<Outcome<Agreement>> SignAsAsync(Caller caller, Guid id, SignerRole role, SignInput input, SigningContext context, CancellationToken ct)
    {
        var agreement = await db.Agreements.Include(a => a.Employee).Include(a => a.Signatures).FirstOrDefaultAsync(a => a.Id == id, ct);
        if (agreement is null || !await scope.CanSeeAsync(caller, agreement.EmployeeId, ct))
        {
            return Outcome<Agreement>.NotFound();
        }
        var own = caller.EmployeeId == agreement.EmployeeId;
        if (role == SignerRole.Employee && !own)
        {
            return Outcome<Agreement>.Forbidden();
        }
        if (role == SignerRole.Company && (!CanIssue(caller) || own))
        {
            return Outcome<Agreement>.Forbidden();
        }
        var now = clock.GetUtcNow();
        var expected = role == SignerRole.Employee ? AgreementStatus.Issued : AgreementStatus.EmployeeSigned;
        if (agreement.Status == AgreementStatus.Superseded)
        {
            return Outcome<Agreement>.Invalid("status", "this agreement was superseded by a newer one and can no longer be signed");
        }
        if (agreement.Signatures.Any(s => s.Role == role))
        {
            return Outcome<Agreement>.Invalid("status", role == SignerRole.Employee ? "the employee has already signed this agreement" : "this agreement is already countersigned");
        }
        if (role == SignerRole.Employee && agreement.IsExpired(now))
        {
            return Outcome<Agreement>.Invalid("status", string.Create(CultureInfo.InvariantCulture, $"this agreement expired on {agreement.SignBy:yyyy-MM-dd HH:mm} UTC; ask HR to issue a new one"));
        }
        if (agreement.Status != expected)
        {
            return Outcome<Agreement>.Invalid("status", role == SignerRole.Company
                ? "the employee has not signed yet; the company countersigns after the employee"
                : $"this agreement is {agreement.Status.ToString().ToLowerInvariant()} and cannot be signed");
        }
        var errors = new FieldErrors();
        var consent = await db.ElectronicConsents.Where(c => c.UserId == caller.UserId && c.WithdrawnAt == null).OrderByDescending(c => c.Id).FirstOrDefaultAsync(ct);
        errors.Check(consent is not null || input.ConsentToElectronicRecords, "consent", "you must consent to do business electronically before signing (or ask HR for paper)");
        errors.Check(input.Intent, "intent", "check the box to confirm you intend to sign");
        var expectedName = role == SignerRole.Employee ? agreement.Employee!.FullName : caller.Name;
        errors.Check(Normalize(input.TypedName) is { Length: > 0 } typed && string.Equals(typed, Normalize(expectedName), StringComparison.OrdinalIgnoreCase),
            "typed_name", $"type your full name exactly as '{expectedName}'");
        var user = await users.FindByIdAsync(caller.UserId);
        // A locked or disabled account signs nothing, and the password check counts towards the lockout: a session
        // left open is not a way to guess the password.
        if (user is null || user.IsDisabled(now) || await users.IsLockedOutAsync(user))
        {
            return Outcome<Agreement>.Invalid("password", "your account is locked or disabled: it cannot sign now; sign in again later or ask an administrator");
        }
        if (string.IsNullOrEmpty(input.Password) || !await users.CheckPasswordAsync(user, input.Password))
        {
            await users.AccessFailedAsync(user);
            errors.Add("password", "re-enter your password to sign; it was not right");
        }
        else
        {
            await users.ResetAccessFailedCountAsync(user);
        }
        if (errors.Count > 0)
        {
            return Outcome<Agreement>.Invalid(errors);
        }
        var computed = AgreementDocument.Sha256(agreement.Document);
        if (computed != agreement.DocumentSha256)
        {
            return Outcome<Agreement>.Invalid("document", "the document no longer matches its recorded hash; it cannot be signed; ask HR to reissue it");
        }
        if (consent is null)
        {
            consent = new ElectronicConsent
            {
                UserId = caller.UserId,
                DisclosureVersion = AgreementDocument.ConsentDisclosureVersion,
                ConsentedAt = now,
                IpAddress = Clip(context.IpAddress, 64),
                UserAgent = Clip(context.UserAgent, 512),
            };
            db.ElectronicConsents.Add(consent);
        }
        db.AgreementSignatures.Add(new AgreementSignature
        {
            AgreementId = agreement.Id,
            Role = role,
            SignerUserId = caller.UserId,
            SignerEmail = caller.Email,
            SignerName = caller.Name,
            TypedName = Normalize(input.TypedName)!,
            IntentStatement = AgreementDocument.IntentStatement,
            DocumentSha256 = computed,
            SignedAt = now,
            IpAddress = Clip(context.IpAddress, 64),
            UserAgent = Clip(context.UserAgent, 512),
            AuthenticationMethod = AuthenticationMethod,
            ConsentId = consent.Id,
        });
        if (role == SignerRole.Employee)
        {
            agreement.Status = AgreementStatus.EmployeeSigned;
            agreement.EmployeeSignedAt = now;
            foreach (var hr in await users.GetUsersInRoleAsync(Roles.ProgramManager))
            {
                await outbox.QueueAsync($"agreement:{agreement.Id}:countersign:{hr.Id}", hr.Email!, $"Countersign the tuition agreement of {agreement.Employee!.FullName}",
                    $"{agreement.Employee.FullName} signed the tuition agreement for {agreement.CertificationCode}. Please countersign it: {links.To($"/Agreements/Details/{agreement.Id}")}\n", ct);
            }
        }
        else
        {
            agreement.Status = AgreementStatus.Active;
            agreement.CountersignedAt = now;
            await outbox.QueueAsync($"agreement:{agreement.Id}:completed", agreement.Employee!.Email, $"Your tuition agreement for {agreement.CertificationCode} is signed",
                $"Both parties signed your tuition agreement for {agreement.CertificationCode}. Download the signed PDF with its certificate: {links.To($"/Agreements/Details/{agreement.Id}")}\n", ct);
            await outbox.QueueAsync($"agreement:{agreement.Id}:completed:company", caller.Email, $"Countersigned: {agreement.Employee.FullName}, {agreement.CertificationCode}",
                $"You countersigned the agreement {links.To($"/Agreements/Details/{agreement.Id}")}\n", ct);
        }
        await db.SaveChangesAsync(ct);
        return Outcome<Agreement>.Ok(agreement);
    }

    /// <summary>Records completion and payment dates (HR); the document itself never changes.</summary>
    public async Task<Outcome<Agreement>> RecordDatesAsync(Caller caller, Guid id, DateOnly? completedOn, DateOnly? paidOn, CancellationToken ct, int? expectedVersion = null)
    {
        if (!CanIssue(caller))
        {
            return Outcome<Agreement>.Forbidden();
        }
        var agreement = await db.Agreements.FirstOrDefaultAsync(a => a.Id == id, ct);
        if (agreement is null)
        {
            return Outcome<Agreement>.NotFound();
        }
        if (expectedVersion is { } v && v != agreement.Version)
        {
            return Outcome<Agreement>.Stale(agreement);
        }
        var issued = DateOnly.FromDateTime(agreement.IssuedAt.UtcDateTime);
        if (completedOn is { } c && c < issued.AddYears(-1))
        {
            return Outcome<Agreement>.Invalid("completed_on", "is more than a year before the agreement was issued");
        }
        agreement.CompletedOn = completedOn ?? agreement.CompletedOn;
        agreement.PaidOn = paidOn ?? agreement.PaidOn;
        await db.SaveChangesAsync(ct);
        return Outcome<Agreement>.Ok(agreement);
    }

    /// <summary>Recomputes the document's SHA-256 and compares it with the recorded hash and with what each signer signed.</summary>
    public static VerifyResult Verify(Agreement agreement)
    {
        var computed = AgreementDocument.Sha256(agreement.Document);
        var problems = new List<string>();
        if (computed != agreement.DocumentSha256)
        {
            problems.Add($"the document text changed: its SHA-256 is {computed}, the recorded hash is {agreement.DocumentSha256}");
        }
        var checks = agreement.Signatures.OrderBy(s => s.SignedAt).Select(s => new SignatureCheck(
            s.Role.ToString().ToLowerInvariant(), s.SignerEmail, s.SignedAt, s.DocumentSha256, s.DocumentSha256 == computed)).ToList();
        foreach (var bad in checks.Where(c => !c.Matches))
        {
            problems.Add($"the {bad.Role} signature by {bad.Signer} was made on a document with SHA-256 {bad.SignedHash}, not the current text");
        }
        return new VerifyResult(agreement.Id, problems.Count == 0, agreement.DocumentSha256, computed, checks, problems);
    }

    private static string? Normalize(string? name) => name is null ? null : string.Join(' ', name.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static string Clip(string text, int max) => text.Length > max ? text[..max] : text;
}
