namespace CertDesk.Features.TuitionPolicies;

/// <summary>
/// /TuitionPolicies/Publish/{id}: what publishing a draft means, before it happens (a published version never changes).
/// Works without JavaScript: the form posts to the details page's Publish handler.
/// </summary>
[Authorize(Policy = Policies.Admin)]
public sealed class PublishModel(CertDeskDbContext db) : PageModel
{
    public PolicyDto Policy { get; private set; } = null!;

    /// <summary>"/" when the confirmation was opened from the home page's queue: go back there after publishing.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Back { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var p = await db.TuitionPolicies.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (p is null)
        {
            return NotFound();
        }
        if (p.Status != PolicyStatus.Draft || !PolicyService.CanPublish(Caller.From(User)))
        {
            return RedirectToPage("/TuitionPolicies/Details", new { id });
        }
        Policy = PolicyDto.From(p);
        return Page();
    }
}
