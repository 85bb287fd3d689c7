using System.Text.Json;
using CertDesk.Domain;
using CertDesk.Domain.BusinessCases;
using CertDesk.Domain.Proof;
using CertDesk.Domain.Roi;
using CertDesk.Features.BusinessCases;
using CertDesk.Features.Calculations;
using CertDesk.Features.Enrollments;

namespace CertDesk.Features.Proof;

/// <summary>What a user posts to create a study (snake_case JSON on the API).</summary>
public sealed record RoiStudyInput(
    string? Name, string? CertificationCode, DateOnly? CertifiedOn, DateOnly? PreStart, DateOnly? PreEnd, DateOnly? PostStart, DateOnly? PostEnd,
    IReadOnlyList<string>? CohortTeams, IReadOnlyList<string>? ComparisonTeams, IReadOnlyDictionary<string, decimal>? Values,
    IReadOnlyList<RoiCostInput>? Costs, decimal? Isolation, decimal? Confidence, string? Intangibles);

public sealed record KpiEffectDto(string Kpi, string Label, string Unit, int Direction, double Effect, double Lower, double Upper,
    double TreatedPre, double TreatedPost, double ControlPre, double ControlPost, int TreatedTeams, int ControlTeams,
    bool Significant, decimal ValuePerUnit, decimal AnnualValue, bool Monetized, string Basis);

public sealed record TrendSeries(string Kpi, IReadOnlyList<DateOnly> Months, IReadOnlyList<double?> Cohort, IReadOnlyList<double?> Comparison);

public sealed record RoiStudyDto(
    Guid Id, string Name, string CertificationCode, DateOnly CertifiedOn, DateOnly PreStart, DateOnly PreEnd, DateOnly PostStart, DateOnly PostEnd,
    IReadOnlyList<string> CohortTeams, IReadOnlyList<string> ComparisonTeams, IReadOnlyDictionary<string, decimal> Values,
    IReadOnlyList<RoiCost> Costs, decimal Isolation, decimal Confidence, IReadOnlyList<string> Intangibles,
    IReadOnlyList<KpiEffectDto> Effects, decimal TotalCost, decimal TotalBenefit, decimal NetBenefit, decimal? RoiPercent, decimal? Bcr,
    decimal? PaybackMonths, string Method, string Thresholds, string CreatedBy, DateTimeOffset CreatedAt, int Version,
    string CostSource, string CostBasis);

/// <summary>The costs a study uses, where they come from (<c>entered</c>, <c>enrollments</c>, <c>business_cases</c> or <c>none</c>) and a sentence saying so.</summary>
public sealed record StudyCosts(IReadOnlyList<RoiCost> Lines, string Source, string Basis);

/// <summary>ROI studies: definition, comparison-group proposal, and the computed result (recomputed on every read).</summary>
public sealed class RoiStudies(CertDeskDbContext db, KpiQueries kpis, EnrollmentCosts enrollmentCosts, TimeProvider clock)
{
    public const string Method =
        "Difference-in-differences on team-level KPI values (each team's ratio of sums over the window), each team weighted equally; " +
        "95 % interval by percentile cluster bootstrap over teams (2,000 replicates, fixed seed). Only an improvement whose interval excludes zero is " +
        "monetized, at the interval bound nearer zero; the comparison group isolates the effect, and the isolation and confidence factors are applied on top " +
        "(Phillips). Benefits are first-year only; costs are fully loaded.";

    public static bool CanCreate(Caller caller) => caller.RunsProgram;

    public IQueryable<RoiStudyRecord> All() => db.RoiStudies.AsNoTracking();

    public async Task<Outcome<RoiStudyRecord>> CreateAsync(Caller caller, RoiStudyInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(input);
        if (!CanCreate(caller))
        {
            return Outcome<RoiStudyRecord>.Forbidden();
        }
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(input.Name))
        {
            errors.Add(new FieldError("name", "is required"));
        }
        if (input.PreStart is null || input.PreEnd is null || input.PostStart is null || input.PostEnd is null)
        {
            errors.Add(new FieldError("pre_start", "pre_start, pre_end, post_start and post_end are required"));
        }
        else if (input.PreStart >= input.PreEnd || input.PostStart >= input.PostEnd || input.PreEnd > input.PostStart)
        {
            errors.Add(new FieldError("post_start", "windows must be non-empty and the pre window must end before the post window starts"));
        }
        var known = await db.Teams.AsNoTracking().Select(t => t.Code).ToListAsync(ct);
        var cohort = (input.CohortTeams ?? []).Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (cohort.Count == 0)
        {
            errors.Add(new FieldError("cohort_teams", "name at least one certified team"));
        }
        foreach (var t in cohort.Concat(input.ComparisonTeams ?? []).Where(t => !known.Contains(t)))
        {
            errors.Add(new FieldError("cohort_teams", $"unknown team '{t}'"));
        }
        var comparison = (input.ComparisonTeams ?? []).Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (comparison.Intersect(cohort).Any())
        {
            errors.Add(new FieldError("comparison_teams", "a team cannot be in both groups"));
        }
        var values = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var (key, value) in input.Values ?? new Dictionary<string, decimal>())
        {
            if (KpiKinds.FromKey(key) is null)
            {
                errors.Add(new FieldError($"values.{key}", "is not a KPI (service_level, asa, abandonment, aht, fcr, csat, qa, attrition)"));
            }
            else if (value < 0)
            {
                errors.Add(new FieldError($"values.{key}", "must be >= 0"));
            }
            else
            {
                values[key] = value;
            }
        }
        if (input.Isolation is < 0 or > 1 || input.Confidence is < 0 or > 1)
        {
            errors.Add(new FieldError("isolation", "isolation and confidence are fractions from 0 to 1"));
        }
        var costs = (input.Costs ?? []).Select(c => new RoiCost(c.Category?.Trim() ?? "", c.Amount ?? -1)).ToList();
        if (costs.Any(c => c.Category.Length == 0 || c.Amount < 0))
        {
            errors.Add(new FieldError("costs", "each cost needs a category and an amount >= 0"));
        }
        if (errors.Count > 0)
        {
            return Outcome<RoiStudyRecord>.Invalid(errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));
        }
        if (comparison.Count == 0)
        {
            comparison = [.. await ProposeComparisonAsync(cohort, input.PreStart!.Value, input.PreEnd!.Value, ct)];
            if (comparison.Count == 0)
            {
                return Outcome<RoiStudyRecord>.Invalid("comparison_teams", "no teams are left to compare with");
            }
        }
        var study = new RoiStudyRecord
        {
            Name = input.Name!.Trim(),
            CertificationCode = input.CertificationCode?.Trim().ToUpperInvariant() ?? "",
            CertifiedOn = input.CertifiedOn ?? input.PostStart!.Value,
            PreStart = input.PreStart!.Value,
            PreEnd = input.PreEnd!.Value,
            PostStart = input.PostStart!.Value,
            PostEnd = input.PostEnd!.Value,
            CohortTeamsJson = JsonSerializer.Serialize(cohort),
            ComparisonTeamsJson = JsonSerializer.Serialize(comparison),
            ValuesJson = JsonSerializer.Serialize(values),
            CostsJson = JsonSerializer.Serialize(costs),
            Isolation = input.Isolation ?? 1,
            Confidence = input.Confidence ?? 1,
            Intangibles = input.Intangibles?.Trim() ?? "",
            CreatedBy = caller.Email,
            CreatedAt = clock.GetUtcNow(),
        };
        db.RoiStudies.Add(study);
        await db.SaveChangesAsync(ct);
        return Outcome<RoiStudyRecord>.Ok(study);
    }

    public const string CostsEntered = "entered", CostsFromEnrollments = "enrollments", CostsFromBusinessCases = "business_cases", NoCosts = "none";

    /// <summary>
    /// The study's fully loaded costs, in order of preference: the costs entered with the study; else the real costs
    /// recorded on the cohort's enrollments of the certification (<see cref="EnrollmentCosts"/>: the people of the
    /// certified teams and their managers, costs dated from the before window's start to the after window's end);
    /// else the approved business cases of the cohort's people for the certification (estimates); else none.
    /// Recomputed on every read, so an expense approved later is counted.
    /// </summary>
    public async Task<StudyCosts> CostsAsync(RoiStudyRecord s, IReadOnlyList<string> cohort, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        var entered = JsonSerializer.Deserialize<List<RoiCost>>(s.CostsJson) ?? [];
        if (entered.Count > 0)
        {
            return new StudyCosts(entered, CostsEntered, "Costs entered with the study.");
        }
        var code = s.CertificationCode;
        if (code.Length > 0 && cohort.Count > 0)
        {
            var people = await enrollmentCosts.ForAsync(new CostFilter([code], cohort, s.PreStart, s.PostEnd), ct);
            var lines = enrollmentCosts.Lines(people);
            if (lines.Total > 0)
            {
                return new StudyCosts(RealCostLines(lines, enrollmentCosts.Backfill), CostsFromEnrollments, ProofApi.Inv(
                    $"Real costs recorded on the {code} enrollments of {lines.People} {(lines.People == 1 ? "person" : "people")} of the certified teams, dated {s.PreStart:yyyy-MM-dd} to {s.PostEnd:yyyy-MM-dd} (exclusive): approved expenses, exam fees, hours away at each person's hourly loaded cost, backfill by the planning rule."));
            }
            var cases = await CostsFromBusinessCasesAsync(code, cohort, ct);
            if (cases.Count > 0)
            {
                return new StudyCosts(cases, CostsFromBusinessCases, ProofApi.Inv(
                    $"Estimates: {cases.Count} approved business {(cases.Count == 1 ? "case" : "cases")} of {code} for people of the certified teams (no cost is recorded on their enrollments yet)."));
            }
        }
        return new StudyCosts([], NoCosts, "No costs: none entered, none recorded on the certified teams' enrollments of the certification, and no approved business case.");
    }

    /// <summary>The lines of <see cref="CostLines"/> a study shows (zero lines left out).</summary>
    public static List<RoiCost> RealCostLines(CostLines lines, BackfillRule backfill)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(backfill);
        var all = new List<RoiCost>
        {
            new("tuition (approved expenses)", lines.Tuition),
            new("exam fees (exam attempts)", lines.ExamFees),
            new("materials (approved expenses)", lines.Materials),
            new("travel (approved expenses)", lines.Travel),
            new("other (approved expenses)", lines.Other),
            new(ProofApi.Inv($"time away ({lines.HoursAway:0.##} h of study and sessions x hourly loaded cost)"), lines.TimeAway),
            new(ProofApi.Inv($"backfill ({backfill.Share * 100:0.##} % of the hours away x {backfill.Premium:0.##}, planning rule)"), lines.Backfill),
        };
        return [.. all.Where(c => c.Amount != 0)];
    }

    /// <summary>Approved business cases of the certification for the cohort's people, fully loaded (fees, materials, travel, time away, backfill).</summary>
    public async Task<List<RoiCost>> CostsFromBusinessCasesAsync(string certificationCode, IReadOnlyList<string> cohort, CancellationToken ct)
    {
        var members = enrollmentCosts.MembersOf(cohort);
        var cases = await db.BusinessCases.AsNoTracking().Include(c => c.Benefits)
            .Where(c => c.CertificationCode == certificationCode && c.Status == BusinessCaseStatus.Approved && members.Contains(c.EmployeeId)).ToListAsync(ct);
        return [.. cases.OrderBy(c => c.Id).Select(c => new RoiCost($"business case {c.Id.ToString()[..8]} (estimate)", BusinessCaseService.Figures(c).TotalCost))];
    }

    /// <summary>Nearest neighbours on standardized pre-period means of SL, ASA, abandonment, AHT, FCR and CSAT.</summary>
    public async Task<IReadOnlyList<string>> ProposeComparisonAsync(IReadOnlyList<string> cohort, DateOnly preStart, DateOnly preEnd, CancellationToken ct)
    {
        var all = await db.Teams.AsNoTracking().Select(t => t.Code).ToListAsync(ct);
        var totals = await kpis.TeamTotalsAsync(all, preStart, preEnd, ct);
        KpiKind[] features = [KpiKind.ServiceLevel, KpiKind.Asa, KpiKind.Abandonment, KpiKind.Aht, KpiKind.Fcr, KpiKind.Csat];
        TeamProfile Profile(string code) => new(code, [.. features.Select(k => totals[code].Value(k))]);
        var candidates = all.Where(c => !cohort.Contains(c) && totals[c].Offered > 0).Select(Profile).ToList();
        return [.. ComparisonMatching.Match([.. cohort.Select(Profile)], candidates).Select(p => p.Match)];
    }

    // The page, the PDF and the API ask for a study's effects and then its trends in one request: the facts are summed per
    // team and day once (one pass over them) and both are taken from that.
    private (string Key, KpiSegments Segments)? _segments;

    private Task<KpiSegments> SegmentsAsync(List<string> teams, RoiStudyRecord s, CancellationToken ct) =>
        SegmentsAsync(teams, s.PreStart, s.PreEnd, s.PostStart, s.PostEnd, ct);

    private async Task<KpiSegments> SegmentsAsync(List<string> teams, DateOnly preStart, DateOnly preEnd, DateOnly postStart, DateOnly postEnd, CancellationToken ct)
    {
        var key = ProofApi.Inv($"{string.Join(",", teams)}|{preStart:yyyy-MM-dd}|{preEnd:yyyy-MM-dd}|{postStart:yyyy-MM-dd}|{postEnd:yyyy-MM-dd}");
        if (_segments is { } known && known.Key == key)
        {
            return known.Segments;
        }
        var days = await kpis.SegmentsAsync(teams, Min(preStart, postStart), Max(preEnd, postEnd), [preStart, preEnd, postStart, postEnd], ct);
        _segments = (key, days);
        return days;
    }

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    public async Task<RoiStudyDto> ComputeAsync(RoiStudyRecord s, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        var cohort = JsonSerializer.Deserialize<List<string>>(s.CohortTeamsJson) ?? [];
        var comparison = JsonSerializer.Deserialize<List<string>>(s.ComparisonTeamsJson) ?? [];
        var values = JsonSerializer.Deserialize<Dictionary<string, decimal>>(s.ValuesJson) ?? [];
        var costs = await CostsAsync(s, cohort, ct);
        var teams = cohort.Concat(comparison).ToList();
        var days = await SegmentsAsync(teams, s, ct);
        var pre = days.Totals(teams, s.PreStart, s.PreEnd);
        var post = days.Totals(teams, s.PostStart, s.PostEnd);
        var headcount = cohort.Sum(t => post[t].AverageHeadcount);

        var effects = new List<KpiEffectDto>();
        var benefits = new List<RoiBenefit>();
        var intangibles = s.Intangibles.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        foreach (var kind in KpiKinds.All)
        {
            List<TeamPrePost> Pairs(List<string> group) => [.. group
                .Select(t => (t, a: pre[t].Value(kind), b: post[t].Value(kind)))
                .Where(x => x.a is not null && x.b is not null)
                .Select(x => new TeamPrePost(x.t, x.a!.Value, x.b!.Value))];
            var treated = Pairs(cohort);
            var control = Pairs(comparison);
            if (treated.Count == 0 || control.Count == 0)
            {
                continue;
            }
            var key = KpiKinds.Key(kind);
            var did = DifferenceInDifferences.Estimate(treated, control);
            var value = values.GetValueOrDefault(key);
            var m = ProofMonetization.Monetize(kind, did, value, treated.Count, headcount);
            effects.Add(new KpiEffectDto(
                Kpi: key,
                Label: KpiKinds.Label(kind),
                Unit: KpiKinds.Unit(kind),
                Direction: KpiKinds.Direction(kind),
                Effect: did.Effect,
                Lower: did.Lower,
                Upper: did.Upper,
                TreatedPre: did.TreatedPre,
                TreatedPost: did.TreatedPost,
                ControlPre: did.ControlPre,
                ControlPost: did.ControlPost,
                TreatedTeams: did.TreatedTeams,
                ControlTeams: did.ControlTeams,
                Significant: did.Significant,
                ValuePerUnit: value,
                AnnualValue: m.AnnualValue,
                Monetized: m.Monetized,
                Basis: m.Basis));
            if (m.Monetized)
            {
                benefits.Add(new RoiBenefit(KpiKinds.Label(kind), m.AnnualValue, s.Isolation, s.Confidence));
            }
            else if (did.Significant && KpiKinds.Direction(kind) * did.Effect > 0)
            {
                intangibles.Add($"{KpiKinds.Label(kind)}: improved ({m.Basis})");
            }
        }
        var roi = PhillipsRoi.Calculate(new RoiStudy(costs.Lines, benefits, 1));
        return new RoiStudyDto(
            Id: s.Id,
            Name: s.Name,
            CertificationCode: s.CertificationCode,
            CertifiedOn: s.CertifiedOn,
            PreStart: s.PreStart,
            PreEnd: s.PreEnd,
            PostStart: s.PostStart,
            PostEnd: s.PostEnd,
            CohortTeams: cohort,
            ComparisonTeams: comparison,
            Values: values,
            Costs: costs.Lines,
            Isolation: s.Isolation,
            Confidence: s.Confidence,
            Intangibles: intangibles,
            Effects: effects,
            TotalCost: roi.TotalCost,
            TotalBenefit: roi.TotalBenefit,
            NetBenefit: roi.NetBenefit,
            RoiPercent: roi.RoiPercent,
            Bcr: roi.Bcr,
            PaybackMonths: roi.PaybackMonths,
            Method: Method,
            Thresholds: kpis.Thresholds.Describe(),
            CreatedBy: s.CreatedBy,
            CreatedAt: s.CreatedAt,
            Version: s.Version,
            CostSource: costs.Source,
            CostBasis: costs.Basis);
    }

    /// <summary>Monthly mean KPI of each group (teams weighted equally) from the pre start to the post end.</summary>
    public async Task<IReadOnlyList<TrendSeries>> TrendsAsync(RoiStudyDto s, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        var teams = s.CohortTeams.Concat(s.ComparisonTeams).ToList();
        var monthly = (await SegmentsAsync(teams, s.PreStart, s.PreEnd, s.PostStart, s.PostEnd, ct)).Monthly();
        var months = monthly.Values.SelectMany(m => m.Keys).Distinct().Order().ToList();
        double? Mean(IEnumerable<string> group, DateOnly month, KpiKind kind)
        {
            var v = group.Select(t => monthly[t].TryGetValue(month, out var x) ? x.Value(kind) : null).Where(x => x.HasValue).Select(x => x!.Value).ToList();
            return v.Count == 0 ? null : v.Average();
        }
        return [.. KpiKinds.All.Where(k => k != KpiKind.Attrition).Select(k => new TrendSeries(KpiKinds.Key(k), months,
            [.. months.Select(m => Mean(s.CohortTeams, m, k))], [.. months.Select(m => Mean(s.ComparisonTeams, m, k))]))];
    }
}
