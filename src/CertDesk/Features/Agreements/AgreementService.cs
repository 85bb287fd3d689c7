using CertDesk.Domain.Repayment;
using CertDesk.Domain.Tuition;
using CertDesk.Features.BusinessCases;
using CertDesk.Features.Mail;
using CertDesk.Features.TuitionPolicies;
using Microsoft.AspNetCore.Identity;

namespace CertDesk.Features.Agreements;

public sealed record IssueInput(
    Guid? BusinessCaseId, Guid? EmployeeId, Guid? PolicyId, string? CertificationCode, string? CertificationName,
    decimal? FundedAmount, string? TaxTreatment, DateOnly? PaidOn, int? SignWithinDays, Guid? Supersedes);

/// <summary>What the signer gives at the moment of signing: consent, intent (typed name + checkbox) and their password again.</summary>
public sealed record SignInput(bool ConsentToElectronicRecords, bool Intent, string? TypedName, string? Password);

/// <summary>Where the signature came from (evidence).</summary>
/// <summary>Where a signature came from; <paramref name="SsoSignedInAt"/> is when the session's single sign-on happened (from the session, never from the request body).</summary>
public sealed record SigningContext(string IpAddress, string UserAgent, DateTimeOffset? SsoSignedInAt = null);

/// <summary>HR's proposed correction of a signed agreement: the terms that change (the rest stay) and why.</summary>
/// <summary>
/// HR's proposed correction of a signed agreement: the terms that change (the rest stay) and why. <c>clerical</c>: a
/// correction of clerical fields only (<see cref="SignedTerms.ClericalFields"/>), approved by a second HR person.
/// </summary>
public sealed record AmendInput(decimal? FundedAmount, string? CertificationCode, string? CertificationName, string? TaxTreatment, Guid? PolicyId, string? Reason, bool? Clerical = null);

/// <summary>One signature checked: it signed the current text, the record version it names, and its seal holds.</summary>
public sealed record SignatureCheck(string Role, string Signer, DateTimeOffset SignedAt, string SignedHash, bool Matches, int Record = 0, string? RecordSha256 = null);

/// <summary>A signed term the rows no longer hold (or an amendment changes): what was signed, what it is now.</summary>
public sealed record FieldDifference(string Field, string Signed, string Now);

/// <summary>One version of the signed record in the chain, with what it changed from the version before.</summary>
public sealed record RecordCheck(int Sequence, string Kind, string Status, string Sha256, string? PreviousSha256, string? Reason, string CreatedBy,
    DateTimeOffset CreatedAt, string SealKeyId, bool Sealed, IReadOnlyList<FieldDifference> Changes, IReadOnlyList<SignatureCheck> Signatures);

/// <summary>
/// The verification of an agreement: the document text against its hash; every record of the chain against its hash,
/// its predecessor and its seal; every signature against its record and seal; the signed terms against the rows now
/// (<see cref="Fields"/> names each term that differs).
/// </summary>
public sealed record VerifyResult(Guid AgreementId, bool Intact, string StoredHash, string ComputedHash, IReadOnlyList<SignatureCheck> Signatures, IReadOnlyList<string> Problems)
{
    public IReadOnlyList<FieldDifference> Fields { get; init; } = [];
    public IReadOnlyList<RecordCheck> Records { get; init; } = [];
}

/// <summary>Issuing, signing (ESIGN/UETA: consent, intent, re-authentication, evidence), countersigning, superseding and verifying agreements.</summary>
public sealed class AgreementService(
    CertDeskDbContext db, OrganizationScope scope, UserManager<AppUser> users, Outbox outbox, PublicLinks links, TimeProvider clock, SealingKeys keys)
{
    public const string AuthenticationMethod = "password re-entered at signing (CertDesk account)";

    /// <summary>How recent a single sign-on must be to stand in for re-entering a password at signing.</summary>
    public static readonly TimeSpan SsoConfirmationWindow = TimeSpan.FromMinutes(15);

    public static bool CanIssue(Caller caller) => caller.RunsProgram;

    /// <summary>Agreements the caller may read: their own, their part of the org chart for managers, all for organization-wide roles.</summary>
    public async Task<IQueryable<Agreement>> VisibleAsync(Caller caller, CancellationToken ct)
    {
        var visible = await scope.VisibleEmployeeIdsAsync(caller, ct);
        var query = db.Agreements.AsNoTracking().Include(a => a.Employee).Include(a => a.Policy).Include(a => a.Signatures).Include(a => a.Records).AsQueryable();
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
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        JurisdictionRule? rule = null;
        if (errors.Count == 0)
        {
            foreach (var reason in PolicyService.Ineligibility(policy!, employee!, today))
            {
                errors.Add("employee_id", $"not eligible under {policy!.Code} v{policy.VersionNumber}: {reason}");
            }
            var site = employee!.SiteId is { } siteId
                ? await db.Sites.AsNoTracking().Where(s => s.Id == siteId).Select(s => new { s.Name, s.Jurisdiction }).FirstOrDefaultAsync(ct)
                : null;
            rule = Jurisdictions.Find(site?.Jurisdiction) is { } found && found.AppliesOn(today) ? found : null;
            foreach (var breach in PolicyService.JurisdictionBreaches(policy!, rule, today))
            {
                errors.Add("policy_id", $"{policy!.Code} v{policy.VersionNumber} breaks the rule of {employee.FullName}'s site {site!.Name}: {breach}.");
            }
            if (rule?.CounselBusinessDays is { } counsel && today.AddDays(input.SignWithinDays ?? 14) <= rule.SignableFrom(today))
            {
                errors.Add("sign_within_days", string.Create(CultureInfo.InvariantCulture,
                    $"{rule.Name}: {employee.FullName} has {counsel} business days to consult counsel and can sign from {rule.SignableFrom(today):yyyy-MM-dd}; give them until after that day to sign"));
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
        var document = AgreementDocument.Render(policy!, employee!, code!.Trim().ToUpperInvariant(), name!.Trim(), funded!.Value, now, rule);
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
            Jurisdiction = rule?.Code,
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
        SignAsAsync(caller, id, SignerRole.Employee, 0, input, context, ct);

    public Task<Outcome<Agreement>> CountersignAsync(Caller caller, Guid id, SignInput input, SigningContext context, CancellationToken ct) =>
        SignAsAsync(caller, id, SignerRole.Company, 0, input, context, ct);

    /// <summary>The employee signs amendment <paramref name="sequence"/> (same consent, intent and re-authentication as the original).</summary>
    public Task<Outcome<Agreement>> SignAmendmentAsync(Caller caller, Guid id, int sequence, SignInput input, SigningContext context, CancellationToken ct) =>
        sequence < 1 ? Task.FromResult(Outcome<Agreement>.NotFound()) : SignAsAsync(caller, id, SignerRole.Employee, sequence, input, context, ct);

    /// <summary>The organization's signer signs amendment <paramref name="sequence"/> after the employee; the amended terms then take effect.</summary>
    public Task<Outcome<Agreement>> CountersignAmendmentAsync(Caller caller, Guid id, int sequence, SignInput input, SigningContext context, CancellationToken ct) =>
        sequence < 1 ? Task.FromResult(Outcome<Agreement>.NotFound()) : SignAsAsync(caller, id, SignerRole.Company, sequence, input, context, ct);

    /// <summary>
    /// HR proposes an amendment of an agreement in force: a new version of the signed record with the changed terms,
    /// chained to the version before (its SHA-256) and sealed. Nothing changes on the agreement until the employee and
    /// then the organization's signer sign it.
    /// </summary>
    public async Task<Outcome<Agreement>> AmendAsync(Caller caller, Guid id, AmendInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!CanIssue(caller))
        {
            return Outcome<Agreement>.Forbidden();
        }
        var agreement = await db.Agreements.Include(a => a.Employee).Include(a => a.Policy).Include(a => a.Records).AsSplitQuery().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (agreement is null || !await scope.CanSeeAsync(caller, agreement.EmployeeId, ct))
        {
            return Outcome<Agreement>.NotFound();
        }
        if (agreement.Status != AgreementStatus.Active)
        {
            return Outcome<Agreement>.Conflict($"agreement {agreement.Id} is {agreement.Status.ToString().ToLowerInvariant()}; only an agreement in force (signed by both) can be amended");
        }
        var records = agreement.Records.OrderBy(r => r.Sequence).ToList();
        if (records.FirstOrDefault(r => r.Status != RecordStatus.Signed) is { } pending)
        {
            return Outcome<Agreement>.Conflict($"amendment {pending.Sequence} of agreement {agreement.Id} is still waiting for signatures; it is signed (or superseded) first");
        }
        if (records.Count == 0)
        {
            return Outcome<Agreement>.Conflict($"agreement {agreement.Id} has no sealed record to amend (signed before records were sealed); supersede it instead");
        }
        var head = records[^1];
        var before = SignedTerms.Read(head.Canonical);
        var terms = new Dictionary<string, string>(before, StringComparer.Ordinal);
        var errors = new FieldErrors();
        var inv = CultureInfo.InvariantCulture;
        if (input.FundedAmount is { } funded)
        {
            errors.Check(funded is > 0 and <= 1_000_000m, "funded_amount", "must be more than 0");
            terms["funded_amount"] = funded.ToString("0.00", inv);
        }
        if (input.CertificationCode is { } code)
        {
            errors.Check(code.Trim() is { Length: > 0 and <= 32 }, "certification_code", "at most 32 characters");
            terms["certification_code"] = code.Trim().ToUpperInvariant();
        }
        if (input.CertificationName is { } name)
        {
            errors.Check(name.Trim() is { Length: > 0 and <= 200 }, "certification_name", "at most 200 characters");
            terms["certification_name"] = name.Trim();
        }
        if (input.TaxTreatment is { } tax)
        {
            errors.Check(Enum.TryParse<TaxTreatment>(tax.Replace("_", "", StringComparison.Ordinal), true, out var treatment) && Enum.IsDefined(treatment),
                "tax_treatment", "must be section127, working_condition or taxable");
            terms["tax_treatment"] = treatment.ToString();
        }
        if (input.PolicyId is { } pid)
        {
            var policy = await db.TuitionPolicies.AsNoTracking().FirstOrDefaultAsync(p => p.Id == pid, ct);
            if (policy is null || policy.Status != PolicyStatus.Published)
            {
                errors.Add("policy_id", "must name a published policy version");
            }
            else
            {
                foreach (var (field, value) in SignedTerms.PolicyTerms(policy))
                {
                    terms[field] = value;
                }
            }
        }
        errors.Check(input.Reason?.Trim() is { Length: > 0 and <= 1000 }, "reason", "say why the agreement is amended (at most 1000 characters)");
        if (errors.Count == 0 && SignedTerms.Fields.All(f => before.GetValueOrDefault(f) == terms.GetValueOrDefault(f)))
        {
            errors.Add("record", "nothing changes: give at least one term with a new value");
        }
        var clerical = input.Clerical == true;
        if (clerical && Changes(before, terms).Select(c => c.Field).Except(SignedTerms.ClericalFields).ToList() is { Count: > 0 } notClerical)
        {
            errors.Add("clerical", $"a clerical correction changes only the certification's name; {string.Join(", ", notClerical)} (money, months, rules, dates, the policy) change by an amendment both parties sign");
        }
        if (errors.Count > 0)
        {
            return Outcome<Agreement>.Invalid(errors);
        }
        var now = clock.GetUtcNow();
        var record = SignedTerms.Seal(keys, agreement.Id, head.Sequence + 1, head.Sha256, input.Reason!.Trim(), caller.Email, now, terms, RecordStatus.Proposed, clerical ? SignedTerms.ClericalKind : null);
        db.AgreementRecords.Add(record);
        agreement.Records.Add(record);
        var changes = string.Join("; ", Changes(before, terms).Select(c => $"{c.Field} {c.Signed} -> {c.Now}"));
        if (clerical)
        {
            foreach (var hr in (await users.GetUsersInRoleAsync(Roles.ProgramManager)).Concat(await users.GetUsersInRoleAsync(Roles.Admin))
                .Where(u => !string.Equals(u.Email, caller.Email, StringComparison.OrdinalIgnoreCase)).DistinctBy(u => u.Id))
            {
                await outbox.QueueAsync($"agreement:{agreement.Id}:amendment:{record.Sequence}:approve:{hr.Id}", hr.Email!,
                    $"Approve a clerical correction of the tuition agreement of {agreement.Employee!.FullName}",
                    $"{caller.Name} proposes clerical correction {record.Sequence} of the tuition agreement for {agreement.CertificationCode} ({changes}). Reason: {record.Reason}\nA second HR person approves it: {links.To($"/Agreements/Details/{agreement.Id}")}\n", ct);
            }
            await db.SaveChangesAsync(ct);
            return Outcome<Agreement>.Ok(agreement);
        }
        await outbox.QueueAsync($"agreement:{agreement.Id}:amendment:{record.Sequence}", agreement.Employee!.Email,
            $"Please sign amendment {record.Sequence} of your tuition agreement for {agreement.CertificationCode}",
            $"Hello {agreement.Employee.FirstName},\n\nHR proposes amendment {record.Sequence} of your tuition agreement ({changes}). Reason: {record.Reason}\nRead and sign it in CertDesk: {links.To($"/Agreements/Details/{agreement.Id}")}\n", ct);
        await db.SaveChangesAsync(ct);
        return Outcome<Agreement>.Ok(agreement);
    }

    /// <summary>The terms that differ between two versions of the record, in the canonical order.</summary>
    public static IReadOnlyList<FieldDifference> Changes(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after) =>
        [.. SignedTerms.Fields.Where(f => before.GetValueOrDefault(f, "") != after.GetValueOrDefault(f, ""))
            .Select(f => new FieldDifference(f, before.GetValueOrDefault(f, ""), after.GetValueOrDefault(f, "")))];

    private async Task<Outcome<Agreement>> SignAsAsync(Caller caller, Guid id, SignerRole role, int sequence, SignInput input, SigningContext context, CancellationToken ct)
    {
        var agreement = await db.Agreements.Include(a => a.Employee).Include(a => a.Policy).Include(a => a.Signatures).Include(a => a.Records)
            .AsSplitQuery().FirstOrDefaultAsync(a => a.Id == id, ct);
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
        var record = agreement.Records.FirstOrDefault(r => r.Sequence == sequence);
        if (sequence > 0)
        {
            if (record is null)
            {
                return Outcome<Agreement>.NotFound();
            }
            if (agreement.Status != AgreementStatus.Active)
            {
                return Outcome<Agreement>.Conflict($"agreement {agreement.Id} is {agreement.Status.ToString().ToLowerInvariant()}; its amendments can no longer be signed");
            }
            if (agreement.Signatures.Any(s => s.RecordSequence == sequence && s.Role == role))
            {
                return Outcome<Agreement>.Invalid("status", role == SignerRole.Employee ? "the employee has already signed this amendment" : "this amendment is already signed for the company");
            }
            if (SignedTerms.KindOf(record) == SignedTerms.ClericalKind)
            {
                // A clerical correction: a second HR person approves it (with the same re-authentication); the employee does not sign it.
                if (role == SignerRole.Employee)
                {
                    return Outcome<Agreement>.Conflict($"amendment {sequence} is a clerical correction: a second HR person approves it; the employee does not sign it");
                }
                if (string.Equals(caller.Email, record.CreatedBy, StringComparison.OrdinalIgnoreCase))
                {
                    return Outcome<Agreement>.Forbidden("you proposed this clerical correction: a second HR person approves it");
                }
            }
            else if (role == SignerRole.Company && record.Status != RecordStatus.EmployeeSigned)
            {
                return Outcome<Agreement>.Invalid("status", "the employee has not signed this amendment yet; the company signs after the employee");
            }
        }
        else
        {
            var expected = role == SignerRole.Employee ? AgreementStatus.Issued : AgreementStatus.EmployeeSigned;
            if (agreement.Status == AgreementStatus.Superseded)
            {
                return Outcome<Agreement>.Invalid("status", "this agreement was superseded by a newer one and can no longer be signed");
            }
            if (agreement.Signatures.Any(s => s.RecordSequence == 0 && s.Role == role))
            {
                return Outcome<Agreement>.Invalid("status", role == SignerRole.Employee ? "the employee has already signed this agreement" : "this agreement is already countersigned");
            }
            if (role == SignerRole.Employee && agreement.IsExpired(now))
            {
                return Outcome<Agreement>.Invalid("status", string.Create(CultureInfo.InvariantCulture, $"this agreement expired on {agreement.SignBy:yyyy-MM-dd HH:mm} UTC; ask HR to issue a new one"));
            }
            if (role == SignerRole.Employee && Jurisdictions.Find(agreement.Jurisdiction) is { CounselBusinessDays: { } counsel } rule
                && DateOnly.FromDateTime(now.UtcDateTime) < rule.SignableFrom(DateOnly.FromDateTime(agreement.IssuedAt.UtcDateTime)))
            {
                return Outcome<Agreement>.Invalid("status", string.Create(CultureInfo.InvariantCulture,
                    $"{rule.Name}: you have {counsel} business days to consult a lawyer before signing; you can sign from {rule.SignableFrom(DateOnly.FromDateTime(agreement.IssuedAt.UtcDateTime)):yyyy-MM-dd}"));
            }
            if (agreement.Status != expected)
            {
                return Outcome<Agreement>.Invalid("status", role == SignerRole.Company
                    ? "the employee has not signed yet; the company countersigns after the employee"
                    : $"this agreement is {agreement.Status.ToString().ToLowerInvariant()} and cannot be signed");
            }
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
        var method = AuthenticationMethod;
        if (context.SsoSignedInAt is not null || user.PasswordHash is null)
        {
            // A session opened through the organization's provider (or an account without a CertDesk password): a recent
            // sign-in there is the proof that it is the person.
            if (context.SsoSignedInAt is { } at && at <= now && now - at <= SsoConfirmationWindow)
            {
                method = string.Create(CultureInfo.InvariantCulture, $"single sign-on through the organization's identity provider at {at.UtcDateTime:yyyy-MM-dd HH:mm} UTC");
            }
            else
            {
                errors.Add("password", $"to sign, sign in again through your organization (the sign-in must be less than {SsoConfirmationWindow.TotalMinutes:0} minutes old)");
            }
        }
        else if (string.IsNullOrEmpty(input.Password) || !await users.CheckPasswordAsync(user, input.Password))
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
        if (record is null && role == SignerRole.Employee)
        {
            // The employee's signature seals the original record: every term of the obligation as the rows say it now.
            record = SignedTerms.Seal(keys, agreement.Id, 0, null, null, agreement.IssuedBy, now, SignedTerms.Of(agreement), RecordStatus.Proposed);
            db.AgreementRecords.Add(record);
        }
        else if (record is null)
        {
            // Signed by the employee before records were sealed: the company's signature seals the record.
            record = SignedTerms.Seal(keys, agreement.Id, 0, null, null, agreement.IssuedBy, now, SignedTerms.Of(agreement), RecordStatus.EmployeeSigned);
            db.AgreementRecords.Add(record);
        }
        else
        {
            // What is signed must still be what was sealed: its hash, its seal, and (for the original) the rows.
            var check = Verify(agreement, keys);
            var broken = check.Records.FirstOrDefault(r => r.Sequence <= sequence && !r.Sealed);
            if (broken is not null || (sequence == 0 && check.Fields.Count > 0))
            {
                return Outcome<Agreement>.Invalid("document", "the signed record no longer matches the agreement (" + string.Join("; ", check.Problems) + "); it cannot be signed; ask HR");
            }
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
        var signature = new AgreementSignature
        {
            AgreementId = agreement.Id,
            RecordSequence = sequence,
            Role = role,
            SignerUserId = caller.UserId,
            SignerEmail = caller.Email,
            SignerName = caller.Name,
            TypedName = Normalize(input.TypedName)!,
            IntentStatement = AgreementDocument.IntentStatement,
            DocumentSha256 = computed,
            RecordSha256 = record.Sha256,
            SignedAt = now,
            IpAddress = Clip(context.IpAddress, 64),
            UserAgent = Clip(context.UserAgent, 512),
            AuthenticationMethod = method,
            ConsentId = consent.Id,
        };
        SignedTerms.SealSignature(keys, signature);
        db.AgreementSignatures.Add(signature);
        agreement.Signatures.Add(signature);
        if (role == SignerRole.Employee)
        {
            record.Status = RecordStatus.EmployeeSigned;
            record.EmployeeSignedAt = now;
        }
        else
        {
            record.Status = RecordStatus.Signed;
            record.CompanySignedAt = now;
        }
        if (sequence > 0)
        {
            await AmendmentSignedAsync(caller, agreement, record, role, ct);
        }
        else if (role == SignerRole.Employee)
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

    /// <summary>After a signature on an amendment: the company is asked to sign, or (both signed) the amended terms take effect on the agreement.</summary>
    private async Task AmendmentSignedAsync(Caller caller, Agreement agreement, AgreementRecord record, SignerRole role, CancellationToken ct)
    {
        var link = links.To($"/Agreements/Details/{agreement.Id}");
        if (role == SignerRole.Employee)
        {
            foreach (var hr in await users.GetUsersInRoleAsync(Roles.ProgramManager))
            {
                await outbox.QueueAsync($"agreement:{agreement.Id}:amendment:{record.Sequence}:countersign:{hr.Id}", hr.Email!,
                    $"Sign amendment {record.Sequence} of the tuition agreement of {agreement.Employee!.FullName}",
                    $"{agreement.Employee.FullName} signed amendment {record.Sequence} of the tuition agreement for {agreement.CertificationCode}. Please sign it for the company: {link}\n", ct);
            }
            return;
        }
        var terms = SignedTerms.Read(record.Canonical);
        var inv = CultureInfo.InvariantCulture;
        var clerical = SignedTerms.KindOf(record) == SignedTerms.ClericalKind;
        var what = clerical ? $"Clerical correction {record.Sequence}" : $"Amendment {record.Sequence}";
        agreement.FundedAmount = decimal.Parse(terms["funded_amount"], NumberStyles.Number, inv);
        agreement.CertificationCode = terms["certification_code"];
        agreement.CertificationName = terms["certification_name"];
        agreement.TaxTreatment = Enum.Parse<TaxTreatment>(terms["tax_treatment"]);
        var policyId = Guid.Parse(terms["policy_id"]);
        if (policyId != agreement.PolicyId)
        {
            agreement.PolicyId = policyId;
            agreement.Policy = await db.TuitionPolicies.FirstAsync(p => p.Id == policyId, ct);
        }
        await outbox.QueueAsync($"agreement:{agreement.Id}:amendment:{record.Sequence}:signed", agreement.Employee!.Email,
            $"Amendment {record.Sequence} of your tuition agreement for {agreement.CertificationCode} is signed",
            $"{what} of your tuition agreement is in force ({(clerical ? "approved by a second HR person" : "signed by both parties")}). Download the PDF with the whole chain: {link}\n", ct);
        await outbox.QueueAsync($"agreement:{agreement.Id}:amendment:{record.Sequence}:signed:company", caller.Email,
            $"{what} signed: {agreement.Employee.FullName}, {agreement.CertificationCode}", $"You signed it for the company: {link}\n", ct);
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
        if (agreement.EmployeeSignedAt is not null)
        {
            return Outcome<Agreement>.Conflict(
                $"agreement {agreement.Id} is signed: its dates are no longer typed in; the approved payments set paid_on and the credential earned sets completed_on (a signed term changes only by an amendment both parties sign)");
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

    /// <summary>
    /// Recomputes everything that was signed: the document's SHA-256 against the recorded hash; each record of the chain
    /// against its hash, its predecessor's hash and its seal (the key is outside the database); each signature against
    /// the record it names and its seal; and the latest signed terms against the terms the rows hold now, naming each
    /// field that differs. The agreement's employee, policy, signatures and records must be loaded.
    /// </summary>
    public VerifyResult Verify(Agreement agreement) => Verify(agreement, keys);

    public static VerifyResult Verify(Agreement agreement, SealingKeys keys)
    {
        ArgumentNullException.ThrowIfNull(agreement);
        ArgumentNullException.ThrowIfNull(keys);
        var computed = AgreementDocument.Sha256(agreement.Document);
        var problems = new List<string>();
        if (computed != agreement.DocumentSha256)
        {
            problems.Add($"the document text changed: its SHA-256 is {computed}, the recorded hash is {agreement.DocumentSha256}");
        }
        var records = agreement.Records.OrderBy(r => r.Sequence).ToList();
        var signatures = agreement.Signatures.OrderBy(s => s.RecordSequence).ThenBy(s => s.SignedAt).ToList();
        var checks = new List<SignatureCheck>();
        foreach (var s in signatures)
        {
            var record = records.FirstOrDefault(r => r.Sequence == s.RecordSequence);
            // A backfilled record was sealed after the signatures it stands behind: they name no record hash.
            var predates = record is not null && s.RecordSha256 is null && SignedTerms.KindOf(record) == SignedTerms.BackfilledKind;
            var who = $"the {s.Role.ToString().ToLowerInvariant()} signature by {s.SignerEmail}{(s.RecordSequence > 0 ? $" on amendment {s.RecordSequence}" : "")}";
            var ok = true;
            if (s.DocumentSha256 != computed)
            {
                problems.Add($"{who} was made on a document with SHA-256 {s.DocumentSha256}, not the current text");
                ok = false;
            }
            if (!predates && (record is null || s.RecordSha256 != record.Sha256))
            {
                problems.Add(record is null
                    ? $"{who} names record {s.RecordSequence}, which is missing"
                    : $"{who} signed record SHA-256 {s.RecordSha256 ?? "(none)"}, but record {record.Sequence} is {record.Sha256}");
                ok = false;
            }
            if (keys.Check(SignedTerms.SignaturePurpose, SignedTerms.SignatureContent(s), s.SealKeyId, s.Seal) is { } why)
            {
                problems.Add($"{who}: its seal does not hold ({why}); the signature evidence was changed or written without the key");
                ok = false;
            }
            checks.Add(new SignatureCheck(s.Role.ToString().ToLowerInvariant(), s.SignerEmail, s.SignedAt, s.DocumentSha256, ok, s.RecordSequence, s.RecordSha256));
        }
        var signed = agreement.EmployeeSignedAt is not null || signatures.Count > 0
            || agreement.Status is AgreementStatus.EmployeeSigned or AgreementStatus.Active or AgreementStatus.Separated or AgreementStatus.Closed;
        if (signed && records.Count == 0)
        {
            problems.Add("the agreement is signed but has no sealed record of its terms (deleted, or signed before records were sealed)");
        }
        var recordChecks = new List<RecordCheck>();
        Dictionary<string, string>? previousTerms = null;
        string? previousSha = null;
        for (var i = 0; i < records.Count; i++)
        {
            var r = records[i];
            var name = r.Sequence == 0 ? "the original record" : $"amendment {r.Sequence}";
            var ok = true;
            if (r.Sequence != i)
            {
                problems.Add($"record {i} of the chain is missing (found {r.Sequence})");
                ok = false;
            }
            var sha = SignedTerms.Sha256(r.Canonical);
            if (sha != r.Sha256)
            {
                problems.Add($"{name} changed: its SHA-256 is {sha}, the recorded hash is {r.Sha256}");
                ok = false;
            }
            if (keys.Check(AgreementRecord.SealPurpose, r.Sha256, r.SealKeyId, r.Seal) is { } why)
            {
                problems.Add($"{name}: its seal does not hold ({why}); the record was rewritten without the key");
                ok = false;
            }
            if (r.PreviousSha256 != previousSha)
            {
                problems.Add($"{name} follows SHA-256 {r.PreviousSha256 ?? "(none)"}, but the record before it is {previousSha ?? "(none)"}");
                ok = false;
            }
            var terms = SignedTerms.Read(r.Canonical);
            var own = checks.Where(c => c.Record == r.Sequence).ToList();
            var kind = SignedTerms.KindOf(r);
            var clerical = kind == SignedTerms.ClericalKind;
            if (clerical && (r.Sequence == 0 || (previousTerms is not null && Changes(previousTerms, terms).Any(c => !SignedTerms.ClericalFields.Contains(c.Field)))))
            {
                problems.Add($"{name} is marked clerical but changes more than clerical fields");
                ok = false;
            }
            if (clerical && own.Any(c => c.Role == "company" && string.Equals(c.Signer, r.CreatedBy, StringComparison.OrdinalIgnoreCase)))
            {
                problems.Add($"{name} is a clerical correction approved by the person who proposed it");
                ok = false;
            }
            var required = kind == SignedTerms.BackfilledKind ? [] : clerical ? (r.Status == RecordStatus.Signed ? new[] { "company" } : []) :
                r.Status switch { RecordStatus.Signed => new[] { "employee", "company" }, RecordStatus.EmployeeSigned => ["employee"], _ => [] };
            foreach (var role in required)
            {
                if (!own.Any(c => c.Role == role))
                {
                    problems.Add($"{name} is marked {r.Status.ToString().ToLowerInvariant()}, but its {role} signature is missing");
                    ok = false;
                }
            }
            recordChecks.Add(new RecordCheck(r.Sequence, kind, ToSnake(r.Status.ToString()), r.Sha256, r.PreviousSha256, r.Reason,
                r.CreatedBy, r.CreatedAt, r.SealKeyId, ok, previousTerms is null ? [] : Changes(previousTerms, terms), own));
            previousTerms = terms;
            previousSha = r.Sha256;
        }
        // The terms in force: the latest record signed by both (or the original while the company has not signed yet).
        var head = records.LastOrDefault(r => r.Status == RecordStatus.Signed) ?? records.FirstOrDefault(r => r.Sequence == 0);
        var fields = new List<FieldDifference>();
        if (head is not null && agreement.Policy is not null && agreement.Employee is not null)
        {
            fields.AddRange(Changes(SignedTerms.Read(head.Canonical), SignedTerms.Of(agreement)));
            problems.AddRange(fields.Select(f => $"field {f.Field} signed {Shown(f.Signed)}, now {Shown(f.Now)}"));
        }
        return new VerifyResult(agreement.Id, problems.Count == 0, agreement.DocumentSha256, computed, checks, problems) { Fields = fields, Records = recordChecks };
    }

    private static string Shown(string value) => value.Length == 0 ? "(empty)" : value;

    private static string ToSnake(string name) => string.Concat(name.Select((ch, i) => char.IsUpper(ch) && i > 0 ? "_" + char.ToLowerInvariant(ch) : char.ToLowerInvariant(ch).ToString()));

    private static string? Normalize(string? name) => name is null ? null : string.Join(' ', name.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static string Clip(string text, int max) => text.Length > max ? text[..max] : text;
}
