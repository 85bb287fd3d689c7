namespace CertDesk.Features.Organization;

/// <summary>
/// Who may see whom: organization-wide roles see everyone; a manager sees themself and everyone below them in
/// the org chart; anyone else sees only themself. Pages, API and CLI all filter through this one place.
/// </summary>
public sealed class OrganizationScope(CertDeskDbContext db)
{
    private HashSet<Guid>? _visible;

    /// <summary>The employees the caller may see, or null for "everyone".</summary>
    public async Task<IReadOnlySet<Guid>?> VisibleEmployeeIdsAsync(Caller caller, CancellationToken ct)
    {
        if (caller.IsOrganizationWide)
        {
            return null;
        }
        if (_visible is not null)
        {
            return _visible;
        }
        var visible = new HashSet<Guid>();
        if (caller.EmployeeId is { } self)
        {
            visible.Add(self);
            if (caller.IsIn(Roles.Manager))
            {
                // The chart is small (thousands of rows): one read and a walk beats a recursive query per provider.
                var edges = await db.Employees.AsNoTracking()
                    .Where(e => e.ManagerId != null)
                    .Select(e => new { e.Id, ManagerId = e.ManagerId!.Value })
                    .ToListAsync(ct);
                var reportsOf = edges.ToLookup(e => e.ManagerId, e => e.Id);
                var queue = new Queue<Guid>([self]);
                while (queue.TryDequeue(out var manager))
                {
                    foreach (var report in reportsOf[manager])
                    {
                        if (visible.Add(report))
                        {
                            queue.Enqueue(report);
                        }
                    }
                }
            }
        }
        _visible = visible;
        return visible;
    }

    public async Task<IQueryable<Employee>> EmployeesAsync(Caller caller, CancellationToken ct)
    {
        var visible = await VisibleEmployeeIdsAsync(caller, ct);
        var query = db.Employees.AsNoTracking();
        return visible is null ? query : query.Where(e => visible.Contains(e.Id));
    }

    public async Task<bool> CanSeeAsync(Caller caller, Guid employeeId, CancellationToken ct)
    {
        var visible = await VisibleEmployeeIdsAsync(caller, ct);
        return visible is null || visible.Contains(employeeId);
    }

    /// <summary>Teams the caller may see: all for organization-wide roles, else the teams of visible people.</summary>
    public async Task<IQueryable<Team>> TeamsAsync(Caller caller, CancellationToken ct)
    {
        var visible = await VisibleEmployeeIdsAsync(caller, ct);
        var query = db.Teams.AsNoTracking();
        if (visible is null)
        {
            return query;
        }
        var teamIds = await db.Employees.AsNoTracking().Where(e => visible.Contains(e.Id) && e.TeamId != null)
            .Select(e => e.TeamId!.Value).Distinct().ToListAsync(ct);
        return query.Where(t => teamIds.Contains(t.Id));
    }
}
