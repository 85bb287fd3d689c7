using CertDesk.Domain.Scheduling;
using CertDesk.Domain.Staffing;

namespace CertDesk.Features.Scheduling;

/// <summary>A 15-minute interval of the grid, in UTC and in the site's local time.</summary>
public sealed record GridInterval(DateTime StartUtc, DateTime StartLocal, bool CanStart);

/// <summary>A problem read from the database, with the local times of its intervals, the attendees' names and where each
/// queue's forecast came from.</summary>
public sealed record PlannedProblem(SchedulingProblem Problem, IReadOnlyList<GridInterval> Grid, TimeZoneInfo Zone, IReadOnlyList<string> AttendeeNames)
{
    public IReadOnlyList<ForecastSourceDto> Forecasts { get; init; } = [];
}

/// <summary>
/// Builds the scheduler's problem from the database: the queues the attendees' teams serve (with forecast and the agents
/// on a work shift in each interval), the coverage rules of their teams and sites (supervisors and managers on the floor),
/// and what the attendees take off the floor. An agent whose team serves several queues counts on each of them.
/// An interval of a queue with no imported forecast takes the forecast from the queue's history (<see cref="IHistoryForecasts"/>),
/// and the problem says which queues did, with that forecast's accuracy on held-out weeks.
/// </summary>
public sealed class ImpactPlanner(CertDeskDbContext db, IHistoryForecasts history)
{
    public const int IntervalMinutes = 15;
    public static readonly TimeOnly DayStart = new(7, 0);
    public static readonly TimeOnly DayEnd = new(21, 0);

    public static bool IsSupervisor(string jobRole) => jobRole is "Supervisor" or "Manager";

    public static bool IsAgent(string jobRole) => jobRole == "Agent";

    /// <summary>The working-hours grid of a site between two local dates (inclusive): 07:00 to 21:00, starts every <paramref name="stepMinutes"/>.</summary>
    public static List<GridInterval> WorkingGrid(TimeZoneInfo zone, DateOnly from, DateOnly to, int stepMinutes, int lengthMinutes)
    {
        var grid = new List<GridInterval>();
        for (var date = from; date <= to; date = date.AddDays(1))
        {
            for (var t = DayStart; t < DayEnd; t = t.AddMinutes(IntervalMinutes))
            {
                var utc = SiteClock.ToUtc(date, t, zone, out _);
                if (utc is null)
                {
                    continue;
                }
                var minute = t.Hour * 60 + t.Minute;
                var canStart = minute % stepMinutes == 0 && minute + lengthMinutes <= DayEnd.Hour * 60 + DayEnd.Minute;
                grid.Add(new GridInterval(utc.Value, date.ToDateTime(t), canStart));
                if (t == new TimeOnly(20, 45))
                {
                    break;
                }
            }
        }
        return grid;
    }

    /// <summary>The grid of one session: its intervals from start to end.</summary>
    public static List<GridInterval> SessionGrid(TrainingSession session, TimeZoneInfo zone)
    {
        var grid = new List<GridInterval>();
        for (var t = session.StartUtc; t < session.EndUtc; t = t.AddMinutes(IntervalMinutes))
        {
            grid.Add(new GridInterval(t, SiteClock.ToLocal(t, zone), t == session.StartUtc));
        }
        return grid;
    }

    public async Task<PlannedProblem> BuildAsync(IReadOnlyCollection<Guid> attendeeIds, TimeZoneInfo zone, List<GridInterval> grid, Guid? ignoreSessionId, CancellationToken ct)
    {
        var attendees = await db.Employees.AsNoTracking().Where(e => attendeeIds.Contains(e.Id))
            .Select(e => new { e.Id, e.FirstName, e.LastName, e.TeamId, e.SiteId, e.JobRole }).ToListAsync(ct);
        var teamIds = attendees.Where(a => a.TeamId != null).Select(a => a.TeamId!.Value).Distinct().ToList();
        var siteIds = attendees.Where(a => a.SiteId != null).Select(a => a.SiteId!.Value).Distinct().ToList();

        var queues = await db.Queues.AsNoTracking().Include(q => q.Teams)
            .Where(q => q.Teams.Any(t => teamIds.Contains(t.Id))).OrderBy(q => q.Name).ToListAsync(ct);
        var rules = await db.CoverageRules.AsNoTracking().Include(r => r.Team).Include(r => r.Site)
            .Where(r => (r.TeamId != null && teamIds.Contains(r.TeamId.Value)) || (r.TeamId == null && siteIds.Contains(r.SiteId)))
            .ToListAsync(ct);

        var queueTeams = queues.SelectMany(q => q.Teams.Select(t => t.Id)).ToHashSet();
        var ruleTeams = rules.Where(r => r.TeamId != null).Select(r => r.TeamId!.Value).ToHashSet();
        var ruleSites = rules.Where(r => r.TeamId == null).Select(r => r.SiteId).ToHashSet();
        var people = await db.Employees.AsNoTracking()
            .Where(e => e.Status == EmploymentStatus.Active && ((e.TeamId != null && (queueTeams.Contains(e.TeamId.Value) || ruleTeams.Contains(e.TeamId.Value))) || (e.SiteId != null && ruleSites.Contains(e.SiteId.Value)) || attendeeIds.Contains(e.Id)))
            .Select(e => new { e.Id, e.TeamId, e.SiteId, e.JobRole }).ToListAsync(ct);
        var personIds = people.Select(p => p.Id).ToList();

        var from = grid.Count > 0 ? grid.Min(g => g.StartUtc) : DateTime.MinValue;
        var to = grid.Count > 0 ? grid.Max(g => g.StartUtc).AddMinutes(IntervalMinutes) : DateTime.MinValue;
        var shifts = await db.Shifts.AsNoTracking()
            .Where(s => s.Activity == ScheduleActivities.Work && s.StartUtc < to && s.EndUtc > from && personIds.Contains(s.EmployeeId))
            .Select(s => new { s.EmployeeId, s.StartUtc, s.EndUtc }).ToListAsync(ct);
        var shiftsOf = shifts.ToLookup(s => s.EmployeeId);
        var queueIds = queues.Select(q => q.Id).ToList();
        var forecasts = await db.Forecasts.AsNoTracking()
            .Where(f => queueIds.Contains(f.QueueId) && f.IntervalStartUtc >= from && f.IntervalStartUtc < to)
            .ToDictionaryAsync(f => (f.QueueId, f.IntervalStartUtc), ct);
        var otherSessions = await db.Sessions.AsNoTracking()
            .Where(s => s.Status == SessionStatus.Scheduled && s.Id != ignoreSessionId && s.StartUtc < to && s.EndUtc > from && s.Attendees.Any(a => attendeeIds.Contains(a.EmployeeId)))
            .Select(s => new { s.Title, s.StartUtc, s.EndUtc, Attendees = s.Attendees.Select(a => a.EmployeeId).ToList() }).ToListAsync(ct);

        bool OnFloor(Guid person, DateTime start) =>
            shiftsOf[person].Any(s => s.StartUtc <= start && s.EndUtc >= start.AddMinutes(IntervalMinutes));

        var groups = rules.Select(r => new
        {
            Spec = new CoverageSpec(r.Team is { } team ? $"Team {team.Code}" : $"Site {r.Site!.Name}", r.AgentsPerSupervisor, r.MinimumSupervisors),
            Members = people.Where(p => r.TeamId is { } t ? p.TeamId == t : p.SiteId == r.SiteId).ToList(),
        }).ToList();
        var queueMembers = queues.Select(q =>
        {
            var teams = q.Teams.Select(t => t.Id).ToHashSet();
            return people.Where(p => IsAgent(p.JobRole) && p.TeamId is { } t && teams.Contains(t)).Select(p => p.Id).ToList();
        }).ToList();

        var fromHistory = new QueueHistoryForecast?[queues.Count];
        var sources = new List<ForecastSourceDto>(queues.Count);
        for (var q = 0; q < queues.Count; q++)
        {
            var imported = grid.Count(g => forecasts.ContainsKey((queues[q].Id, g.StartUtc)));
            if (imported == grid.Count)
            {
                sources.Add(new ForecastSourceDto(queues[q].Name, "imported", imported, 0, null, null, null, null, "imported forecast"));
                continue;
            }
            var h = await history.ForQueueAsync(queues[q].Id, zone, ct);
            var usable = h.Model is not null && grid.Any(g => !forecasts.ContainsKey((queues[q].Id, g.StartUtc)) && Predict(h, g) is not null);
            fromHistory[q] = usable ? h : null;
            var fromModel = usable ? grid.Count - imported : 0;
            var note = h.Model is not null && !usable ? "no forecast imported; the history has no handle times to forecast from" : h.Describe();
            sources.Add(new ForecastSourceDto(queues[q].Name, (imported, fromModel) switch
            {
                (0, 0) => "none",
                (_, 0) => "imported",
                (0, _) => "history",
                _ => "imported_and_history",
            }, imported, fromModel, h.Accuracy?.Wape, h.Accuracy?.Bias, h.Accuracy?.NaiveWape, h.Accuracy?.HoldoutWeeks,
                imported > 0 ? $"imported forecast for {imported} interval(s); {(fromModel > 0 ? "the others: " : "the others have none: ")}{note}" : note));
        }

        var names = attendees.ToDictionary(a => a.Id, a => $"{a.FirstName} {a.LastName}");
        var intervals = new List<IntervalState>(grid.Count);
        foreach (var g in grid)
        {
            var queueLoads = new QueueLoad[queues.Count];
            for (var q = 0; q < queues.Count; q++)
            {
                var f = forecasts.GetValueOrDefault((queues[q].Id, g.StartUtc));
                var agents = queueMembers[q].Count(p => OnFloor(p, g.StartUtc));
                queueLoads[q] = f is not null ? new QueueLoad(f.Calls, f.AhtSeconds, agents)
                    : fromHistory[q] is { } past && Predict(past, g) is { } predicted ? new QueueLoad(predicted.Calls, predicted.AhtSeconds, agents)
                    : new QueueLoad(0, 1, agents);
            }
            var coverageLoads = groups.Select(group => new CoverageLoad(
                group.Members.Count(m => IsAgent(m.JobRole) && OnFloor(m.Id, g.StartUtc)),
                group.Members.Count(m => IsSupervisor(m.JobRole) && OnFloor(m.Id, g.StartUtc)))).ToArray();

            var conflicts = new List<string>();
            foreach (var a in attendees)
            {
                if (!OnFloor(a.Id, g.StartUtc))
                {
                    conflicts.Add($"{names[a.Id]} is not on a work shift");
                }
                var busy = otherSessions.FirstOrDefault(s => s.Attendees.Contains(a.Id) && s.StartUtc <= g.StartUtc && s.EndUtc > g.StartUtc);
                if (busy is not null)
                {
                    conflicts.Add($"{names[a.Id]} is in '{busy.Title}'");
                }
            }
            intervals.Add(new IntervalState(g.StartUtc, queueLoads, coverageLoads, conflicts.Count > 0 ? string.Join("; ", conflicts) : null, g.CanStart));
        }

        var removal = new Removal(
            queues.Select(q => attendees.Count(a => IsAgent(a.JobRole) && a.TeamId is { } t && q.Teams.Any(x => x.Id == t))).ToArray(),
            groups.Select(g => attendees.Count(a => IsAgent(a.JobRole) && g.Members.Any(m => m.Id == a.Id))).ToArray(),
            groups.Select(g => attendees.Count(a => IsSupervisor(a.JobRole) && g.Members.Any(m => m.Id == a.Id))).ToArray());
        var specs = queues.Select(q => new QueueSpec(q.Name, Targets(q))).ToArray();
        var problem = new SchedulingProblem(specs, groups.Select(g => g.Spec).ToArray(), intervals, removal, IntervalMinutes);
        return new PlannedProblem(problem, grid, zone, attendees.Select(a => names[a.Id]).ToArray()) { Forecasts = sources };
    }

    /// <summary>The history forecast of one grid interval on the site's clock, rounded as an imported forecast is stored; null without a handle time.</summary>
    private static (decimal Calls, decimal AhtSeconds)? Predict(QueueHistoryForecast forecast, GridInterval g)
    {
        var f = forecast.Model!.Predict(DateOnly.FromDateTime(g.StartLocal), TimeOnly.FromDateTime(g.StartLocal), IntervalMinutes);
        return f.AhtSeconds is { } aht && aht > 0
            ? (Math.Round((decimal)f.Contacts, 3, MidpointRounding.AwayFromZero), Math.Round((decimal)aht, 3, MidpointRounding.AwayFromZero))
            : null;
    }

    public static StaffingTargets Targets(Queue queue)
    {
        ArgumentNullException.ThrowIfNull(queue);
        return new StaffingTargets(queue.ServiceLevel, queue.TargetSeconds, queue.MaxOccupancy, queue.Shrinkage, queue.PatienceSeconds);
    }
}
