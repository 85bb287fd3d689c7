using CertDesk.Features.ActionPlans;
using CertDesk.Features.Credentials;
using CertDesk.Features.Enrollments;

namespace CertDesk.Features.Dashboards;

/// <summary>Per person: my plan, my certifications, what is due.</summary>
public sealed class MeModel(EnrollmentService enrollments, CredentialService credentials, ActionPlanService plans, FollowQueries queries, CertDeskDbContext db,
    VersionedCache versioned) : PageModel
{
    /// <summary>What the page shows, read in six queries: kept for the data version and viewer (<see cref="VersionedCache"/>), read only.</summary>
    private sealed record Mine(IReadOnlyList<DueItem> Due, IReadOnlyList<EnrollmentDto> Enrollments, IReadOnlyList<CredentialDto> Credentials,
        IReadOnlyList<ActionPlanDto> Plans, IReadOnlyList<(Guid Id, string Code, string Name)> Certifications);

    public IReadOnlyList<DueItem> Due { get; private set; } = [];
    public IReadOnlyList<EnrollmentDto> Enrollments { get; private set; } = [];
    public IReadOnlyList<CredentialDto> Credentials { get; private set; } = [];
    public IReadOnlyList<ActionPlanDto> Plans { get; private set; } = [];
    public IReadOnlyList<(Guid Id, string Code, string Name)> Certifications { get; private set; } = [];
    public string? Error { get; private set; }
    [TempData] public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var caller = Caller.From(User);
        if (caller.EmployeeId is not { } me)
        {
            return;
        }
        var mine = await versioned.GetOrCreateAsync(("my dashboard", VersionedCache.Viewer(caller)), async () => new Mine(
            await queries.DueForAsync(me, ct),
            (await enrollments.ListAsync(caller, me, null, 1, 200, ct)).Items,
            (await credentials.ListAsync(caller, me, 1, 200, ct)).Items,
            await plans.ListAsync(caller, me, ct),
            [.. (await db.Certifications.AsNoTracking().OrderBy(c => c.Code).Select(c => new { c.Id, c.Code, c.Name }).ToListAsync(ct)).Select(c => (c.Id, c.Code, c.Name))]), ct);
        (Due, Enrollments, Credentials, Plans, Certifications) = (mine.Due, mine.Enrollments, mine.Credentials, mine.Plans, mine.Certifications);
    }

    /// <summary>The person plans a certification for themself; their manager approves it.</summary>
    public async Task<IActionResult> OnPostPlanAsync(Guid? certificationId, DateOnly? deadline, CancellationToken ct)
    {
        var caller = Caller.From(User);
        var outcome = await enrollments.CreateAsync(caller, new EnrollmentInput(caller.EmployeeId, certificationId, "manual", null, deadline, null, null), ct);
        if (outcome.Value is { } created)
        {
            Message = "Planned: your manager approves it next.";
            return Redirect($"/Enrollments/Details/{created.Id}");
        }
        Error = outcome.Message;
        Response.StatusCode = OutcomePages.StatusOf(outcome);
        await OnGetAsync(ct);
        return Page();
    }
}
