using CertDesk.Data;
using CertDesk.Features.Accounts;
using CertDesk.Features.Audit;
using CertDesk.Features.Organization;
using CertDesk.Features.Reminders;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CertDesk.Features.Home;

/// <summary>The home page answers "what needs me today" for the caller's role.</summary>
public sealed class IndexModel(CertDeskDbContext db, OrganizationScope scope, TimeProvider clock) : PageModel
{
    public sealed record Person(Guid Id, string Name, string Title);

    public Caller Caller { get; private set; } = null!;
    public string RoleSummary { get; private set; } = "";
    public int ActivePeople { get; private set; }
    public int Teams { get; private set; }
    public int Sites { get; private set; }
    public int SeparatedLast90Days { get; private set; }
    public Employee? Me { get; private set; }
    public IReadOnlyList<Person> DirectReports { get; private set; } = [];
    public IReadOnlyList<AuditEntry> RecentChanges { get; private set; } = [];
    public IReadOnlyList<Notification> Notifications { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Caller = Caller.From(User);
        RoleSummary = string.Join(" · ", Caller.Roles.Select(r => r switch
        {
            Roles.Admin => "Administrator: organization, users and policies",
            Roles.ProgramManager => "Program manager: catalog, assessments, enrollments and agreements",
            Roles.Approver => "Approver: business cases, budgets and ROI",
            Roles.Manager => "Manager: your people, their gaps and their follow-through",
            _ => "Your certifications, plan and agreements",
        }));
        var people = await scope.EmployeesAsync(Caller, ct);
        ActivePeople = await people.CountAsync(e => e.Status == EmploymentStatus.Active, ct);
        var since = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(-90);
        SeparatedLast90Days = await people.CountAsync(e => e.Status == EmploymentStatus.Separated && e.SeparationDate >= since, ct);
        Teams = await (await scope.TeamsAsync(Caller, ct)).CountAsync(ct);
        Sites = await db.Sites.CountAsync(ct);
        if (Caller.EmployeeId is { } self)
        {
            Me = await db.Employees.AsNoTracking().Include(e => e.Team).FirstOrDefaultAsync(e => e.Id == self, ct);
            // Version 7 ids sort by creation time: the newest reminders first.
            Notifications = await db.Notifications.AsNoTracking().Where(n => n.EmployeeId == self && n.ReadAt == null)
                .OrderByDescending(n => n.Id).Take(10).ToListAsync(ct);
            // Only the reports the caller may open: a supervisor with the employee role sees their own record only.
            DirectReports = await people
                .Where(e => e.ManagerId == self && e.Status == EmploymentStatus.Active)
                .OrderBy(e => e.LastName).ThenBy(e => e.FirstName)
                .Select(e => new Person(e.Id, e.FirstName + " " + e.LastName, e.Title))
                .ToListAsync(ct);
        }
        if (Caller.IsIn(Roles.Admin) || Caller.IsIn(Roles.ProgramManager))
        {
            RecentChanges = await db.AuditEntries.AsNoTracking().OrderByDescending(a => a.Sequence).Take(5).ToListAsync(ct);
        }
    }
}
