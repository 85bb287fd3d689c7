namespace CertDesk.Features.Catalog;

/// <summary>A certification as the API, the edit page and the CSV import give it. Null = unknown.</summary>
public sealed record CertificationInput(
    string? Code, string? Name, string? IssuerCode, string? Format, bool? InPerson, string? Prerequisites, string? PrerequisiteCodes,
    decimal? TuitionFee, decimal? ExamFee, decimal? MaterialsFee, decimal? RetakeFee, int? ExamAttempts, decimal? StudyHours,
    decimal? ClassHours, int? ValidityMonths, int? RenewalPeriodMonths, decimal? RenewalCeAmount, string? RenewalCeUnit,
    string? RenewalRule, string? Verification, string? Notes, Dictionary<string, string>? Sources, Dictionary<string, int>? Competencies);

public sealed record CompetencyLevelDto(string Code, string Name, int Level);

/// <summary>An issuer as the API, the new-issuer page and the CSV import give it.</summary>
public sealed record CertificationDto(
    Guid Id, string Code, string Name, string? IssuerCode, string? IssuerName, string? Format, bool? InPerson, string? Prerequisites,
    IReadOnlyList<string> PrerequisiteCodes, decimal? TuitionFee, decimal? ExamFee, decimal? MaterialsFee, decimal? RetakeFee,
    int? ExamAttempts, decimal? StudyHours, decimal? ClassHours, int? ValidityMonths, int? RenewalPeriodMonths, decimal? RenewalCeAmount,
    string? RenewalCeUnit, string? RenewalRule, string Verification, string? Notes, IReadOnlyDictionary<string, string> Sources,
    IReadOnlyList<CompetencyLevelDto> Competencies, int Version, DateOnly? RetiredOn = null);

/// <summary>The catalog's use cases: read, validate, create and update certifications (API, pages and CSV import share them).</summary>
public sealed class CatalogService(CertDeskDbContext db)
{
    public static readonly string[] Verifications = ["verified", "partial", "unverified"];

    /// <summary>The longest source a fact may have (a web address with its date, or a short citation).</summary>
    public const int MaxSourceLength = 1000;

    public IQueryable<Certification> Query() => db.Certifications.AsNoTracking()
        .Include(c => c.Issuer).Include(c => c.Competencies).ThenInclude(cc => cc.Competency)
        .OrderBy(c => c.Code).ThenBy(c => c.Issuer!.Code);

    public static CertificationDto ToDto(Certification c) => new(
        Id: c.Id,
        Code: c.Code,
        Name: c.Name,
        IssuerCode: c.Issuer?.Code,
        IssuerName: c.Issuer?.Name,
        Format: c.Format,
        InPerson: c.InPerson,
        Prerequisites: c.Prerequisites,
        PrerequisiteCodes: c.PrerequisiteCodeList,
        TuitionFee: c.TuitionFee,
        ExamFee: c.ExamFee,
        MaterialsFee: c.MaterialsFee,
        RetakeFee: c.RetakeFee,
        ExamAttempts: c.ExamAttempts,
        StudyHours: c.StudyHours,
        ClassHours: c.ClassHours,
        ValidityMonths: c.ValidityMonths,
        RenewalPeriodMonths: c.RenewalPeriodMonths,
        RenewalCeAmount: c.RenewalCeAmount,
        RenewalCeUnit: c.RenewalCeUnit,
        RenewalRule: c.RenewalRule,
        Verification: c.Verification.ToString().ToLowerInvariant(),
        Notes: c.Notes,
        Sources: c.Sources,
        Competencies: [.. c.Competencies.Where(cc => cc.Competency is not null).OrderBy(cc => cc.Competency!.Code, StringComparer.Ordinal)
            .Select(cc => new CompetencyLevelDto(cc.Competency!.Code, cc.Competency.Name, cc.Level))],
        Version: c.Version,
        RetiredOn: c.RetiredOn);

    public sealed record Lookups(Dictionary<string, Issuer> Issuers, Dictionary<string, Guid> Competencies);

    public async Task<Lookups> LookupsAsync(CancellationToken ct) => new(
        await db.Issuers.ToDictionaryAsync(i => i.Code, StringComparer.Ordinal, ct),
        await db.Competencies.ToDictionaryAsync(c => c.Code, c => c.Id, StringComparer.Ordinal, ct));

    /// <summary>Field errors keyed by the snake_case field name; empty when valid.</summary>
    public static Dictionary<string, string[]> Validate(CertificationInput input, Lookups lookups, bool issuerMayBeNew = false)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Error(string field, string reason) => errors[field] = [.. errors.GetValueOrDefault(field) ?? [], reason];

        if (string.IsNullOrWhiteSpace(input.Code) || input.Code.Trim().Length > 32 || input.Code.Trim().Contains(' ', StringComparison.Ordinal))
        {
            Error("code", "is required (at most 32 characters, no spaces)");
        }
        if (string.IsNullOrWhiteSpace(input.Name) || input.Name.Trim().Length > 200)
        {
            Error("name", "is required (at most 200 characters)");
        }
        if (!string.IsNullOrWhiteSpace(input.IssuerCode) && !issuerMayBeNew && !lookups.Issuers.ContainsKey(input.IssuerCode.Trim()))
        {
            Error("issuer_code", $"'{input.IssuerCode}' is not a known issuer ({string.Join(", ", lookups.Issuers.Keys.Order(StringComparer.Ordinal))}); leave it empty when unknown");
        }
        foreach (var (field, value) in new[] { ("tuition_fee", input.TuitionFee), ("exam_fee", input.ExamFee), ("materials_fee", input.MaterialsFee), ("retake_fee", input.RetakeFee) })
        {
            if (value is < 0 or > 1_000_000m || (value is { } v && decimal.Round(v, 2) != v))
            {
                Error(field, "must be an amount between 0 and 1,000,000 with at most 2 decimals (empty when unknown)");
            }
        }
        foreach (var (field, value) in new[] { ("study_hours", input.StudyHours), ("class_hours", input.ClassHours), ("renewal_ce_amount", input.RenewalCeAmount) })
        {
            if (value is < 0 or > 10_000m)
            {
                Error(field, "must be between 0 and 10,000 (empty when unknown)");
            }
        }
        foreach (var (field, value) in new[] { ("exam_attempts", input.ExamAttempts), ("validity_months", input.ValidityMonths), ("renewal_period_months", input.RenewalPeriodMonths) })
        {
            if (value is < 1 or > 1200)
            {
                Error(field, "must be a whole number from 1 to 1200 (empty when unknown)");
            }
        }
        if (input.RenewalCeAmount is not null && string.IsNullOrWhiteSpace(input.RenewalCeUnit))
        {
            Error("renewal_ce_unit", "is required with renewal_ce_amount (hours, points, PDUs, credits, ...)");
        }
        if (input.Verification is not null && !Verifications.Contains(input.Verification.Trim().ToLowerInvariant()))
        {
            Error("verification", $"'{input.Verification}' is not one of {string.Join(", ", Verifications)}");
        }
        var code = input.Code?.Trim() ?? "";
        foreach (var prerequisite in (input.PrerequisiteCodes ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (prerequisite == code)
            {
                Error("prerequisite_codes", "a certification cannot be its own prerequisite");
            }
        }
        foreach (var (competency, level) in input.Competencies ?? [])
        {
            if (!lookups.Competencies.ContainsKey(competency))
            {
                Error("competencies", $"'{competency}' is not a competency of the framework");
            }
            if (level is < 1 or > 5)
            {
                Error("competencies", $"the level of {competency} must be 1-5, not {level}");
            }
        }
        foreach (var (fact, source) in input.Sources ?? [])
        {
            if (!CertificationFacts.All.Contains(fact))
            {
                Error("sources", $"'{fact}' is not a fact name ({string.Join(", ", CertificationFacts.All)})");
            }
            if (string.IsNullOrWhiteSpace(source) || source.Length > MaxSourceLength)
            {
                Error("sources", $"the source of {fact} must be given (at most {MaxSourceLength} characters)");
            }
        }
        Length("format", input.Format, 1000);
        Length("prerequisites", input.Prerequisites, 1000);
        Length("prerequisite_codes", input.PrerequisiteCodes, 200);
        Length("renewal_ce_unit", input.RenewalCeUnit, 32);
        Length("renewal_rule", input.RenewalRule, 1000);
        Length("notes", input.Notes, 2000);
        return errors;

        void Length(string field, string? value, int max)
        {
            if (value is { Length: var n } && n > max)
            {
                Error(field, $"is longer than {max} characters");
            }
        }
    }

    /// <summary>Retires a certification from the catalog from <paramref name="retiredOn"/> (no new requests from that day), or offers it again (null).</summary>
    public async Task<Outcome<Certification>> SetRetiredAsync(Guid id, DateOnly? retiredOn, CancellationToken ct)
    {
        var cert = await db.Certifications.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (cert is null)
        {
            return Outcome<Certification>.NotFound();
        }
        cert.RetiredOn = retiredOn;
        await db.SaveChangesAsync(ct);
        return Outcome<Certification>.Ok(cert);
    }

    /// <summary>
    /// Validates and creates a certification (page and API): <see cref="Validate"/>, then the (code, issuer) key must be
    /// new. Nothing is written when anything is wrong.
    /// </summary>
    public async Task<Outcome<Certification>> CreateCheckedAsync(CertificationInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var lookups = await LookupsAsync(ct);
        var errors = Validate(input, lookups);
        if (errors.Count == 0 && await ExistsAsync(input.Code!.Trim(), IssuerIdOf(input, lookups), null, ct))
        {
            errors["code"] = [Duplicate(input)];
        }
        if (errors.Count > 0)
        {
            return Outcome<Certification>.Invalid(errors);
        }
        try
        {
            return Outcome<Certification>.Ok(await CreateAsync(input, lookups, ct));
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (!await ExistsAsync(input.Code!.Trim(), IssuerIdOf(input, lookups), null, ct))
            {
                throw;
            }
            return Outcome<Certification>.Invalid("code", Duplicate(input));
        }
    }

    public static string Duplicate(CertificationInput input) => $"'{input.Code?.Trim()}' of this issuer is already in the catalog";

    public static Guid? IssuerIdOf(CertificationInput input, Lookups lookups) =>
        string.IsNullOrWhiteSpace(input.IssuerCode) ? null : lookups.Issuers[input.IssuerCode.Trim()].Id;

    /// <summary>Copies a valid input onto an entity; returns true when anything changed.</summary>
    public static bool Apply(Certification cert, CertificationInput input, Lookups lookups)
    {
        var before = Fingerprint(cert);
        cert.Code = input.Code!.Trim();
        cert.Name = input.Name!.Trim();
        cert.IssuerId = string.IsNullOrWhiteSpace(input.IssuerCode) ? null : lookups.Issuers[input.IssuerCode.Trim()].Id;
        cert.Format = Blank(input.Format);
        cert.InPerson = input.InPerson;
        cert.Prerequisites = Blank(input.Prerequisites);
        cert.PrerequisiteCodes = string.Join(' ', (input.PrerequisiteCodes ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries));
        cert.TuitionFee = input.TuitionFee;
        cert.ExamFee = input.ExamFee;
        cert.MaterialsFee = input.MaterialsFee;
        cert.RetakeFee = input.RetakeFee;
        cert.ExamAttempts = input.ExamAttempts;
        cert.StudyHours = input.StudyHours;
        cert.ClassHours = input.ClassHours;
        cert.ValidityMonths = input.ValidityMonths;
        cert.RenewalPeriodMonths = input.RenewalPeriodMonths;
        cert.RenewalCeAmount = input.RenewalCeAmount;
        cert.RenewalCeUnit = Blank(input.RenewalCeUnit);
        cert.RenewalRule = Blank(input.RenewalRule);
        cert.Verification = Enum.Parse<VerificationStatus>(input.Verification?.Trim() ?? "unverified", ignoreCase: true);
        cert.Notes = Blank(input.Notes);
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (fact, source) in input.Sources ?? [])
        {
            sources[fact] = source.Trim();
        }
        if (!SameSources(cert.Sources, sources))
        {
            cert.Sources = sources;
        }
        var wanted = (input.Competencies ?? []).ToDictionary(p => lookups.Competencies[p.Key], p => p.Value);
        var competenciesChanged = false;
        foreach (var link in cert.Competencies.ToList())
        {
            if (!wanted.TryGetValue(link.CompetencyId, out var level))
            {
                cert.Competencies.Remove(link);
                competenciesChanged = true;
            }
            else if (link.Level != level)
            {
                link.Level = level;
                competenciesChanged = true;
            }
        }
        foreach (var (competencyId, level) in wanted.Where(w => cert.Competencies.All(l => l.CompetencyId != w.Key)))
        {
            cert.Competencies.Add(new CertificationCompetency { CertificationId = cert.Id, CompetencyId = competencyId, Level = level });
            competenciesChanged = true;
        }
        return competenciesChanged || before != Fingerprint(cert);
    }

    private static bool SameSources(Dictionary<string, string> a, Dictionary<string, string> b) =>
        a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var v) && v == p.Value);

    internal static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string Fingerprint(Certification c) => string.Join('\u001f',
        c.Code, c.Name, c.IssuerId, c.Format, c.InPerson, c.Prerequisites, c.PrerequisiteCodes,
        Num(c.TuitionFee), Num(c.ExamFee), Num(c.MaterialsFee), Num(c.RetakeFee), c.ExamAttempts, Num(c.StudyHours), Num(c.ClassHours),
        c.ValidityMonths, c.RenewalPeriodMonths, Num(c.RenewalCeAmount), c.RenewalCeUnit, c.RenewalRule, c.Verification, c.Notes,
        string.Join(';', c.Sources.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value)));

    private static string Num(decimal? value) => value?.ToString("0.####", CultureInfo.InvariantCulture) ?? "";

    public static CertificationInput ToInput(Certification c) => new(
        Code: c.Code,
        Name: c.Name,
        IssuerCode: c.Issuer?.Code,
        Format: c.Format,
        InPerson: c.InPerson,
        Prerequisites: c.Prerequisites,
        PrerequisiteCodes: c.PrerequisiteCodes,
        TuitionFee: c.TuitionFee,
        ExamFee: c.ExamFee,
        MaterialsFee: c.MaterialsFee,
        RetakeFee: c.RetakeFee,
        ExamAttempts: c.ExamAttempts,
        StudyHours: c.StudyHours,
        ClassHours: c.ClassHours,
        ValidityMonths: c.ValidityMonths,
        RenewalPeriodMonths: c.RenewalPeriodMonths,
        RenewalCeAmount: c.RenewalCeAmount,
        RenewalCeUnit: c.RenewalCeUnit,
        RenewalRule: c.RenewalRule,
        Verification: c.Verification.ToString().ToLowerInvariant(),
        Notes: c.Notes,
        Sources: new Dictionary<string, string>(c.Sources),
        Competencies: c.Competencies.Where(l => l.Competency is not null).ToDictionary(l => l.Competency!.Code, l => l.Level, StringComparer.Ordinal));

    /// <summary>Creates a certification; the caller validated the input.</summary>
    public async Task<Certification> CreateAsync(CertificationInput input, Lookups lookups, CancellationToken ct)
    {
        var cert = new Certification { Code = "", Name = "" };
        Apply(cert, input, lookups);
        db.Certifications.Add(cert);
        await db.SaveChangesAsync(ct);
        return cert;
    }

    public Task<bool> ExistsAsync(string code, Guid? issuerId, Guid? except, CancellationToken ct) =>
        db.Certifications.AnyAsync(c => c.Code == code && c.IssuerId == issuerId && c.Id != except, ct);

    public Task<Certification?> FindForUpdateAsync(Guid id, CancellationToken ct) =>
        db.Certifications.Include(c => c.Issuer).Include(c => c.Competencies).ThenInclude(l => l.Competency).FirstOrDefaultAsync(c => c.Id == id, ct);
}
