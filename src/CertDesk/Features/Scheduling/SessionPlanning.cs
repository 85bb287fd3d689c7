using CertDesk.Domain.Scheduling;

namespace CertDesk.Features.Scheduling;

/// <summary>A best-slot question: who, how long, between which local dates, starting every 15 or 30 minutes.</summary>
public sealed record BestSlotsInput(IReadOnlyList<Guid>? Attendees, int? LengthMinutes, string? From, string? To, int? StepMinutes, Guid? SiteId);

public sealed record QueueImpactDto(string Queue, decimal Calls, int Required, int Scheduled, int ScheduledAfter, double ServiceLevelBefore, double ServiceLevelAfter, double? AsaBefore, double? AsaAfter, double OccupancyAfter, double? AbandonAfter, double Target);

public sealed record CoverageImpactDto(string Group, int AgentsAfter, int SupervisorsBefore, int SupervisorsAfter, int Required, double? RatioAfter);

public sealed record IntervalImpactDto(DateTime StartUtc, string Local, string Verdict, bool BreaksHardRule, double LateCalls, IReadOnlyList<QueueImpactDto> Queues, IReadOnlyList<CoverageImpactDto> Coverage, IReadOnlyList<string> Reasons);

public sealed record ImpactDto(string Verdict, double LateCalls, IReadOnlyList<string> Attendees, IReadOnlyList<IntervalImpactDto> Intervals)
{
    /// <summary>Per queue: an imported forecast, the forecast from history (with its accuracy) or none.</summary>
    public IReadOnlyList<ForecastSourceDto> Forecasts { get; init; } = [];
}

public sealed record SlotDto(int Rank, DateTime StartUtc, string Date, string Start, string Verdict, double LateCalls, double WaitCost, int? SpareSupervisors, bool Allowed, IReadOnlyList<string> Reasons);

public sealed record BestSlotsDto(string TimeZone, int LengthMinutes, int Candidates, IReadOnlyList<SlotDto> Slots, int Refused, IReadOnlyList<SlotDto> RefusedSamples)
{
    /// <summary>Per queue: an imported forecast, the forecast from history (with its accuracy) or none.</summary>
    public IReadOnlyList<ForecastSourceDto> Forecasts { get; init; } = [];

    /// <summary>Every candidate in time order (ranked and refused), for the chart.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<SlotDto> All { get; init; } = [];
}

/// <summary>
/// Planning a session: the impact on the floor of a booked or proposed session, and the best slots for a new one
/// (each candidate judged by <see cref="ImpactPlanner"/>). The people asked about must be in the caller's part of
/// the org chart.
/// </summary>
public sealed class SessionPlanning(CertDeskDbContext db, OrganizationScope scope, ImpactPlanner planner, SessionService sessions, TimeProvider clock,
    VersionedCache versioned)
{
    /// <summary>
    /// A booked session's impact, for a caller who may see it: worked out from the data alone (the session, its people's
    /// schedules, the forecasts and history), once per data version (<see cref="VersionedCache"/>), since every view of
    /// a session page asks for it and working it out reads thousands of intervals.
    /// </summary>
    public async Task<ImpactDto?> ImpactAsync(Caller caller, Guid id, CancellationToken ct)
    {
        var visible = await sessions.VisibleAsync(caller, ct);
        var session = await visible.Include(s => s.Site).Include(s => s.Attendees).FirstOrDefaultAsync(s => s.Id == id, ct);
        if (session is null)
        {
            return null;
        }
        return await versioned.GetOrCreateAsync(("session impact", session.Id), async () =>
        {
            var zone = SiteClock.Zone(session.Site!.TimeZone);
            return Impact(await planner.BuildAsync(session.Attendees.Select(a => a.EmployeeId).ToList(), zone, ImpactPlanner.SessionGrid(session, zone), session.Id, ct));
        }, ct);
    }

    /// <summary>The impact of a session not booked yet: the attendees off the floor from a local date and start.</summary>
    public async Task<Outcome<ImpactDto>> ImpactOfAsync(Caller caller, IReadOnlyList<Guid> attendees, string? date, string? start, int lengthMinutes, CancellationToken ct, Guid? moving = null)
    {
        ArgumentNullException.ThrowIfNull(attendees);
        var errors = new Dictionary<string, string[]>();
        if (!DateOnly.TryParseExact(date ?? "", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            errors["date"] = [$"'{date}' is not a date (yyyy-MM-dd)"];
        }
        if (!TimeOnly.TryParseExact(start ?? "", ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) || time.Minute % ImpactPlanner.IntervalMinutes != 0)
        {
            errors["start"] = [$"'{start}' is not a time on the {ImpactPlanner.IntervalMinutes}-minute grid (HH:mm)"];
        }
        if (lengthMinutes <= 0 || lengthMinutes % ImpactPlanner.IntervalMinutes != 0 || lengthMinutes > SessionService.MaxLengthMinutes)
        {
            errors["length_minutes"] = [$"'{lengthMinutes}' is not a length in minutes, a multiple of {ImpactPlanner.IntervalMinutes} up to {SessionService.MaxLengthMinutes}"];
        }
        var people = await db.Employees.AsNoTracking().Where(e => attendees.Contains(e.Id)).Select(e => new { e.Id, e.SiteId }).ToListAsync(ct);
        foreach (var p in people)
        {
            if (!await scope.CanSeeAsync(caller, p.Id, ct))
            {
                return Outcome<ImpactDto>.Forbidden();
            }
        }
        var siteId = people.Select(p => p.SiteId).FirstOrDefault(s => s != null);
        var site = siteId is { } sid ? await db.Sites.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sid, ct) : null;
        if (site is null)
        {
            errors["attendees"] = ["name attendees with a site"];
        }
        if (errors.Count > 0)
        {
            return Outcome<ImpactDto>.Invalid(errors);
        }
        var zone = SiteClock.Zone(site!.TimeZone);
        var startUtc = SiteClock.ToUtc(day, time, zone, out var gap);
        if (startUtc is null)
        {
            return Outcome<ImpactDto>.Invalid("start", gap!);
        }
        var draft = new TrainingSession { Title = "", Uid = "", StartUtc = startUtc.Value, EndUtc = startUtc.Value.AddMinutes(lengthMinutes) };
        var planned = await planner.BuildAsync(attendees, zone, ImpactPlanner.SessionGrid(draft, zone), moving, ct);
        return Outcome<ImpactDto>.Ok(Impact(planned));
    }

    public static ImpactDto Impact(PlannedProblem planned)
    {
        ArgumentNullException.ThrowIfNull(planned);
        var intervals = new List<IntervalImpactDto>();
        for (var i = 0; i < planned.Problem.Intervals.Count; i++)
        {
            var impact = SessionImpact.Evaluate(planned.Problem, i);
            intervals.Add(new IntervalImpactDto(impact.StartUtc, planned.Grid[i].StartLocal.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                impact.Verdict.Code(), impact.BreaksHardRule, impact.LateCalls,
                impact.Queues.Select(q => new QueueImpactDto(q.Queue, q.Calls, q.Required, q.Scheduled, q.ScheduledAfter, q.ServiceLevelBefore, q.ServiceLevelAfter, q.AsaBefore, q.AsaAfter, q.OccupancyAfter, q.AbandonAfter, q.Target)).ToList(),
                impact.Coverage.Select(c => new CoverageImpactDto(c.Group, c.AgentsAfter, c.SupervisorsBefore, c.SupervisorsAfter, c.Required, c.RatioAfter)).ToList(),
                impact.Reasons));
        }
        var worst = intervals.Count == 0 ? Verdict.Fine : intervals.Max(x => Parse(x.Verdict));
        return new ImpactDto(worst.Code(), intervals.Sum(x => x.LateCalls), planned.AttendeeNames, intervals) { Forecasts = planned.Forecasts };
    }

    private static Verdict Parse(string code) => code switch
    {
        "fine" => Verdict.Fine,
        "at_risk" => Verdict.AtRisk,
        _ => Verdict.BreaksTarget,
    };

    public async Task<Outcome<BestSlotsDto>> BestSlotsAsync(Caller caller, BestSlotsInput input, int take, CancellationToken ct, Guid? moving = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new Dictionary<string, string[]>();
        var ids = (input.Attendees ?? []).Distinct().ToList();
        if (ids.Count is 0 or > SessionService.MaxAttendees)
        {
            errors["attendees"] = [$"name 1 to {SessionService.MaxAttendees} attendees"];
        }
        var people = await db.Employees.AsNoTracking().Where(e => ids.Contains(e.Id)).Select(e => new { e.Id, e.SiteId }).ToListAsync(ct);
        if (people.Count < ids.Count)
        {
            errors["attendees"] = [$"{ids.Count - people.Count} attendee(s) are not known employees"];
        }
        foreach (var p in people)
        {
            if (!await scope.CanSeeAsync(caller, p.Id, ct))
            {
                return Outcome<BestSlotsDto>.Forbidden();
            }
        }
        var length = input.LengthMinutes ?? 0;
        if (length <= 0 || length % ImpactPlanner.IntervalMinutes != 0)
        {
            errors["length_minutes"] = [$"'{input.LengthMinutes}' is not a length in minutes > 0 and a multiple of {ImpactPlanner.IntervalMinutes}"];
        }
        var step = input.StepMinutes ?? 30;
        if (step is not (15 or 30 or 60))
        {
            errors["step_minutes"] = [$"'{input.StepMinutes}' is not 15, 30 or 60"];
        }
        var okFrom = DateOnly.TryParseExact(input.From ?? "", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from);
        var okTo = DateOnly.TryParseExact(input.To ?? "", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var to);
        if (!okFrom)
        {
            errors["from"] = [$"'{input.From}' is not a date (yyyy-MM-dd)"];
        }
        if (!okTo)
        {
            errors["to"] = [$"'{input.To}' is not a date (yyyy-MM-dd)"];
        }
        if (okFrom && okTo && (to < from || to.DayNumber - from.DayNumber >= SessionService.MaxWindowDays))
        {
            errors["to"] = [$"the window runs from 'from' to 'to' (at most {SessionService.MaxWindowDays} days)"];
        }
        var windowMinutes = (ImpactPlanner.DayEnd - ImpactPlanner.DayStart).TotalMinutes;
        if (length > windowMinutes)
        {
            errors["length_minutes"] = [$"{length} minutes is longer than the window's working day ({windowMinutes:0} minutes, {ImpactPlanner.DayStart:HH\\:mm}-{ImpactPlanner.DayEnd:HH\\:mm})"];
        }
        var siteId = input.SiteId ?? people.Select(p => p.SiteId).FirstOrDefault(s => s != null);
        var site = siteId is { } sid ? await db.Sites.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sid, ct) : null;
        if (site is null)
        {
            errors["site_id"] = ["is required (or attendees with a site)"];
        }
        if (errors.Count > 0)
        {
            return Outcome<BestSlotsDto>.Invalid(errors);
        }

        var zone = SiteClock.Zone(site!.TimeZone);
        var now = clock.GetUtcNow().UtcDateTime;
        var grid = ImpactPlanner.WorkingGrid(zone, from, to, step, length)
            .Select(g => g.StartUtc < now ? g with { CanStart = false } : g).ToList();
        var planned = await planner.BuildAsync(ids, zone, grid, moving, ct);
        SlotRanking ranking;
        using (Observability.CertDeskTelemetry.MeasureSolver("best_slots"))
        {
            ranking = SlotSearch.Rank(planned.Problem, length / ImpactPlanner.IntervalMinutes);
        }
        SlotDto Dto(SlotCandidate c, int rank)
        {
            var local = grid[c.StartIndex].StartLocal;
            return new SlotDto(rank, c.StartUtc, local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), local.ToString("HH:mm", CultureInfo.InvariantCulture),
                c.Verdict.Code(), c.LateCalls, c.WaitCost, c.SpareSupervisors, c.Allowed, c.Reasons.Take(6).ToList());
        }
        var slots = ranking.Ranked.Take(take).Select((c, i) => Dto(c, i + 1)).ToList();
        var refused = ranking.Refused.Take(5).Select(c => Dto(c, 0)).ToList();
        var rankOf = ranking.Ranked.Select((c, i) => (c.StartIndex, Rank: i + 1)).ToDictionary(x => x.StartIndex, x => x.Rank);
        var all = ranking.Ranked.Concat(ranking.Refused).OrderBy(c => c.StartUtc).Select(c => Dto(c, rankOf.GetValueOrDefault(c.StartIndex))).ToList();
        return Outcome<BestSlotsDto>.Ok(new BestSlotsDto(site.TimeZone, length, ranking.Ranked.Count + ranking.Refused.Count, slots, ranking.Refused.Count, refused) { All = all, Forecasts = planned.Forecasts });
    }
}
