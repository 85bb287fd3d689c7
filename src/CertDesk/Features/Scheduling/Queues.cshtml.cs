namespace CertDesk.Features.Scheduling;

/// <summary>The queues with their targets and serving teams, and the supervisor coverage rules; the program team edits them (Queues/Edit, CoverageRules/Edit).</summary>
public sealed class QueuesModel(CertDeskDbContext db) : PageModel
{
    public sealed record QueueRow(Guid Id, string Name, string Site, string Teams, decimal ServiceLevel, int TargetSeconds, int? PatienceSeconds, decimal? MaxOccupancy, decimal? Shrinkage, int ForecastIntervals)
    {
        public string Target => $"{Percent(ServiceLevel)} in {TargetSeconds} s";

        public string Model => PatienceSeconds is { } p ? $"Erlang A, patience {p} s" : "Erlang C";
    }

    public sealed record RuleRow(Guid Id, string Scope, int AgentsPerSupervisor, int MinimumSupervisors);

    public TableView<QueueRow> Table { get; private set; } = null!;
    public IReadOnlyList<RuleRow> Rules { get; private set; } = [];

    /// <summary>Admins and program managers edit queues and rules (the pages' and the API's policy).</summary>
    public bool CanEdit { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var caller = Caller.From(User);
        CanEdit = caller.RunsProgram;
        var queues = await QueuesAsync(ct);
        Table = await Spec(queues).PageAsync(queues.AsQueryable(), Request.Query, ct);
        Rules = await db.CoverageRules.AsNoTracking().OrderBy(r => r.Site!.Name).ThenBy(r => r.Team != null ? r.Team.Code : "")
            .Select(r => new RuleRow(r.Id, r.Team != null ? "Team " + r.Team.Code : "Site " + r.Site!.Name, r.AgentsPerSupervisor, r.MinimumSupervisors)).ToListAsync(ct);
    }

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        var queues = await QueuesAsync(ct);
        return await Spec(queues).CsvAsync(queues.AsQueryable(), Request.Query, ct);
    }

    /// <summary>A share as people read it: "80 %", "none" when not set.</summary>
    public static string Percent(decimal? share) => share is { } x ? (x * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %" : "none";

    // Few queues: their teams and forecast counts are put together in memory.
    private async Task<List<QueueRow>> QueuesAsync(CancellationToken ct)
    {
        var queues = await db.Queues.AsNoTracking()
            .Select(q => new { q.Id, q.Name, Site = q.Site!.Name, Teams = q.Teams.OrderBy(t => t.Code).Select(t => t.Code).ToList(), q.ServiceLevel, q.TargetSeconds, q.PatienceSeconds, q.MaxOccupancy, q.Shrinkage })
            .ToListAsync(ct);
        var counts = await db.Forecasts.AsNoTracking().GroupBy(f => f.QueueId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return [.. queues.Select(q => new QueueRow(q.Id, q.Name, q.Site, string.Join(", ", q.Teams), q.ServiceLevel, q.TargetSeconds, q.PatienceSeconds, q.MaxOccupancy, q.Shrinkage, counts.GetValueOrDefault(q.Id)))];
    }

    private static Table<QueueRow> Spec(IReadOnlyList<QueueRow> rows) =>
        new Table<QueueRow>("/Scheduling/Queues", "queues", pageSize: 50)
            .Column("queue", "Queue", q => q.Name)
            .Column("site", "Site", q => q.Site)
            .Column("teams", "Teams", q => q.Teams)
            .Column("target", "Service level", q => q.ServiceLevel, text: q => q.Target)
            .Column("model", "Model", q => q.PatienceSeconds ?? 0, text: q => q.Model)
            .Column("occupancy", "Max occupancy", q => q.MaxOccupancy, numeric: true, text: q => Percent(q.MaxOccupancy))
            .Column("shrinkage", "Shrinkage", q => q.Shrinkage, numeric: true, text: q => Percent(q.Shrinkage))
            .Column("forecast", "Forecast intervals", q => q.ForecastIntervals, numeric: true)
            .ThenBy(q => q.Id)
            .SearchIn("Queue, site or team", q => q.Name, q => q.Site, q => q.Teams)
            .Filter("site", "Site", TableOption.Choices("All sites", rows.Select(r => r.Site)), v => q => q.Site == v)
            .Filter("model", "Model", [new("", "Any model"), new("c", "Erlang C"), new("a", "Erlang A")],
                v => v == "a" ? q => q.PatienceSeconds != null : q => q.PatienceSeconds == null);
}
