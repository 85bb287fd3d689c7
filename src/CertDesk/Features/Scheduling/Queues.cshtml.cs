using CertDesk.Data;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CertDesk.Features.Scheduling;

/// <summary>The queues with their targets and serving teams, and the supervisor coverage rules (created through the API).</summary>
public sealed class QueuesModel(CertDeskDbContext db) : PageModel
{
    public sealed record QueueRow(string Name, string Site, string Teams, decimal ServiceLevel, int TargetSeconds, int? PatienceSeconds, decimal? MaxOccupancy, decimal? Shrinkage, int ForecastIntervals);

    public sealed record RuleRow(string Scope, int AgentsPerSupervisor, int MinimumSupervisors);

    public IReadOnlyList<QueueRow> Queues { get; private set; } = [];
    public IReadOnlyList<RuleRow> Rules { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var queues = await db.Queues.AsNoTracking().OrderBy(q => q.Name)
            .Select(q => new { q.Id, q.Name, Site = q.Site!.Name, Teams = q.Teams.OrderBy(t => t.Code).Select(t => t.Code).ToList(), q.ServiceLevel, q.TargetSeconds, q.PatienceSeconds, q.MaxOccupancy, q.Shrinkage })
            .ToListAsync(ct);
        var counts = await db.Forecasts.AsNoTracking().GroupBy(f => f.QueueId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        Queues = queues.Select(q => new QueueRow(q.Name, q.Site, string.Join(", ", q.Teams), q.ServiceLevel, q.TargetSeconds, q.PatienceSeconds, q.MaxOccupancy, q.Shrinkage, counts.GetValueOrDefault(q.Id))).ToList();
        Rules = await db.CoverageRules.AsNoTracking().OrderBy(r => r.Site!.Name)
            .Select(r => new RuleRow(r.Team != null ? "Team " + r.Team.Code : "Site " + r.Site!.Name, r.AgentsPerSupervisor, r.MinimumSupervisors)).ToListAsync(ct);
    }
}
