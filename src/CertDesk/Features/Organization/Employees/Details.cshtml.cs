using CertDesk.Features.Audit;

namespace CertDesk.Features.Organization.Employees;

public sealed class DetailsModel(CertDeskDbContext db, OrganizationScope scope, VersionedCache versioned) : PageModel
{
    public sealed record Link(Guid Id, string Name, string Title, bool Visible);

    public Employee Employee { get; private set; } = null!;
    public IReadOnlyList<Link> Chain { get; private set; } = [];
    public IReadOnlyList<Link> Reports { get; private set; } = [];
    public IReadOnlyList<AuditEntry> History { get; private set; } = [];
    public AuditReading Reading { get; private set; } = null!;
    public bool ShowCost { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var caller = Caller.From(User);
        // Outside the caller's part of the org chart looks the same as missing: 404, no probing.
        if (!await scope.CanSeeAsync(caller, id, ct))
        {
            return NotFound();
        }
        var employee = await db.Employees.AsNoTracking().Include(e => e.Team).Include(e => e.Site).FirstOrDefaultAsync(e => e.Id == id, ct);
        if (employee is null)
        {
            return NotFound();
        }
        Employee = employee;
        ShowCost = caller.IsOrganizationWide || (caller.IsIn(Roles.Manager) && caller.EmployeeId != id);

        var chain = new List<Link>();
        var next = employee.ManagerId;
        while (next is { } managerId && chain.Count < 20)
        {
            var m = await db.Employees.AsNoTracking().Where(x => x.Id == managerId).Select(x => new { x.Id, Name = x.FirstName + " " + x.LastName, x.Title, x.ManagerId }).FirstOrDefaultAsync(ct);
            if (m is null)
            {
                break;
            }
            chain.Add(new Link(m.Id, m.Name, m.Title, await scope.CanSeeAsync(caller, m.Id, ct)));
            next = m.ManagerId;
        }
        Chain = chain;
        Reports = await db.Employees.AsNoTracking().Where(x => x.ManagerId == id && x.Status == EmploymentStatus.Active)
            .OrderBy(x => x.LastName).Select(x => new Link(x.Id, x.FirstName + " " + x.LastName, x.Title, true)).ToListAsync(ct);
        if (caller.RunsProgram)
        {
            var key = id.ToString();
            History = await db.AuditEntries.AsNoTracking().Where(a => a.EntityType == nameof(Organization.Employee) && a.EntityId == key)
                .OrderByDescending(a => a.Sequence).Take(20).ToListAsync(ct);
            Reading = await AuditReading.ForAsync(db, versioned, [.. History], ct);
        }
        return Page();
    }
}
