namespace CertDesk.Features.Scheduling.Sessions;

/// <summary>
/// One session: when and where, who, the interval-by-interval impact with its chart, the invite, and the way to cancel
/// (on its own confirmation page, <see cref="CancelModel"/>: a cancellation e-mails everyone and cannot be undone).
/// </summary>
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
}
