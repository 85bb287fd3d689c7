using System.ComponentModel.DataAnnotations;

namespace CertDesk.Features.Scheduling.Sessions;

/// <summary>
/// /Scheduling/Sessions/Cancel/{id}: cancelling a session cannot be undone and e-mails everyone on the invite, so the
/// page says who will be told and asks why before it happens. A plain form (no JavaScript); the reason goes into each
/// cancellation e-mail. The API's cancel is unchanged (no reason, no confirmation).
/// </summary>
[Authorize(Policy = Policies.ManagesPeople)]
public sealed class CancelModel(SessionService sessions, CertDeskDbContext db) : PageModel
{
    public const int MaxReasonLength = 500;

    [BindProperty, Required(ErrorMessage = "Say why the session is cancelled: everyone on the invite reads it."), StringLength(MaxReasonLength)]
    [Display(Name = "Why it is cancelled")]
    public string? Reason { get; set; }

    public SessionDto Session { get; private set; } = null!;

    /// <summary>Everyone the cancellation is e-mailed to: the attendees and, when not one of them, the organizer.</summary>
    public IReadOnlyList<string> Told { get; private set; } = [];

    public string? Organizer { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } answered)
        {
            return answered;
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var outcome = await sessions.CancelAsync(Caller.From(User), id, Reason, ct);
        return outcome.IsOk ? RedirectToPage("/Scheduling/Sessions/Details", new { id })
            : outcome.Kind == OutcomeKind.Forbidden ? Forbid() : NotFound();
    }

    /// <summary>The session as the caller may see it; an answer instead of the page when it is not theirs to cancel.</summary>
    private async Task<IActionResult?> LoadAsync(Guid id, CancellationToken ct)
    {
        var caller = Caller.From(User);
        if (!caller.IsOrganizationWide && !caller.IsIn(Roles.Manager))
        {
            return Forbid();
        }
        var session = await sessions.GetAsync(caller, id, ct);
        if (session is null)
        {
            return NotFound();
        }
        if (session.Status == "cancelled")
        {
            return RedirectToPage("/Scheduling/Sessions/Details", new { id });
        }
        Session = session;
        var organizer = await db.Sessions.AsNoTracking().Where(s => s.Id == id && s.Organizer != null)
            .Select(s => new { s.Organizer!.Id, s.Organizer.FirstName, s.Organizer.LastName }).FirstOrDefaultAsync(ct);
        Organizer = organizer is null ? null : $"{organizer.FirstName} {organizer.LastName}";
        var told = session.Attendees.OrderBy(a => a.Name, StringComparer.Ordinal).Select(a => a.Name).ToList();
        if (organizer is not null && !session.Attendees.Any(a => a.Id == organizer.Id))
        {
            told.Add($"{Organizer} (organizer)");
        }
        Told = told;
        return null;
    }
}
