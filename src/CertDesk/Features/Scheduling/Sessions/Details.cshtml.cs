namespace CertDesk.Features.Scheduling.Sessions;

/// <summary>One session: when and where, who, the interval-by-interval impact with its chart, the invite, cancel.</summary>
public sealed class DetailsModel(SessionService sessions, SessionPlanning planning) : PageModel
{
    public SessionDto Session { get; private set; } = null!;
    public ImpactDto Impact { get; private set; } = null!;
    public bool CanEdit { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var caller = Caller.From(User);
        var session = await sessions.GetAsync(caller, id, ct);
        if (session is null)
        {
            return NotFound();
        }
        Session = session;
        Impact = (await planning.ImpactAsync(caller, id, ct))!;
        CanEdit = (caller.IsOrganizationWide || caller.IsIn(Roles.Manager)) && session.Status != "cancelled";
        return Page();
    }

    public async Task<IActionResult> OnPostCancelAsync(Guid id, CancellationToken ct)
    {
        var caller = Caller.From(User);
        if (!caller.IsOrganizationWide && !caller.IsIn(Roles.Manager))
        {
            return Forbid();
        }
        var outcome = await sessions.CancelAsync(caller, id, ct);
        return outcome.IsOk ? RedirectToPage(new { id }) : outcome.Kind == OutcomeKind.Forbidden ? Forbid() : NotFound();
    }
}
