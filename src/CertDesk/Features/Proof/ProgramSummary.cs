using CertDesk.Domain.BusinessCases;
using CertDesk.Features.BusinessCases;
using CertDesk.Features.Dashboards;
using CertDesk.Features.Enrollments;

namespace CertDesk.Features.Proof;

/// <summary>One ROI study in the program summary: its money and its KPI effects with their 95 % intervals.</summary>
public sealed record ProgramStudyDto(
    Guid Id, string Name, string CertificationCode, DateOnly CertifiedOn, decimal TotalCost, decimal TotalBenefit, decimal NetBenefit,
    decimal? RoiPercent, decimal? Bcr, decimal? PaybackMonths, string CostSource, IReadOnlyList<KpiEffectDto> Effects);

/// <summary>One certification of the program at a glance (<see cref="ExpiringSoon"/>: credentials expiring within 90 days).</summary>
public sealed record ProgramCertificationDto(
    string Code, string Name, int PeopleEnrolled, int Enrollments, int Open, int Passed, int Failed, int Withdrawn,
    int Certified, int Expired, int ExpiringSoon, CostLines Spend, int ApprovedCases, decimal ApprovedCasesCost,
    int CheckInsDue, int CheckInsDone, int OverdueCheckIns, decimal? FollowThroughRate, decimal? BehaviourRating, ProgramStudyDto? LatestStudy)
{
    /// <summary>Real spend minus the approved business cases' estimate (positive: the program cost more than approved).</summary>
    public decimal SpendVersusApproved => Spend.Total - ApprovedCasesCost;
}

/// <summary>The certification program for a CFO: people, real spend against budgets and approved cases, ROI studies, follow-through.</summary>
public sealed record ProgramSummaryDto(
    DateOnly AsOf, IReadOnlyList<ProgramCertificationDto> Certifications, IReadOnlyList<ProgramStudyDto> Studies, IReadOnlyList<BudgetPosition> Budgets,
    int Enrollments, int Certified, decimal RealSpend, decimal ApprovedCasesCost, decimal BudgetTotal, decimal BudgetCommitted, string CostRule, string Method);

/// <summary>
/// Puts the program summary together from the places that already compute each part: <see cref="FollowQueries.ProgramAsync"/>
/// (people, stages, credentials, check-ins), <see cref="EnrollmentCosts"/> (real spend), <see cref="BusinessCaseService"/>
/// (budgets and approved cases) and <see cref="RoiStudies.ComputeAsync"/> (each study's ROI and effects).
/// </summary>
public sealed class ProgramSummary(CertDeskDbContext db, FollowQueries follow, EnrollmentCosts costs, BusinessCaseService cases, RoiStudies studies)
{
    public const string CostRule =
        "Real spend = approved expense lines (tuition, materials, travel, other) + exam fees of the attempts + hours away (study hours logged and " +
        "class or exam sessions attended whose title names the certification) x the person's hourly loaded cost + backfill of those hours by the " +
        "planning rule. Submitted or rejected expenses and cancelled or future sessions do not count. Approved business cases are the estimates made " +
        "before the spend; budgets are per fiscal year and cost center.";

    public async Task<ProgramSummaryDto> BuildAsync(Caller caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var rows = await follow.ProgramAsync(caller, ct);
        var spend = (await costs.ForAsync(new CostFilter(), ct)).GroupBy(p => p.CertificationId).ToDictionary(g => g.Key, g => costs.Lines(g));
        var approved = await db.BusinessCases.AsNoTracking().Where(c => c.Status == BusinessCaseStatus.Approved)
            .Select(c => new { c.CertificationCode, c.CertificationName, c.TotalCost }).ToListAsync(ct);
        var casesByCode = approved.GroupBy(c => c.CertificationCode.ToUpperInvariant()).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

        var computed = new List<ProgramStudyDto>();
        foreach (var record in await studies.All().OrderBy(s => s.Id).ToListAsync(ct))
        {
            var s = await studies.ComputeAsync(record, ct);
            computed.Add(new ProgramStudyDto(s.Id, s.Name, s.CertificationCode, s.CertifiedOn, s.TotalCost, s.TotalBenefit, s.NetBenefit, s.RoiPercent, s.Bcr,
                s.PaybackMonths, s.CostSource, s.Effects));
        }
        ProgramStudyDto? Latest(string code) => computed.Where(s => string.Equals(s.CertificationCode, code, StringComparison.OrdinalIgnoreCase)).LastOrDefault();

        var list = new List<ProgramCertificationDto>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in rows)
        {
            // Codes may repeat across issuers: the code's cases and studies go to its first row.
            var first = seen.Add(r.Code.ToUpperInvariant());
            var mine = first && casesByCode.TryGetValue(r.Code.ToUpperInvariant(), out var c) ? c : [];
            list.Add(new ProgramCertificationDto(
                Code: r.Code,
                Name: r.Name,
                PeopleEnrolled: r.PeopleEnrolled,
                Enrollments: r.Enrollments,
                Open: r.Open,
                Passed: r.Passed,
                Failed: r.Failed,
                Withdrawn: r.Withdrawn,
                Certified: r.Certified,
                Expired: r.Expired,
                ExpiringSoon: r.ExpiringIn90Days,
                Spend: spend.GetValueOrDefault(r.CertificationId) ?? CostLines.Zero,
                ApprovedCases: mine.Count,
                ApprovedCasesCost: Domain.Money.Round(mine.Sum(x => x.TotalCost)),
                CheckInsDue: r.CheckInsDue,
                CheckInsDone: r.Ratings,
                OverdueCheckIns: r.OverdueCheckIns,
                FollowThroughRate: r.FollowThroughRate,
                BehaviourRating: r.BehaviourRating,
                LatestStudy: first ? Latest(r.Code) : null));
        }
        // Certifications with approved cases or a study but nobody enrolled yet.
        var extra = casesByCode.Keys.Concat(computed.Select(s => s.CertificationCode.ToUpperInvariant()).Where(c => c.Length > 0)).Where(seen.Add).Order(StringComparer.Ordinal);
        foreach (var code in extra)
        {
            var mine = casesByCode.GetValueOrDefault(code) ?? [];
            var name = mine.Select(x => x.CertificationName).FirstOrDefault()
                ?? await db.Certifications.AsNoTracking().Where(x => x.Code == code).Select(x => x.Name).FirstOrDefaultAsync(ct) ?? "";
            list.Add(new ProgramCertificationDto(
                Code: code,
                Name: name,
                PeopleEnrolled: 0,
                Enrollments: 0,
                Open: 0,
                Passed: 0,
                Failed: 0,
                Withdrawn: 0,
                Certified: 0,
                Expired: 0,
                ExpiringSoon: 0,
                Spend: CostLines.Zero,
                ApprovedCases: mine.Count,
                ApprovedCasesCost: Domain.Money.Round(mine.Sum(x => x.TotalCost)),
                CheckInsDue: 0,
                CheckInsDone: 0,
                OverdueCheckIns: 0,
                FollowThroughRate: null,
                BehaviourRating: null,
                LatestStudy: Latest(code)));
        }
        var budgets = await cases.BudgetsAsync(ct);
        return new ProgramSummaryDto(follow.Today, list, computed, budgets, list.Sum(c => c.Enrollments), list.Sum(c => c.Certified),
            Domain.Money.Round(list.Sum(c => c.Spend.Total)), Domain.Money.Round(list.Sum(c => c.ApprovedCasesCost)),
            Domain.Money.Round(budgets.Sum(b => b.Amount ?? 0)), Domain.Money.Round(budgets.Sum(b => b.Committed)), CostRule, RoiStudies.Method);
    }
}
