using CertDesk.Data;
using CertDesk.Features.Accounts;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CertDesk.Features.Scheduling;

/// <summary>The queues with their targets and serving teams, and the supervisor coverage rules; the program team edits them (Queues/Edit, CoverageRules/Edit).</summary>
public sealed class QueuesModel(CertDeskDbContext db) : PageModel
{
    public sealed record QueueRow(Guid Id, string Name, string Site, string Teams, decimal ServiceLevel, int TargetSeconds, int? PatienceSeconds, decimal? MaxOccupancy, decimal? Shrinkage, int ForecastIntervals);

    public sealed record RuleRow(Guid Id, string Scope, int AgentsPerSupervisor, int MinimumSupervisors);

    public IReadOnlyList<QueueRow> Queues { get; private set; } = [];
    public IReadOnlyList<RuleRow> Rules { get; private set; } = [];

    /// <summary>Admins and program managers edit queues and rules (the pages' and the API's policy).</summary>
    public bool CanEdit { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var caller = Caller.From(User);
        CanEdit = caller.IsIn(Roles.Admin) || caller.IsIn(Roles.ProgramManager);
        var queues = await db.Queues.AsNoTracking().OrderBy(q => q.Name)
            .Select(q => new { q.Id, q.Name, Site = q.Site!.Name, Teams = q.Teams.OrderBy(t => t.Code).Select(t => t.Code).ToList(), q.ServiceLevel, q.TargetSeconds, q.PatienceSeconds, q.MaxOccupancy, q.Shrinkage })
            .ToListAsync(ct);
        var counts = await db.Forecasts.AsNoTracking().GroupBy(f => f.QueueId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        Queues = queues.Select(q => new QueueRow(q.Id, q.Name, q.Site, string.Join(", ", q.Teams), q.ServiceLevel, q.TargetSeconds, q.PatienceSeconds, q.MaxOccupancy, q.Shrinkage, counts.GetValueOrDefault(q.Id))).ToList();
        Rules = await db.CoverageRules.AsNoTracking().OrderBy(r => r.Site!.Name).ThenBy(r => r.Team != null ? r.Team.Code : "")
            .Select(r => new RuleRow(r.Id, r.Team != null ? "Team " + r.Team.Code : "Site " + r.Site!.Name, r.AgentsPerSupervisor, r.MinimumSupervisors)).ToListAsync(ct);
    }
}
