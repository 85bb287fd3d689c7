using System.Text.Json.Nodes;
using CertDesk.Domain.Credentials;
using CertDesk.Features.Enrollments;

namespace CertDesk.Features.Credentials;

public sealed record CeInput(DateOnly? On, decimal? Hours, string? Category, string? Description);

/// <summary>Continuing education as a multipart form (with an optional evidence file), as the API description declares it.</summary>
public sealed record CeFormInput(DateOnly? On, decimal? Hours, string? Category, string? Description, IFormFile? Evidence);

public sealed record SharingInput(string? Sharing);

/// <summary>What HR checked to verify a claimed result (the issuer's score report, its registry entry, ...).</summary>
public sealed record VerificationInput(string? Evidence);

public sealed record CeDto(Guid Id, DateOnly On, decimal Hours, decimal Counted, string? Note, string Category, string Description, string? EvidenceName, Guid? EvidenceId, string LoggedBy);

public sealed record RenewalDto(decimal Required, string Unit, int PeriodMonths, DateOnly WindowStart, DateOnly WindowEnd, decimal Counted, decimal Short, bool Compliant);

public sealed record CredentialDto(
    Guid Id, string Number, Guid EmployeeId, string EmployeeName, Guid CertificationId, string CertificationCode, string CertificationName, string? IssuerName,
    DateOnly IssuedOn, DateOnly? ExpiresOn, int? DaysLeft, string Standing, string Sharing, RenewalDto? Renewal, IReadOnlyList<CeDto> Ce, int Version,
    string Verification, string? VerifiedBy, string? VerifiedByName, DateTimeOffset? VerifiedAt, string? VerificationEvidence);

/// <summary>What the public verification page may show: only what the holder chose to share.</summary>
public sealed record VerificationView(string Number, string CertificationName, string? IssuerName, DateOnly IssuedOn, DateOnly? ExpiresOn, string Standing, string? HolderName,
    string VerifiedByName, DateTimeOffset VerifiedAt, Guid CertificationId, string CertificationCode)
{
    /// <summary>The holder's own view of their verified credential: everything, their name included.</summary>
    public static VerificationView OfOwn(CredentialDto c) =>
        new(c.Number, c.CertificationName, c.IssuerName, c.IssuedOn, c.ExpiresOn, c.Standing, c.EmployeeName, c.VerifiedByName ?? "HR",
            c.VerifiedAt ?? throw new InvalidOperationException("Only a verified credential is exported as a badge."), c.CertificationId, c.CertificationCode);
}

/// <summary>
/// Credentials: renewal status from the CE logged against them, the sharing setting, the Open Badges export, and
/// verification: a result the holder recorded is a claim until an HR person other than the holder verifies it with
/// evidence; only verified credentials are shown on the public page and exported as badges.
/// </summary>
public sealed class CredentialService(CertDeskDbContext db, OrganizationScope scope, EnrollmentService enrollments, IOptions<FollowOptions> options, TimeProvider clock)
{
    public const decimal CeStep = 0.25m;

    public const string Claimed = "claimed";
    public const string Verified = "verified";

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public async Task<IQueryable<Credential>> VisibleAsync(Caller caller, CancellationToken ct)
    {
        var visible = await scope.VisibleEmployeeIdsAsync(caller, ct);
        var query = db.Credentials.AsNoTracking();
        return visible is null ? query : query.Where(c => visible.Contains(c.EmployeeId));
    }

    private static IQueryable<Credential> Full(IQueryable<Credential> query) =>
        query.Include(c => c.Employee).Include(c => c.Certification).ThenInclude(c => c!.Issuer).Include(c => c.CeActivities);

    public async Task<(IReadOnlyList<CredentialDto> Items, int Total)> ListAsync(Caller caller, Guid? employeeId, int? page, int? pageSize, CancellationToken ct)
    {
        var query = await VisibleAsync(caller, ct);
        if (employeeId is { } who)
        {
            query = query.Where(c => c.EmployeeId == who);
        }
        var total = await query.CountAsync(ct);
        var (skip, take) = ApiResults.Window(page, pageSize);
        var list = await Full(query.OrderByDescending(c => c.IssuedOn).ThenBy(c => c.Number).Skip(skip).Take(take)).AsSplitQuery().ToListAsync(ct);
        var names = await UserNames.OfAsync(db, list.Select(c => c.VerifiedBy), ct);
        return ([.. list.Select(c => ToDto(c, Today, names))], total);
    }

    public async Task<CredentialDto?> GetAsync(Caller caller, Guid id, CancellationToken ct)
    {
        var query = await VisibleAsync(caller, ct);
        var credential = await Full(query.Where(c => c.Id == id)).AsSplitQuery().FirstOrDefaultAsync(ct);
        return credential is null ? null : ToDto(credential, Today, await UserNames.OfAsync(db, [credential.VerifiedBy], ct));
    }

    public static RenewalRequirement? RequirementOf(Catalog.Certification cert) =>
        cert.RenewalCeAmount is > 0 && cert.RenewalPeriodMonths is > 0
            ? new RenewalRequirement(cert.RenewalCeAmount.Value, cert.RenewalPeriodMonths.Value, CeStep)
            : null;

    public static (RenewalStatus? Status, RenewalRequirement? Requirement) Renewal(Credential c, DateOnly today)
    {
        if (RequirementOf(c.Certification!) is not { } requirement)
        {
            return (null, null);
        }
        var (start, end) = RenewalCalculator.WindowOf(c.IssuedOn, requirement.PeriodMonths, today < c.IssuedOn ? c.IssuedOn : today);
        var status = RenewalCalculator.Evaluate(requirement, c.IssuedOn, start, end, c.CeActivities.Select(a => new CeEntry(a.On, a.Hours, a.Category)));
        return (status, requirement);
    }

    public static CredentialDto ToDto(Credential c, DateOnly today, IReadOnlyDictionary<string, string> names)
    {
        var (status, requirement) = Renewal(c, today);
        var counted = (status?.Lines ?? []).GroupBy(l => l.Entry).ToDictionary(g => g.Key, g => new Queue<CeLine>(g));
        return new CredentialDto(
            Id: c.Id,
            Number: c.Number,
            EmployeeId: c.EmployeeId,
            EmployeeName: c.Employee!.FullName,
            CertificationId: c.CertificationId,
            CertificationCode: c.Certification!.Code,
            CertificationName: c.Certification.Name,
            IssuerName: c.Certification.Issuer?.Name,
            IssuedOn: c.IssuedOn,
            ExpiresOn: c.ExpiresOn,
            DaysLeft: CredentialDates.DaysLeft(c.ExpiresOn, today),
            Standing: CredentialDates.Standing(c.ExpiresOn, today),
            Sharing: SharingName(c.Sharing),
            Renewal: status is null ? null : new RenewalDto(requirement!.Required, c.Certification.RenewalCeUnit ?? "hours", requirement.PeriodMonths, status.WindowStart, status.WindowEnd, status.Counted, status.Short, status.Compliant),
            Ce: [.. c.CeActivities.OrderBy(a => a.On).ThenBy(a => a.Id).Select(a =>
            {
                var line = counted.TryGetValue(new CeEntry(a.On, a.Hours, a.Category), out var queue) && queue.Count > 0 ? queue.Dequeue() : null;
                return new CeDto(a.Id, a.On, a.Hours, line?.Counted ?? 0, line?.Note, a.Category, a.Description, a.EvidenceId is null ? null : "evidence", a.EvidenceId, a.LoggedBy);
            })],
            Version: c.Version,
            Verification: c.VerifiedAt is null ? Claimed : Verified,
            VerifiedBy: c.VerifiedBy,
            VerifiedByName: NameOf(c.VerifiedBy, names),
            VerifiedAt: c.VerifiedAt,
            VerificationEvidence: c.VerifiedAt is null ? null : c.VerificationEvidence);
    }

    private static string? NameOf(string? who, IReadOnlyDictionary<string, string> names) =>
        who is null ? null : names.TryGetValue(who, out var name) ? name : who;

    /// <summary>A time as screens show it: to the minute, with its zone named.</summary>
    public static string At(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>
    /// Verifies a claimed result: an HR person (program manager or admin) who is not the holder, with what they checked.
    /// Separation of duties: nobody vouches for their own credential.
    /// </summary>
    public async Task<Outcome<Credential>> VerifyResultAsync(Caller caller, Guid id, VerificationInput input, int? ifMatch, CancellationToken ct)
    {
        var credential = await db.Credentials.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (credential is null || !await scope.CanSeeAsync(caller, credential.EmployeeId, ct))
        {
            return Outcome<Credential>.NotFound();
        }
        if (!caller.RunsProgram)
        {
            return Outcome<Credential>.Forbidden("credentials are verified by HR (a program manager or an administrator)");
        }
        if (caller.EmployeeId == credential.EmployeeId)
        {
            return Outcome<Credential>.Forbidden("you cannot verify your own credential: another HR person does");
        }
        if (credential.VerifiedAt is not null)
        {
            return Outcome<Credential>.Conflict($"the credential was already verified on {At(credential.VerifiedAt.Value)}");
        }
        var evidence = (input.Evidence ?? "").Trim();
        if (evidence.Length is 0 or > 1000)
        {
            return Outcome<Credential>.Invalid("evidence", "is required: what you checked (the issuer's score report, its registry entry, ...), at most 1000 characters");
        }
        if (ifMatch is { } v && v != credential.Version)
        {
            return Outcome<Credential>.StaleAt(credential.Version);
        }
        (credential.VerifiedBy, credential.VerifiedAt, credential.VerificationEvidence) = (caller.Email, clock.GetUtcNow(), evidence);
        await db.SaveChangesAsync(ct);
        return Outcome<Credential>.Ok(credential);
    }

    public static string SharingName(CredentialSharing sharing) => sharing switch
    {
        CredentialSharing.WithName => "with_name",
        _ => sharing.ToString().ToLowerInvariant(),
    };

    public static CredentialSharing? ParseSharing(string? text) => (text ?? "").Trim().ToLowerInvariant() switch
    {
        "private" => CredentialSharing.Private,
        "validity" => CredentialSharing.Validity,
        "with_name" => CredentialSharing.WithName,
        _ => null,
    };

    /// <summary>Ok (the holder's id) when the caller may log CE against the credential (checked before the body is read).</summary>
    public async Task<Outcome<Guid>> WhyNotLogAsync(Caller caller, Guid id, CancellationToken ct)
    {
        var holder = await db.Credentials.AsNoTracking().Where(c => c.Id == id).Select(c => (Guid?)c.EmployeeId).FirstOrDefaultAsync(ct);
        if (holder is null || !await scope.CanSeeAsync(caller, holder.Value, ct))
        {
            return Outcome<Guid>.NotFound();
        }
        return caller.EmployeeId != holder && !caller.RunsProgram ? Outcome<Guid>.Forbidden("continuing education is logged by the credential's holder") : Outcome<Guid>.Ok(holder.Value);
    }

    public async Task<Outcome<Credential>> LogCeAsync(Caller caller, Guid id, CeInput input, string? fileName, byte[]? content, CancellationToken ct)
    {
        var credential = await db.Credentials.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (credential is null || !await scope.CanSeeAsync(caller, credential.EmployeeId, ct))
        {
            return Outcome<Credential>.NotFound();
        }
        if (caller.EmployeeId != credential.EmployeeId && !caller.RunsProgram)
        {
            return Outcome<Credential>.Forbidden("continuing education is logged by the credential's holder");
        }
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (input.On is not { } on || on > Today)
        {
            errors["on"] = ["is required and cannot be in the future"];
        }
        if (input.Hours is not (> 0 and <= 200))
        {
            errors["hours"] = ["must be more than 0 and at most 200"];
        }
        if (string.IsNullOrWhiteSpace(input.Category) || input.Category.Length > 64)
        {
            errors["category"] = ["is required (e.g. conference, web seminar, course), at most 64 characters"];
        }
        if (string.IsNullOrWhiteSpace(input.Description) || input.Description.Length > 1000)
        {
            errors["description"] = ["is required: what the activity was and its evidence (at most 1000 characters)"];
        }
        string? contentType = null;
        if (content is not null && fileName is not null)
        {
            (contentType, var fileError) = EvidenceFiles.Inspect(fileName, content, options.Value.MaxEvidenceBytes);
            if (fileError is not null)
            {
                errors["evidence"] = [fileError];
            }
        }
        if (errors.Count > 0)
        {
            return Outcome<Credential>.Invalid(errors);
        }
        db.CeActivities.Add(new CeActivity
        {
            CredentialId = id,
            On = input.On!.Value,
            Hours = input.Hours!.Value,
            Category = input.Category!.Trim().ToLowerInvariant(),
            Description = input.Description!.Trim(),
            LoggedBy = caller.Email,
            Evidence = contentType is null ? null : enrollments.NewFile(caller, credential.EmployeeId, fileName!, contentType, content!),
        });
        await db.SaveChangesAsync(ct);
        return Outcome<Credential>.Ok(credential);
    }

    public async Task<Outcome<Credential>> SetSharingAsync(Caller caller, Guid id, SharingInput input, int? ifMatch, CancellationToken ct)
    {
        var credential = await db.Credentials.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (credential is null || !await scope.CanSeeAsync(caller, credential.EmployeeId, ct))
        {
            return Outcome<Credential>.NotFound();
        }
        if (caller.EmployeeId != credential.EmployeeId)
        {
            return Outcome<Credential>.Forbidden("only the holder decides what the public verification page shows");
        }
        if (ParseSharing(input.Sharing) is not { } sharing)
        {
            return Outcome<Credential>.Invalid("sharing", "must be private, validity or with_name");
        }
        if (ifMatch is { } v && v != credential.Version)
        {
            return Outcome<Credential>.StaleAt(credential.Version);
        }
        credential.Sharing = sharing;
        await db.SaveChangesAsync(ct);
        return Outcome<Credential>.Ok(credential);
    }

    /// <summary>The public view of a credential number, or null when there is none or the holder shares nothing.</summary>
    public async Task<VerificationView?> VerifyAsync(string number, CancellationToken ct)
    {
        var text = (number ?? "").Trim().ToUpperInvariant();
        if (text.Length is 0 or > 32)
        {
            return null;
        }
        var c = await db.Credentials.AsNoTracking().Include(x => x.Employee).Include(x => x.Certification).ThenInclude(x => x!.Issuer)
            .FirstOrDefaultAsync(x => x.Number == text, ct);
        // A claim nobody verified yet is not vouched for: the page says the same as for a number that is not shared.
        if (c is null || c.Sharing == CredentialSharing.Private || c.VerifiedAt is not { } verifiedAt)
        {
            return null;
        }
        return new VerificationView(c.Number, c.Certification!.Name, c.Certification.Issuer?.Name, c.IssuedOn, c.ExpiresOn,
            CredentialDates.Standing(c.ExpiresOn, Today), c.Sharing == CredentialSharing.WithName ? c.Employee!.FullName : null,
            await UserNames.OfAsync(db, c.VerifiedBy ?? "", ct), verifiedAt, c.CertificationId, c.Certification.Code);
    }

    /// <summary>The achievement a certification stands for (catalog facts, public anyway), or null when there is no such certification.</summary>
    public async Task<JsonObject?> AchievementAsync(Guid certificationId, string baseUrl, CancellationToken ct)
    {
        var c = await db.Certifications.AsNoTracking().Where(x => x.Id == certificationId)
            .Select(x => new { x.Id, x.Code, x.Name, Issuer = x.Issuer == null ? null : x.Issuer.Name }).FirstOrDefaultAsync(ct);
        if (c is null)
        {
            return null;
        }
        var achievement = Achievement(c.Id, c.Code, c.Name, c.Issuer, baseUrl);
        achievement.Insert(0, "@context", BadgeContext());
        return achievement;
    }

    /// <summary>
    /// An Open Badges 3.0 OpenBadgeCredential (a W3C verifiable credential, unsigned) built only from what may be shown:
    /// the holder's own export names them, the public one (<see cref="PublicBadges"/>) only when they share their name.
    /// Its id and the achievement's id resolve without an account.
    /// </summary>
    public static JsonObject OpenBadge(VerificationView c, string baseUrl)
    {
        static string Instant(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00Z";
        var subject = new JsonObject
        {
            ["type"] = new JsonArray("AchievementSubject"),
            ["achievement"] = Achievement(c.CertificationId, c.CertificationCode, c.CertificationName, c.IssuerName, baseUrl),
        };
        if (c.HolderName is { } holder)
        {
            subject["identifier"] = new JsonArray(new JsonObject
            {
                ["type"] = "IdentityObject",
                ["identityHash"] = holder,
                ["identityType"] = "name",
                ["hashed"] = false,
            });
        }
        var badge = new JsonObject
        {
            ["@context"] = BadgeContext(),
            ["id"] = $"{baseUrl}/verify/{Uri.EscapeDataString(c.Number)}",
            ["type"] = new JsonArray("VerifiableCredential", "OpenBadgeCredential"),
            ["name"] = c.CertificationName,
            ["issuer"] = Issuer(c.IssuerName, baseUrl),
            ["validFrom"] = Instant(c.IssuedOn),
            ["credentialSubject"] = subject,
            ["evidence"] = new JsonArray(new JsonObject
            {
                ["type"] = new JsonArray("Evidence"),
                ["name"] = "Verification of the result",
                ["narrative"] = $"Verified by {c.VerifiedByName} on {At(c.VerifiedAt)}.",
            }),
        };
        if (c.ExpiresOn is { } expires)
        {
            badge["validUntil"] = Instant(expires);
        }
        return badge;
    }

    /// <summary>The Open Badges Achievement a certification stands for, at its public address.</summary>
    public static JsonObject Achievement(Guid certificationId, string code, string name, string? issuerName, string baseUrl) => new()
    {
        ["id"] = $"{baseUrl}/achievements/{certificationId}",
        ["type"] = new JsonArray("Achievement"),
        ["achievementType"] = "Certification",
        ["name"] = name,
        ["description"] = $"{code}: {name}" + (issuerName is null ? "" : $", issued by {issuerName}"),
        ["criteria"] = new JsonObject { ["narrative"] = "Passed the certification exam at or above the pass mark." },
    };

    public static JsonArray BadgeContext() =>
        new("https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json");

    // The recording organisation: CertDesk vouches that HR verified the result; the certifying body is named beside it.
    private static JsonObject Issuer(string? issuerName, string baseUrl) => new()
    {
        ["id"] = baseUrl,
        ["type"] = new JsonArray("Profile"),
        ["name"] = issuerName is null ? "CertDesk" : $"{issuerName} (recorded by CertDesk)",
    };
}
