using CertDesk.Features.Competencies;

namespace CertDesk.Features.Catalog;

/// <summary>
/// The catalog seed from the research notes (shared reference, section b1). Every fact carries its source; a fact
/// the research did not find stays null ("unknown"). QAMC and CCCS are named by the industry but not documented:
/// they are kept, unverified, with no issuer. Seeded once into an empty catalog; editable afterwards.
/// The competency levels each certification builds are CertDesk's default mapping, derived from the credential's
/// published components (marked [D]); the program manager confirms or edits them.
/// </summary>
public sealed class CatalogSeed(CertDeskDbContext db)
{
    private const string Rccsp = "rccspcertificationexams.com/Admin/Select_Project.htm, Submit_Project.htm, Before_Starting.htm [S]";
    private const string RccspIssuer = "contemporarystaffing.com/are-call-center-management-certifications-worth-the-investment/ [S]; rccspcertificationexams.com [S]";
    private const string Mapping = "CertDesk default mapping derived from the published components [D]; confirm with the issuer";

    /// <summary>
    /// QAMC and CCCS are named but undocumented: their default mapping is derived from what the name says and from the
    /// closest documented credentials, and says so (source "[D]"); the program manager edits it like any other.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, (string Competency, int Level)[]> DerivedBuilds = new Dictionary<string, (string, int)[]>(StringComparer.Ordinal)
    {
        ["QAMC"] = [("QA", 5), ("COACH", 3), ("DATA", 3), ("CX", 2)],
        ["CCCS"] = [("COACH", 4), ("PERF", 4), ("QA", 3), ("WFM", 3), ("LEAD", 3)],
    };

    public static readonly IReadOnlyDictionary<string, string> DerivedMapping = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["QAMC"] = "CertDesk default mapping derived from the name (quality assurance) and the closest documented credential, RCCSP's CQMP [D]; issuer unconfirmed: confirm when the issuer is known",
        ["CCCS"] = "CertDesk default mapping derived from the name (contact-center supervisor), the Supervisor role profile and the closest documented credentials, HDI-SCTL and ICMI CCOM [D]; issuer unconfirmed: confirm when the issuer is known",
    };

    public static readonly IReadOnlyList<Issuer> Issuers =
    [
        new() { Code = "RCCSP", Name = "Resource Center for Customer Service Professionals (RCCSP Professional Education Alliance)", Website = "rccspcertificationexams.com", Source = RccspIssuer },
        new() { Code = "SWPP", Name = "Society of Workforce Planning Professionals", Website = "swpp.org", Source = "swpp.org/certification [S]" },
        new() { Code = "ICMI", Name = "ICMI with the Call Center Industry Advisory Council (CIAC)", Website = "icmi.com", Source = "icmi.com/Certification [S]; CIAC deck on fdocuments [S]" },
        new() { Code = "HDI", Name = "HDI", Website = "thinkhdi.com", Source = "thinkhdi.com continuing-certification [S]" },
        new() { Code = "CXPA", Name = "Customer Experience Professionals Association", Website = "cxpa.org", Source = "cxpa.org [S]" },
    ];

    private sealed record Seed(
        string Code, string Name, string? Issuer, VerificationStatus Verification, string? Format = null, string? Prerequisites = null,
        string PrerequisiteCodes = "", int? ExamAttempts = null, int? RenewalPeriodMonths = null, decimal? RenewalAmount = null,
        string? RenewalUnit = null, string? RenewalRule = null, int? ValidityMonths = null, string? Notes = null,
        (string Competency, int Level)[]? Builds = null, Dictionary<string, string>? Sources = null);

    private static readonly Seed[] s_seeds =
    [
        new(Code: "CCCM", Name: "Certified Call Center Manager", Issuer: "RCCSP", Verification: VerificationStatus.Partial,
            Format: "Skills demonstrated under an RCCSP-accredited trainer (prep course) + 90-minute online open-book knowledge exam (multiple choice and true/false) + management-level work project with a business case; awarded on project acceptance (review within 4 weeks)",
            ExamAttempts: 3, Notes: "Up to three exam attempts before further requirements (the source text is truncated). Prerequisites, cost, duration and renewal: unknown.",
            Builds: [("LEAD", 4), ("WFM", 3), ("PERF", 3), ("FIN", 3), ("PROC", 4)],
            Sources: new() { ["issuer"] = RccspIssuer, ["format"] = Rccsp, ["exam_attempts"] = Rccsp, ["competencies"] = Mapping }),
        new(Code: "CWMP", Name: "Certified Workforce Management Professional", Issuer: "RCCSP", Verification: VerificationStatus.Partial,
            Format: "Same three components as CCCM: accredited prep course + 90-minute online open-book exam + work project (required) with a business case",
            ExamAttempts: 3, Notes: "The seed article misspells it \"SWMP\". Prerequisites, cost, duration and renewal: unknown.",
            Builds: [("WFM", 5), ("DATA", 4), ("PROC", 3)],
            Sources: new() { ["issuer"] = RccspIssuer, ["format"] = Rccsp, ["exam_attempts"] = Rccsp, ["competencies"] = Mapping }),
        new(Code: "CQMP", Name: "Certified Quality Management Professional", Issuer: "RCCSP", Verification: VerificationStatus.Partial,
            Format: "Same three components as CCCM: accredited prep course + 90-minute online open-book exam + work project (required) with a business case",
            ExamAttempts: 3, Notes: "Prerequisites, cost, duration and renewal: unknown. The closest documented credential to the industry's \"QAMC\".",
            Builds: [("QA", 5), ("COACH", 3), ("CX", 3), ("PROC", 3)],
            Sources: new() { ["issuer"] = Rccsp, ["format"] = Rccsp, ["exam_attempts"] = Rccsp, ["competencies"] = Mapping }),
        new(Code: "CCCD", Name: "Certified Call Center Director", Issuer: "RCCSP", Verification: VerificationStatus.Partial,
            Format: "Same three components as CCCM: accredited prep course + 90-minute online open-book exam + work project (required) with a business case",
            ExamAttempts: 3, Notes: "Prerequisites, cost, duration and renewal: unknown.",
            Builds: [("LEAD", 5), ("FIN", 4), ("PROC", 4), ("CX", 3)],
            Sources: new() { ["issuer"] = Rccsp, ["format"] = Rccsp, ["exam_attempts"] = Rccsp, ["competencies"] = Mapping }),
        new(Code: "QAMC", Name: "Quality Assurance Mastery Certification", Issuer: null, Verification: VerificationStatus.Unverified,
            Notes: "Listed by the industry article (contemporarystaffing.com) among reputable certifications, which points readers to RCCSP's list; not found in any public source, issuer unconfirmed. Competency mapping derived (see its source); every other fact unknown.",
            Builds: DerivedBuilds["QAMC"],
            Sources: new() { ["issuer"] = "not found in any public source [U]", ["competencies"] = DerivedMapping["QAMC"] }),
        new(Code: "CCCS", Name: "Certified Contact Center Supervisor", Issuer: null, Verification: VerificationStatus.Unverified,
            Notes: "Listed by the industry article (contemporarystaffing.com) among reputable certifications, which points readers to RCCSP's list (not retrievable); a careers page attributes a \"CCCS\" to ICMI (low confidence), so the issuer is unconfirmed. Competency mapping derived (see its source); every other fact unknown.",
            Builds: DerivedBuilds["CCCS"],
            Sources: new() { ["issuer"] = "jobicy.com careers page attributes it to ICMI [S-low]; unverified", ["competencies"] = DerivedMapping["CCCS"] }),
        new(Code: "CWPP", Name: "Certified Workforce Planning Professional", Issuer: "SWPP", Verification: VerificationStatus.Verified,
            Format: "3 proctored web exams x 50 multiple-choice questions (Planning & Strategy; Staffing & Scheduling; Managing Daily Staffing & Service) + application project; 2 years from registration to finish",
            Prerequisites: "WFM experience in all three areas recommended; SWPP membership not required (member discount)",
            RenewalPeriodMonths: 12, RenewalAmount: 40m, RenewalUnit: "points",
            RenewalRule: "40 CE points per calendar year (Associate CWPP: 20), self-reported at year end; e.g. conference 10, membership 10, SWPP web seminar 5, other networking 2 (max 2 events)",
            Notes: "Associate CWPP per single area (1 exam + project). Cost unknown.",
            Builds: [("WFM", 5), ("DATA", 4)],
            Sources: new() { ["issuer"] = "swpp.org/certification [S]", ["format"] = "swpp.org/certification [S]", ["prerequisites"] = "swpp.org/certification [S]", ["renewal"] = "swpp.org/certification/continuing-education [S]", ["competencies"] = Mapping }),
        new(Code: "CCSL", Name: "ICMI Certified Contact Center Strategic Leader", Issuer: "ICMI", Verification: VerificationStatus.Partial,
            Format: "4 knowledge assessments (Leadership, People, Customers/CRM, Operations); CIAC competency classes of 6 weeks, quarterly, test within 30 days; Performance Assessment (8 weeks / 60 business days) with a Performance Optimization Plan; about 1 year",
            Prerequisites: "At least 1 year in the role",
            RenewalPeriodMonths: 36, RenewalRule: "Recertify every 3 years with an essay on how the learning was applied",
            Notes: "Cost unknown.",
            Builds: [("LEAD", 5), ("CX", 4), ("PERF", 4), ("FIN", 3)],
            Sources: new() { ["issuer"] = "icmi.com/Certification [S]", ["format"] = "icmi.com/Certification [S]; CIAC deck (fdocuments) [S]", ["prerequisites"] = "icmi.com/Certification [S]", ["renewal"] = "icmi.com/Certification [S]", ["competencies"] = Mapping }),
        new(Code: "CCOM", Name: "ICMI Certified Contact Center Operations Manager", Issuer: "ICMI", Verification: VerificationStatus.Partial,
            Format: "4 knowledge assessments (Leadership, People, Customers/CRM, Operations) + Performance Assessment with a Performance Optimization Plan; about 1 year",
            Prerequisites: "At least 1 year in the role",
            RenewalPeriodMonths: 36, RenewalRule: "Recertify every 3 years with an essay on how the learning was applied",
            Notes: "Cost unknown.",
            Builds: [("WFM", 4), ("PERF", 4), ("LEAD", 4), ("CX", 3)],
            Sources: new() { ["issuer"] = "icmi.com/Certification [S]", ["format"] = "icmi.com/Certification [S]", ["prerequisites"] = "icmi.com/Certification [S]", ["renewal"] = "icmi.com/Certification [S]", ["competencies"] = Mapping }),
        new(Code: "HDI-SCTL", Name: "HDI Support Center Team Lead", Issuer: "HDI", Verification: VerificationStatus.Partial,
            Format: "Course by an HDI-certified instructor + exam (details unknown)",
            ValidityMonths: 36, RenewalPeriodMonths: 36, RenewalAmount: 60m, RenewalUnit: "PDUs",
            RenewalRule: "Valid 3 years; 60 PDUs earned after the certification date; 1 PDU ~ 1 hour, reportable in quarter steps",
            Notes: "Cost and hours unknown.",
            Builds: [("COACH", 3), ("PERF", 3), ("TECH", 3)],
            Sources: new() { ["issuer"] = "thinkhdi.com [S]", ["validity"] = "thinkhdi.com continuing-certification [S]", ["renewal"] = "thinkhdi.com continuing-certification FAQ [S]", ["competencies"] = Mapping }),
        new(Code: "HDI-SCM", Name: "HDI Support Center Manager", Issuer: "HDI", Verification: VerificationStatus.Partial,
            Format: "Course by an HDI-certified instructor + exam (details unknown)",
            ValidityMonths: 36, RenewalPeriodMonths: 36, RenewalAmount: 60m, RenewalUnit: "PDUs",
            RenewalRule: "Valid 3 years; 60 PDUs earned after the certification date; 1 PDU ~ 1 hour, reportable in quarter steps",
            Notes: "Cost and hours unknown. HDI Support Center Director requires it.",
            Builds: [("LEAD", 4), ("WFM", 3), ("TECH", 4), ("FIN", 3)],
            Sources: new() { ["issuer"] = "thinkhdi.com [S]", ["validity"] = "thinkhdi.com continuing-certification [S]", ["renewal"] = "thinkhdi.com continuing-certification FAQ [S]", ["competencies"] = Mapping }),
        new(Code: "CCXP", Name: "Certified Customer Experience Professional", Issuer: "CXPA", Verification: VerificationStatus.Partial,
            Format: "Application (peer-reviewed) + exam; testing rights expire 6 months after approval",
            Prerequisites: "Experience-based (details on cxpa.org)",
            RenewalPeriodMonths: 36, RenewalAmount: 30m, RenewalUnit: "credits",
            RenewalRule: "30 credits per 3 years, at least 15 real-time and at most 15 other (earlier rule: 20 CRC per 2 years)",
            Notes: "The application fee includes a $150 non-refundable processing part; the total fees are unknown.",
            Builds: [("CX", 5), ("DATA", 3)],
            Sources: new() { ["issuer"] = "cxpa.org [S]", ["format"] = "cxpa.org [S]", ["prerequisites"] = "cxpa.org [S]", ["fees"] = "cxpa.org (processing part only) [S]", ["renewal"] = "community.cxpa.org [S]", ["competencies"] = Mapping }),
    ];

    /// <summary>Seeds issuers and certifications when the catalog is empty; returns false otherwise.</summary>
    public async Task<bool> SeedAsync(CancellationToken ct)
    {
        if (await db.AnyRowAsync("SELECT 1 FROM \"Certifications\" LIMIT 1", ct) || await db.AnyRowAsync("SELECT 1 FROM \"Issuers\" LIMIT 1", ct))
        {
            await AddDerivedMappingsAsync(ct);
            return false;
        }
        var issuers = Issuers.Select(i => new Issuer { Code = i.Code, Name = i.Name, Website = i.Website, Source = i.Source }).ToDictionary(i => i.Code, StringComparer.Ordinal);
        db.Issuers.AddRange(issuers.Values);
        var competencies = await db.Competencies.ToDictionaryAsync(c => c.Code, c => c.Id, StringComparer.Ordinal, ct);
        foreach (var s in s_seeds)
        {
            var cert = new Certification
            {
                Code = s.Code,
                Name = s.Name,
                IssuerId = s.Issuer is null ? null : issuers[s.Issuer].Id,
                Verification = s.Verification,
                Format = s.Format,
                Prerequisites = s.Prerequisites,
                PrerequisiteCodes = s.PrerequisiteCodes,
                ExamAttempts = s.ExamAttempts,
                ValidityMonths = s.ValidityMonths,
                RenewalPeriodMonths = s.RenewalPeriodMonths,
                RenewalCeAmount = s.RenewalAmount,
                RenewalCeUnit = s.RenewalUnit,
                RenewalRule = s.RenewalRule,
                Notes = s.Notes,
                Sources = new Dictionary<string, string>(s.Sources ?? [], StringComparer.Ordinal),
            };
            foreach (var (code, level) in s.Builds ?? [])
            {
                if (competencies.TryGetValue(code, out var competencyId))
                {
                    cert.Competencies.Add(new CertificationCompetency { CertificationId = cert.Id, CompetencyId = competencyId, Level = level });
                }
            }
            db.Certifications.Add(cert);
        }
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>
    /// A catalog seeded before QAMC and CCCS had a mapping gets the derived one, once: only while the certification has no
    /// competency and no recorded source for them (so a mapping the program manager edited, even emptied, stays as is).
    /// </summary>
    private async Task AddDerivedMappingsAsync(CancellationToken ct)
    {
        // Asked on every start, answered "none" once a database has them: first in plain SQL, which costs nothing to
        // prepare, where the query below (an Include, tracked) took a quarter of a second of each command's start.
        var unmapped = await db.ReadRowsAsync(
            "SELECT c.\"Code\", c.\"Sources\" FROM \"Certifications\" c WHERE c.\"IssuerId\" IS NULL AND NOT EXISTS " +
            "(SELECT 1 FROM \"CertificationCompetencies\" cc WHERE cc.\"CertificationId\" = c.\"Id\")",
            r => (Code: r.GetString(0), Sources: r.IsDBNull(1) ? null : r.GetString(1)), ct);
        if (!unmapped.Any(u => DerivedBuilds.ContainsKey(u.Code)
            && !(u.Sources is { } json && System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(json)?.ContainsKey(CertificationFacts.Competencies) == true)))
        {
            return;
        }
        var codes = DerivedBuilds.Keys.ToList();
        var certs = await db.Certifications.Include(c => c.Competencies).Where(c => c.IssuerId == null && codes.Contains(c.Code)).ToListAsync(ct);
        var pending = certs.Where(c => c.Competencies.Count == 0 && !c.Sources.ContainsKey(CertificationFacts.Competencies)).ToList();
        if (pending.Count == 0)
        {
            return;
        }
        var competencies = await db.Competencies.ToDictionaryAsync(c => c.Code, c => c.Id, StringComparer.Ordinal, ct);
        foreach (var cert in pending)
        {
            foreach (var (code, level) in DerivedBuilds[cert.Code])
            {
                if (competencies.TryGetValue(code, out var competencyId))
                {
                    cert.Competencies.Add(new CertificationCompetency { CertificationId = cert.Id, CompetencyId = competencyId, Level = level });
                }
            }
            cert.Sources = new Dictionary<string, string>(cert.Sources, StringComparer.Ordinal) { [CertificationFacts.Competencies] = DerivedMapping[cert.Code] };
        }
        await db.SaveChangesAsync(ct);
    }
}

/// <summary>Reference data every database gets on start: the default framework, then the catalog that maps to it.</summary>
public sealed class ReferenceData(DefaultFramework framework, CatalogSeed catalog)
{
    public async Task SeedAsync(CancellationToken ct)
    {
        await framework.SeedAsync(ct);
        await catalog.SeedAsync(ct);
    }
}
