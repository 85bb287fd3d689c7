using CertDesk.Domain.Gaps;
using CertDesk.Domain.Repayment;
using CertDesk.Features.Catalog;
using CertDesk.Features.TuitionPolicies;
using CertDesk.Files;
using nietras.SeparatedValues;

namespace CertDesk.Features.Gaps;

/// <summary>The cohort question: who (employee ids, or a team and/or job role), how much money, which weeks, how many away at once.</summary>
public sealed record CohortPlanInput(
    IReadOnlyList<string>? EmployeeIds, string? TeamId, string? Role, decimal? Budget, DateOnly? From, DateOnly? To, int? MaxAway);

public sealed record PlannedLine(
    string EmployeeId, string Name, string Certification, string CertificationName, DateOnly Start, DateOnly End, int Weeks,
    decimal WeightedGapClosed, decimal Cost, string CostBasis);

/// <summary>A candidate the plan may not fund, and why: the tuition policy refuses them (<see cref="Certification"/> null: every
/// certification), they are already enrolled in the certification, or they hold a current credential for it.</summary>
public sealed record ExcludedCandidate(string EmployeeId, string Name, string? Certification, string Reason);

public sealed record CohortPlanResult(
    string Status, decimal WeightedGapClosed, decimal Bound, double RelativeGap, decimal Cost, decimal Budget, int Candidates,
    int Weeks, int MaxAway, IReadOnlyList<int> AwayPerWeek, IReadOnlyList<PlannedLine> Lines, IReadOnlyList<string> Notes, double Seconds,
    IReadOnlyList<ExcludedCandidate> Excluded);

/// <summary>
/// Builds the CP-SAT problem from the database (gaps, costs, weeks away) and turns the plan back into names and dates.
/// Only the fundable are planned: a person the tuition policy would refuse (<see cref="PolicyService.Ineligibility"/> and
/// their site's jurisdiction rule, against the policy requests use) is left out, and so is a certification the person is
/// already enrolled in or holds a current credential for; each is listed in <see cref="CohortPlanResult.Excluded"/>.
/// </summary>
public sealed class CohortPlanning(OrganizationScope scope, GapAnalysis gaps, CertDeskDbContext db, IOpenEnrollments openEnrollments)
{
    public const int MaxCandidates = 5000;

    public static Dictionary<string, string[]> Validate(CohortPlanInput input)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (input.Budget is null or < 0)
        {
            errors["budget"] = ["is required and must not be negative"];
        }
        if (input.From is null || input.To is null || input.To < input.From)
        {
            errors["to"] = ["the window needs a start (from) and an end (to) on or after it"];
        }
        else if (input.To.Value.DayNumber - input.From.Value.DayNumber > 2 * 366)
        {
            errors["to"] = ["the window is at most two years"];
        }
        if (input.MaxAway is null or < 1)
        {
            errors["max_away"] = ["at least one person must be allowed away at a time"];
        }
        return errors;
    }

    public async Task<Outcome<CohortPlanResult>> PlanAsync(Caller caller, CohortPlanInput input, CancellationToken ct)
    {
        var errors = Validate(input);
        if (errors.Count > 0)
        {
            return Outcome<CohortPlanResult>.Invalid(errors);
        }
        var people = (await scope.EmployeesAsync(caller, ct)).Where(e => e.Status == EmploymentStatus.Active);
        if (input.EmployeeIds is { Count: > 0 } ids)
        {
            people = people.Where(e => ids.Contains(e.EmployeeNumber));
        }
        if (!string.IsNullOrWhiteSpace(input.TeamId))
        {
            people = people.Where(e => e.Team != null && e.Team.Code == input.TeamId);
        }
        if (!string.IsNullOrWhiteSpace(input.Role))
        {
            people = people.Where(e => e.JobRole == input.Role);
        }
        var candidates = await people.OrderBy(e => e.EmployeeNumber).Take(MaxCandidates + 1).ToListAsync(ct);
        if (candidates.Count == 0)
        {
            return Outcome<CohortPlanResult>.Invalid("employee_ids", "no active person you can see matches the candidates given");
        }
        if (candidates.Count > MaxCandidates)
        {
            return Outcome<CohortPlanResult>.Invalid("employee_ids", $"at most {MaxCandidates} candidates per plan");
        }

        var from = input.From!.Value;
        var weeks = (input.To!.Value.DayNumber - from.DayNumber) / 7 + 1;
        var notes = new List<string>();
        var options = gaps.Options;
        var catalog = await gaps.OptionsAsync(0m, ct);
        var problemCandidates = new List<PlanCandidate>();
        var unknownCost = new SortedSet<string>(StringComparer.Ordinal);
        var estimated = new SortedSet<string>(StringComparer.Ordinal);
        var withPrerequisites = new SortedSet<string>(StringComparer.Ordinal);
        var today = gaps.Today;
        var policy = await PolicyService.ActiveAsync(db, ct);
        if (policy is null)
        {
            notes.Add("No published tuition policy: eligibility was not checked.");
        }
        var candidateIds = candidates.Select(e => e.Id).ToList();
        var sites = await db.Sites.AsNoTracking().Where(s => s.Jurisdiction != null).ToDictionaryAsync(s => s.Id, s => (s.Name, s.Jurisdiction), ct);
        var enrolled = await openEnrollments.OpenAsync(candidateIds, ct);
        var held = (await db.Credentials.AsNoTracking()
                .Where(c => candidateIds.Contains(c.EmployeeId) && (c.ExpiresOn == null || c.ExpiresOn >= today))
                .Select(c => new { c.EmployeeId, c.Certification!.Code }).ToListAsync(ct))
            .Select(c => (c.EmployeeId, c.Code)).ToHashSet();
        var excluded = new List<ExcludedCandidate>();
        for (var p = 0; p < candidates.Count; p++)
        {
            var e = candidates[p];
            if (policy is not null)
            {
                var site = e.SiteId is { } siteId && sites.TryGetValue(siteId, out var s) ? s : default;
                var refused = PolicyService.Ineligibility(policy, e, today)
                    .Concat(PolicyService.JurisdictionBreaches(policy, Jurisdictions.Find(site.Jurisdiction), today)
                        .Select(b => $"{policy.Code} v{policy.VersionNumber} breaks the rule of {e.FullName}'s site {site.Name}: {b}."))
                    .ToList();
                if (refused.Count > 0)
                {
                    excluded.Add(new ExcludedCandidate(e.EmployeeNumber, e.FullName, null, string.Join(" ", refused)));
                    continue;
                }
            }
            var person = await gaps.WorkOutPersonAsync(caller, e.Id, null, ct); // not kept: a plan reads up to thousands of people once
            if (person is null)
            {
                continue;
            }
            var planOptions = new List<PlanOption>();
            for (var c = 0; c < catalog.Count; c++)
            {
                var (cert, option, quote) = catalog[c];
                if (enrolled.Contains((e.Id, cert.Code)))
                {
                    excluded.Add(new ExcludedCandidate(e.EmployeeNumber, e.FullName, cert.Code, $"{e.FullName} is already enrolled in {cert.Code}."));
                    continue;
                }
                if (held.Contains((e.Id, cert.Code)))
                {
                    excluded.Add(new ExcludedCandidate(e.EmployeeNumber, e.FullName, cert.Code, $"{e.FullName} already holds {cert.Code} (a current credential)."));
                    continue;
                }
                if (option.PrerequisiteCodes.Count > 0)
                {
                    withPrerequisites.Add(cert.Code);
                    continue;
                }
                var cost = FullyLoadedCost.Compute(PriceBook.CostFacts(cert, quote), candidates[p].HourlyLoadedCost, options.Assumptions);
                if (cost is null)
                {
                    unknownCost.Add(cert.Code);
                    continue;
                }
                if (cost.UsesEstimates)
                {
                    estimated.Add(cert.Code);
                }
                var closed = GapScore.Closes(person.Profile, option.Builds).Sum(x => x.WeightedClosed);
                var hours = quote?.ClassHours ?? cert.ClassHours ?? options.UnknownClassHoursEstimate;
                var duration = Math.Max(1, (int)Math.Ceiling(hours / options.HoursAwayPerWeek));
                planOptions.Add(new PlanOption(c, (long)Math.Round(closed * 1000m, MidpointRounding.AwayFromZero), (long)Math.Round(cost.Total * 100m, MidpointRounding.AwayFromZero), duration));
            }
            problemCandidates.Add(new PlanCandidate(p, planOptions));
        }
        if (unknownCost.Count > 0)
        {
            notes.Add($"Left out, cost unknown: {string.Join(", ", unknownCost)}.");
        }
        if (estimated.Count > 0)
        {
            notes.Add($"Planning estimates used (unknown tuition or class hours, see the assumptions): {string.Join(", ", estimated)}.");
        }
        if (withPrerequisites.Count > 0)
        {
            notes.Add($"Left out, prerequisites cannot be checked (no credentials on record): {string.Join(", ", withPrerequisites)}.");
        }
        var problem = new CohortProblem(problemCandidates, (long)Math.Round(input.Budget!.Value * 100m, MidpointRounding.AwayFromZero), weeks, input.MaxAway!.Value);
        CohortPlan plan;
        using (Observability.CertDeskTelemetry.MeasureSolver("cohort_plan"))
        {
            plan = CohortPlanner.Solve(problem, new PlannerSettings(options.PlanTimeLimitSeconds, 2));
        }
        var lines = plan.Assignments.Select(a =>
        {
            var person = candidates[a.Person];
            var cert = catalog[a.Certification].Cert;
            var start = from.AddDays(7 * a.StartSlot);
            return new PlannedLine(person.EmployeeNumber, person.FullName, cert.Code, cert.Name, start, start.AddDays(7 * a.DurationSlots - 1), a.DurationSlots,
                a.Value / 1000m, a.Cost / 100m, catalog[a.Certification].Option.CostBasis ?? "unknown");
        }).OrderBy(l => l.Start).ThenBy(l => l.EmployeeId, StringComparer.Ordinal).ToList();
        var result = new CohortPlanResult(plan.Status.ToString().ToLowerInvariant(), plan.Value / 1000m, plan.Bound / 1000m, Math.Round(plan.RelativeGap, 6),
            plan.Cost / 100m, input.Budget.Value, candidates.Count, weeks, input.MaxAway.Value, CohortPlanner.AwayPerSlot(plan.Assignments, weeks), lines, notes,
            Math.Round(plan.Seconds, 3), excluded);
        return Outcome<CohortPlanResult>.Ok(result);
    }

    public static readonly string[] ExportColumns = ["employee_id", "name", "certification", "certification_name", "start", "end", "weeks", "weighted_gap_closed", "cost", "cost_basis"];

    public static string ToCsv(CohortPlanResult result)
    {
        var sb = new StringBuilder();
        sb.AppendLine(string.Join(',', ExportColumns));
        using (var writer = Sep.New(',').Writer(o => o with { Escape = true, WriteHeader = false }).To(sb))
        {
            foreach (var l in result.Lines)
            {
                using var row = writer.NewRow();
                string[] values = [l.EmployeeId, l.Name, l.Certification, l.CertificationName, l.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    l.End.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), l.Weeks.ToString(CultureInfo.InvariantCulture),
                    l.WeightedGapClosed.ToString("0.###", CultureInfo.InvariantCulture), l.Cost.ToString("0.00", CultureInfo.InvariantCulture), l.CostBasis];
                for (var i = 0; i < ExportColumns.Length; i++)
                {
                    row[ExportColumns[i]].Set(CellSafety.Neutralize(values[i]));
                }
            }
        }
        return CsvTable.WithCrlf(sb.ToString());
    }

    public static byte[] ToXlsx(CohortPlanResult result) =>
        XlsxWriter.Write("Cohort plan", ExportColumns, result.Lines.Select(l => (IReadOnlyList<object?>)
            [l.EmployeeId, l.Name, l.Certification, l.CertificationName, l.Start, l.End, l.Weeks, l.WeightedGapClosed, new XlsxWriter.Usd(l.Cost), l.CostBasis]));
}
