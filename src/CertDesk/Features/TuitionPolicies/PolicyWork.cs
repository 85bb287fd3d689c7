namespace CertDesk.Features.TuitionPolicies;

/// <summary>
/// The administrator's queue: policy drafts waiting to be published (only an administrator publishes). HR sees the
/// same drafts as "waiting for an administrator", without the action.
/// </summary>
public sealed class PolicyDraftsToPublish(CertDeskDbContext db) : IWorkSource
{
    public int Order => 5;

    public async Task<WorkList?> ListAsync(Caller caller, CancellationToken ct)
    {
        if (!PolicyService.CanEdit(caller))
        {
            return null;
        }
        var publishes = PolicyService.CanPublish(caller);
        var rows = await db.TuitionPolicies.AsNoTracking().Where(p => p.Status == PolicyStatus.Draft)
            .Select(p => new { p.Id, p.Code, p.Name, p.VersionNumber }).ToListAsync(ct);
        if (rows.Count == 0 && !publishes)
        {
            return null;
        }
        var items = rows.OrderBy(p => p.Code, StringComparer.Ordinal).Take(WorkQueue.Shown).Select(p => new WorkItem(
            $"{p.Name} (version {p.VersionNumber})",
            publishes ? "Draft: review and publish it" : "Draft: an administrator publishes it",
            publishes ? $"/TuitionPolicies/Publish/{p.Id}?back=/" : $"/TuitionPolicies/Details/{p.Id}", null, [])).ToList();
        return new WorkList("publish", publishes ? "Policy drafts to publish" : "Policy drafts waiting for an administrator",
            "No policy draft waits to be published.", items, rows.Count, "/TuitionPolicies", "Every policy");
    }
}
