using CertDesk.Features.Agreements;
using CertDesk.Features.Audit;
using CertDesk.Features.BusinessCases;
using CertDesk.Features.Gaps;
using CertDesk.Features.Reminders;
using CertDesk.Features.Scheduling;
using Microsoft.AspNetCore.OutputCaching;

namespace CertDesk.Features.Home;

/// <summary>
/// The home page answers "what needs me today" for the caller's role, in one server-rendered response: decisions
/// waiting (approver), signatures waiting (program manager, employee), the week's sessions and biggest gaps (manager),
/// one's own gaps (anyone with an employee record), and spend against budget where money is decided.
/// </summary>
[OutputCache(PolicyName = SignedInOutputCache.PolicyName)]
public sealed class IndexModel(
    CertDeskDbContext db, OrganizationScope scope, TimeProvider clock,
    BusinessCaseService cases, AgreementService agreements, SessionService sessions, GapAnalysis gaps, WorkQueue queue, VersionedCache versioned) : PageModel
{
    public sealed record Person(Guid Id, string Name, string Title);
    public sealed record SessionRow(Guid Id, string Title, DateOnly Date, TimeOnly Start, string Site, int Attendees);
    public sealed record GapRow(Guid Id, string Name, decimal WeightedGap, decimal Readiness);
    public sealed record OwnGap(string Competency, int Required, decimal WeightedGap);

    public Caller Caller { get; private set; } = null!;

    /// <summary>The caller's work, first on the page: one list per kind of work their roles do.</summary>
    public IReadOnlyList<WorkList> Queue { get; private set; } = [];

    /// <summary>What the caller just did from the queue (the handler's redirect says it), shown once at the top.</summary>
    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true, Name = "done")]
    public string? Done { get; set; }
    public string RoleSummary { get; private set; } = "";
    public DateOnly Today { get; private set; }
    /// <summary>
    /// What the page shows below the work queue, read in some fifteen queries: kept for the data version, the viewer and
    /// the minute (signing deadlines pass by the minute), as the queue is (<see cref="VersionedCache"/>). Filled once when
    /// worked out, then shared: read only.
    /// </summary>
    public sealed class Figures
    {
        public int ActivePeople { get; set; }
        public int Teams { get; set; }
        public Employee? Me { get; set; }
        public IReadOnlyList<Person> DirectReports { get; set; } = [];
        public IReadOnlyList<AuditEntry> RecentChanges { get; set; } = [];
        public AuditReading? Reading { get; set; }
        public IReadOnlyList<Notification> Notifications { get; set; } = [];

        public bool ShowsBudgets { get; set; }
        public int FiscalYear { get; set; }
        public IReadOnlyList<BudgetPosition> Budgets { get; set; } = [];

        public bool ShowsAgreementDesk { get; set; }
        public int AwaitingEmployeeSignature { get; set; }
        public int ExpiredUnsigned { get; set; }
        public int DraftCases { get; set; }

        public IReadOnlyList<SessionRow> SessionsThisWeek { get; set; } = [];
        public bool ShowsTeamGaps { get; set; }
        public IReadOnlyList<GapRow> BiggestGaps { get; set; } = [];
        public decimal? MyReadiness { get; set; }
        public string? MyProfileRole { get; set; }
        public IReadOnlyList<OwnGap> MyGaps { get; set; } = [];
    }

    public Figures Shown { get; private set; } = new();

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
        Queue = await queue.ForAsync(Caller, ct);
        var now = clock.GetUtcNow();
        Today = DateOnly.FromDateTime(now.UtcDateTime);
        Shown = await versioned.GetOrCreateAsync(("home page", VersionedCache.Viewer(Caller), now.ToUnixTimeSeconds() / 60), () => ReadAsync(now, ct), ct);
    }

    private async Task<Figures> ReadAsync(DateTimeOffset now, CancellationToken ct)
    {
        var shown = new Figures { FiscalYear = Today.Year };
        var people = await scope.EmployeesAsync(Caller, ct);
        shown.ActivePeople = await people.CountAsync(e => e.Status == EmploymentStatus.Active, ct);
        shown.Teams = await (await scope.TeamsAsync(Caller, ct)).CountAsync(ct);

        if (Caller.IsOrganizationWide)
        {
            shown.ShowsBudgets = true;
            var all = await cases.BudgetsAsync(ct);
            var year = all.Where(b => b.FiscalYear == shown.FiscalYear).ToList();
            if (year.Count == 0 && all.Count > 0)
            {
                shown.FiscalYear = all.Max(b => b.FiscalYear);
                year = [.. all.Where(b => b.FiscalYear == shown.FiscalYear)];
            }
            shown.Budgets = [.. year.OrderBy(b => b.CostCenter, StringComparer.Ordinal)];
        }
        if (BusinessCaseService.CanDraft(Caller))
        {
            shown.ShowsAgreementDesk = true;
            var visible = await agreements.VisibleAsync(Caller, ct);
            var issued = await visible.Where(a => a.Status == AgreementStatus.Issued).Select(a => a.SignBy).ToListAsync(ct);
            shown.AwaitingEmployeeSignature = issued.Count(s => s >= now);
            shown.ExpiredUnsigned = issued.Count - shown.AwaitingEmployeeSignature;
            shown.DraftCases = await (await cases.VisibleAsync(Caller, ct)).CountAsync(c => c.Status == BusinessCaseStatus.Draft, ct);
            shown.RecentChanges = await db.AuditEntries.AsNoTracking().OrderByDescending(a => a.Sequence).Take(5).ToListAsync(ct);
            shown.Reading = await AuditReading.ForAsync(db, versioned, [.. shown.RecentChanges], ct);
        }

        if (Caller.IsIn(Roles.Manager) || Caller.EmployeeId is not null)
        {
            // This week: today and the six days after it, as the sessions the caller may see.
            var weekEnd = Today.AddDays(7);
            shown.SessionsThisWeek = (await (await sessions.VisibleAsync(Caller, ct))
                .Where(s => s.Status == SessionStatus.Scheduled && s.LocalDate >= Today && s.LocalDate < weekEnd)
                .Select(s => new { s.Id, s.Title, s.LocalDate, s.LocalStart, Site = s.Site!.Name, Attendees = s.Attendees.Count })
                .ToListAsync(ct))
                .OrderBy(s => s.LocalDate).ThenBy(s => s.LocalStart).Take(8)
                .Select(s => new SessionRow(s.Id, s.Title, s.LocalDate, s.LocalStart, s.Site, s.Attendees)).ToList();
        }
        if (Caller.IsIn(Roles.Manager) && !Caller.IsOrganizationWide)
        {
            shown.ShowsTeamGaps = true;
            var map = await gaps.HeatMapAsync(Caller, null, null, ct);
            shown.BiggestGaps = [.. map.Rows.Where(r => r.EmployeeId != Caller.EmployeeId && r.TotalWeightedGap > 0)
                .OrderByDescending(r => r.TotalWeightedGap).Take(5)
                .Select(r => new GapRow(r.EmployeeId, r.Name, r.TotalWeightedGap, r.Readiness))];
        }

        if (Caller.EmployeeId is { } self)
        {
            shown.Me = await db.Employees.AsNoTracking().Include(e => e.Team).FirstOrDefaultAsync(e => e.Id == self, ct);
            // Version 7 ids sort by creation time: the newest reminders first.
            shown.Notifications = await db.Notifications.AsNoTracking().Where(n => n.EmployeeId == self && n.ReadAt == null)
                .OrderByDescending(n => n.Id).Take(10).ToListAsync(ct);
            // Only the reports the caller may open: a supervisor with the employee role sees their own record only.
            shown.DirectReports = await people
                .Where(e => e.ManagerId == self && e.Status == EmploymentStatus.Active)
                .OrderBy(e => e.LastName).ThenBy(e => e.FirstName)
                .Select(e => new Person(e.Id, e.FirstName + " " + e.LastName, e.Title))
                .ToListAsync(ct);
            var mine = await gaps.ForPersonAsync(Caller, self, null, ct);
            if (mine is not null && mine.Profile.Lines.Count > 0)
            {
                shown.MyReadiness = mine.Profile.Readiness;
                shown.MyProfileRole = mine.Role;
                shown.MyGaps = [.. mine.Profile.Lines.Where(l => l.WeightedGap > 0).OrderByDescending(l => l.WeightedGap).Take(3)
                    .Select(l => new OwnGap(mine.Names.GetValueOrDefault(l.Competency) ?? l.Competency, l.Required, l.WeightedGap))];
            }
        }
        return shown;
    }
}
