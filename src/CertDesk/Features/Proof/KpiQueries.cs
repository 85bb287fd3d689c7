using CertDesk.Domain.Kpi;
using CertDesk.Domain.Proof;

namespace CertDesk.Features.Proof;

/// <summary>The settings every KPI figure depends on, shown beside each number.</summary>
public sealed record KpiThresholds(int SlThresholdSeconds, int IntervalMinutes)
{
    public string Describe() => FormattableString.Invariant(
        $"Service level = answered within {SlThresholdSeconds} s / offered (abandoned count against it); intervals of {IntervalMinutes} min by arrival in UTC; ") +
        "ASA = wait of answered / answered; abandonment = abandoned / offered; AHT = (talk + hold + wrap) / answered; FCR = resolved at first contact / answered; " +
        "CSAT = mean score; QA = mean evaluation score; attrition = separations / average headcount, annualized.";
}

/// <summary>One row of the KPI table: a team, a manager or a site, with its totals.</summary>
public sealed record KpiRow(string Key, string Label, string? Site, string? Manager, int Teams, KpiTotals Totals);

/// <summary>A point of a monthly trend.</summary>
public sealed record KpiTrendPoint(DateOnly Month, double? Value);

/// <summary>One period of a team's KPI record (a calendar month, cut at today for the current one).</summary>
public sealed record KpiPeriod(DateOnly From, DateOnly To, KpiTotals Totals)
{
    /// <summary>"2026-04", or "2026-05 (to 05-14)" for a month not over yet.</summary>
    public string Label => From.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture)
        + (To < From.AddMonths(1) ? " (to " + To.AddDays(-1).ToString("MM-dd", System.Globalization.CultureInfo.InvariantCulture) + ")" : "");
}

/// <summary>KPIs per team, manager, site and period, from the interval facts, QA scores and the roster.</summary>
public sealed class KpiQueries(CertDeskDbContext db, IConfiguration configuration)
{
    public KpiThresholds Thresholds => new(
        configuration.GetValue("Kpi:SlThresholdSeconds", KpiSettings.DefaultSlThresholdSeconds),
        configuration.GetValue("Kpi:IntervalMinutes", KpiSettings.DefaultIntervalMinutes));

    /// <summary>The first and last day (UTC) with facts, from their daily sums (a day is summed whenever its facts are written).</summary>
    public async Task<(DateOnly From, DateOnly To)?> FactRangeAsync(CancellationToken ct)
    {
        if (!await db.KpiDailyFacts.AnyAsync(ct))
        {
            return null;
        }
        var min = await db.KpiDailyFacts.MinAsync(d => d.Day, ct);
        var max = await db.KpiDailyFacts.MaxAsync(d => d.Day, ct);
        return (min, max);
    }

    /// <summary>Totals per team code over [from, to) (dates, UTC).</summary>
    public async Task<Dictionary<string, KpiTotals>> TeamTotalsAsync(IReadOnlyCollection<string> teams, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var codes = teams.ToList();
        var sums = await SumsAsync(codes, from, to, ct);
        var people = await PeopleAsync(codes, ct);
        var result = new Dictionary<string, KpiTotals>(StringComparer.Ordinal);
        foreach (var code in codes.Distinct(StringComparer.Ordinal))
        {
            result[code] = WithPeople(sums.GetValueOrDefault(code) ?? new KpiTotals(), people.GetValueOrDefault(code) ?? [], from, to);
        }
        return result;
    }

    /// <summary>
    /// The teams' facts and QA scores over [from, to) summed per segment between consecutive boundaries (from, to, the
    /// <paramref name="boundaries"/> inside and every month start inside), so that each fact is read once: the ROI study
    /// takes its before and after windows and its monthly trends from the segments (<see cref="KpiSegments.Totals"/>) instead
    /// of summing the same facts once per window and once per month. (Grouping by day in SQL would be one query, but
    /// SQLite would format a date string per fact, slower than the range scans.)
    /// </summary>
    public async Task<KpiSegments> SegmentsAsync(IReadOnlyCollection<string> teams, DateOnly from, DateOnly to, IEnumerable<DateOnly> boundaries, CancellationToken ct)
    {
        var cuts = new SortedSet<DateOnly> { from, to };
        foreach (var b in boundaries.Where(b => b > from && b < to))
        {
            cuts.Add(b);
        }
        for (var month = new DateOnly(from.Year, from.Month, 1).AddMonths(1); month < to; month = month.AddMonths(1))
        {
            cuts.Add(month);
        }
        var codes = teams.Distinct(StringComparer.Ordinal).ToList();
        var segments = codes.ToDictionary(c => c, _ => new SortedDictionary<DateOnly, KpiTotals>(), StringComparer.Ordinal);
        var points = cuts.ToList();
        for (var i = 0; i + 1 < points.Count; i++)
        {
            var (start, end) = (points[i], points[i + 1]);
            var sums = await SumsAsync(codes, start, end, ct);
            foreach (var code in codes)
            {
                segments[code][start] = sums.GetValueOrDefault(code) ?? new KpiTotals();
            }
        }
        return new KpiSegments(segments, points, await PeopleAsync(codes, ct));
    }

    // Facts and QA summed per team over [from, to), in the database. Every window starts and ends on a day, so the
    // daily sums answer it: a year of a team is 365 rows instead of 35,040 quarter-hours.
    private async Task<Dictionary<string, KpiTotals>> SumsAsync(List<string> codes, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var sums = (await db.KpiDailyFacts.AsNoTracking()
            .Where(f => codes.Contains(f.TeamCode) && f.Day >= from && f.Day < to)
            .GroupBy(f => f.TeamCode)
            .Select(g => new
            {
                Team = g.Key,
                Offered = g.Sum(f => f.Offered),
                Answered = g.Sum(f => f.Answered),
                Abandoned = g.Sum(f => f.Abandoned),
                Within = g.Sum(f => f.AnsweredWithinThreshold),
                Wait = g.Sum(f => f.WaitSecondsAnswered),
                Handle = g.Sum(f => f.HandleSeconds),
                Fcr = g.Sum(f => f.ResolvedFirstContact),
                CsatSum = g.Sum(f => f.CsatSum),
                CsatCount = g.Sum(f => f.CsatCount),
            })
            .ToListAsync(ct))
            .ToDictionary(x => x.Team, x => new KpiTotals
            {
                Offered = x.Offered,
                Answered = x.Answered,
                Abandoned = x.Abandoned,
                AnsweredWithinThreshold = x.Within,
                WaitSecondsAnswered = x.Wait,
                HandleSeconds = x.Handle,
                ResolvedFirstContact = x.Fcr,
                CsatSum = x.CsatSum,
                CsatCount = x.CsatCount,
            }, StringComparer.Ordinal);
        // Summed in the database: a year of agent-days is hundreds of thousands of rows, too many to bring back per window.
        var qa = await db.QaScores.AsNoTracking().Where(q => codes.Contains(q.TeamCode) && q.Date >= from && q.Date < to)
            .GroupBy(q => q.TeamCode)
            .Select(g => new { Team = g.Key, Sum = g.Sum(q => (double)q.Score), Count = g.LongCount() })
            .ToListAsync(ct);
        foreach (var q in qa)
        {
            sums[q.Team] = (sums.GetValueOrDefault(q.Team) ?? new KpiTotals()) with { QaSum = q.Sum, QaCount = q.Count };
        }
        return sums;
    }

    private async Task<Dictionary<string, List<TeamMember>>> PeopleAsync(List<string> codes, CancellationToken ct) =>
        (await db.Employees.AsNoTracking().Where(e => e.Team != null && codes.Contains(e.Team.Code))
            .Select(e => new { Team = e.Team!.Code, e.HireDate, e.SeparationDate }).ToListAsync(ct))
        .GroupBy(p => p.Team, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.Select(p => new TeamMember(p.HireDate, p.SeparationDate)).ToList(), StringComparer.Ordinal);

    /// <summary>Separations in [from, to), the headcount (mean of the first and last day's) and the number of days.</summary>
    internal static KpiTotals WithPeople(KpiTotals sums, IReadOnlyList<TeamMember> staff, DateOnly from, DateOnly to)
    {
        int HeadcountOn(DateOnly d) => staff.Count(p => p.HireDate <= d && (p.SeparationDate is null || p.SeparationDate > d));
        return sums with
        {
            Separations = staff.Count(p => p.SeparationDate is { } d && d >= from && d < to),
            AverageHeadcount = (HeadcountOn(from) + HeadcountOn(to.AddDays(-1))) / 2.0,
            Days = Math.Max(1, to.DayNumber - from.DayNumber),
        };
    }

    /// <summary>The KPI table for the teams the caller may see, grouped by team, manager or site.</summary>
    public async Task<IReadOnlyList<KpiRow>> RowsAsync(IQueryable<Team> visibleTeams, string groupBy, DateOnly from, DateOnly to, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(visibleTeams);
        var teams = await visibleTeams.Select(t => new
        {
            t.Code,
            t.Name,
            Site = t.Site != null ? t.Site.Name : "",
            Manager = t.Manager != null ? t.Manager.FirstName + " " + t.Manager.LastName : "(no manager)",
        }).OrderBy(t => t.Code).ToListAsync(ct);
        var totals = await TeamTotalsAsync([.. teams.Select(t => t.Code)], from, to, ct);
        return groupBy switch
        {
            "site" => [.. teams.GroupBy(t => t.Site).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new KpiRow(g.Key, g.Key, g.Key, null, g.Count(), g.Select(t => totals[t.Code]).Aggregate(KpiTotals.Add)))],
            "manager" => [.. teams.GroupBy(t => t.Manager).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new KpiRow(g.Key, g.Key, g.First().Site, g.Key, g.Count(), g.Select(t => totals[t.Code]).Aggregate(KpiTotals.Add)))],
            _ => [.. teams.Select(t => new KpiRow(t.Code, $"{t.Code} · {t.Name}", t.Site, t.Manager, 1, totals[t.Code]))],
        };
    }

    /// <summary>The KPIs a person's profile shows of their team: the team's work, not its headcount (no attrition).</summary>
    public static readonly IReadOnlyList<KpiKind> ProfileKinds =
        [KpiKind.ServiceLevel, KpiKind.Asa, KpiKind.Abandonment, KpiKind.Aht, KpiKind.Fcr, KpiKind.Csat, KpiKind.Qa];

    /// <summary>
    /// A team's record for a profile: the last <paramref name="months"/> calendar months up to the latest interval or QA
    /// score on or before <paramref name="today"/> (the current month cut at today), leaving out months without data.
    /// Empty when the team has no KPI data.
    /// </summary>
    public async Task<IReadOnlyList<KpiPeriod>> RecentMonthsAsync(string teamCode, DateOnly today, int months, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(teamCode);
        var end = today.AddDays(1);
        var endInstant = end.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var lastFact = await db.KpiIntervalFacts.AsNoTracking().Where(f => f.TeamCode == teamCode && f.IntervalStart < endInstant)
            .OrderByDescending(f => f.IntervalStart).Select(f => (DateTime?)f.IntervalStart).FirstOrDefaultAsync(ct);
        var lastQa = await db.QaScores.AsNoTracking().Where(q => q.TeamCode == teamCode && q.Date < end)
            .OrderByDescending(q => q.Date).Select(q => (DateOnly?)q.Date).FirstOrDefaultAsync(ct);
        DateOnly? last = lastFact is { } f ? DateOnly.FromDateTime(f) : null;
        if (lastQa is { } q && (last is null || q > last))
        {
            last = q;
        }
        if (last is not { } latest)
        {
            return [];
        }
        var periods = new List<KpiPeriod>();
        var lastMonth = new DateOnly(latest.Year, latest.Month, 1);
        for (var back = months - 1; back >= 0; back--)
        {
            var from = lastMonth.AddMonths(-back);
            var to = from.AddMonths(1) < end ? from.AddMonths(1) : end;
            var totals = (await TeamTotalsAsync([teamCode], from, to, ct))[teamCode];
            if (totals.Offered > 0 || totals.QaCount > 0)
            {
                periods.Add(new KpiPeriod(from, to, totals));
            }
        }
        return periods;
    }

    /// <summary>Monthly KPI of each team (for trends): team -> month -> totals.</summary>
    public async Task<Dictionary<string, SortedDictionary<DateOnly, KpiTotals>>> MonthlyAsync(IReadOnlyCollection<string> teams, DateOnly from, DateOnly to, CancellationToken ct)
        => (await SegmentsAsync(teams, from, to, [], ct)).Monthly();
}

/// <summary>A team member's dates, for headcount and separations.</summary>
public sealed record TeamMember(DateOnly HireDate, DateOnly? SeparationDate);

/// <summary>Per team, the sums of facts and QA of consecutive segments (from <see cref="KpiQueries.SegmentsAsync"/>), and the team members.</summary>
public sealed class KpiSegments(
    Dictionary<string, SortedDictionary<DateOnly, KpiTotals>> segments, IReadOnlyList<DateOnly> boundaries, Dictionary<string, List<TeamMember>> people)
{
    /// <summary>Totals of a team over [start, end), both segment boundaries; as <see cref="KpiQueries.TeamTotalsAsync"/> gives them.</summary>
    public KpiTotals Totals(string team, DateOnly start, DateOnly end)
    {
        if (!boundaries.Contains(start) || !boundaries.Contains(end))
        {
            throw new ArgumentOutOfRangeException(nameof(start), $"{start:yyyy-MM-dd} to {end:yyyy-MM-dd}: both ends must be among the loaded boundaries");
        }
        var sum = new KpiTotals();
        if (segments.TryGetValue(team, out var byStart))
        {
            foreach (var (segmentStart, totals) in byStart)
            {
                if (segmentStart >= start && segmentStart < end)
                {
                    sum += totals;
                }
            }
        }
        return KpiQueries.WithPeople(sum, people.GetValueOrDefault(team) ?? [], start, end);
    }

    public Dictionary<string, KpiTotals> Totals(IEnumerable<string> teams, DateOnly start, DateOnly end) =>
        teams.Distinct(StringComparer.Ordinal).ToDictionary(t => t, t => Totals(t, start, end), StringComparer.Ordinal);

    /// <summary>Each team's calendar months (clipped to the loaded span), as the trend charts show them.</summary>
    public Dictionary<string, SortedDictionary<DateOnly, KpiTotals>> Monthly()
    {
        var (from, to) = (boundaries[0], boundaries[^1]);
        var result = segments.Keys.ToDictionary(t => t, _ => new SortedDictionary<DateOnly, KpiTotals>(), StringComparer.Ordinal);
        for (var month = new DateOnly(from.Year, from.Month, 1); month < to; month = month.AddMonths(1))
        {
            var start = month < from ? from : month;
            var end = month.AddMonths(1) > to ? to : month.AddMonths(1);
            foreach (var team in segments.Keys)
            {
                result[team][month] = Totals(team, start, end);
            }
        }
        return result;
    }
}
