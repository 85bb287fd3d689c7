namespace CertDesk.Features.TuitionPolicies;

public sealed class DetailsModel(CertDeskDbContext db, PolicyService service) : PageModel
{
    public PolicyDto Policy { get; private set; } = null!;
    public bool CanEdit { get; private set; }
    public bool CanPublish { get; private set; }

    /// <summary>"/" when published from the home page's queue (WorkQueue.BackTo).</summary>
    [BindProperty]
    public string? Back { get; set; }
    public string? PublishedByName { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostPublishAsync(Guid id, CancellationToken ct) => await AfterAsync(id, await service.PublishAsync(Caller.From(User), id, ct), ct);

    public async Task<IActionResult> OnPostNewVersionAsync(Guid id, CancellationToken ct) => await AfterAsync(id, await service.NewVersionAsync(Caller.From(User), id, ct), ct);

    private async Task<IActionResult> AfterAsync(Guid id, Outcome<TuitionPolicy> outcome, CancellationToken ct)
    {
        return await this.AnswerAsync(outcome, policy =>
            Shared.WorkQueue.BackTo(Back, $"Published {policy.Name}, version {policy.VersionNumber}.") is { } home
                ? LocalRedirect(home)
                : RedirectToPage(new { id = policy.Id }),
            async () => await LoadAsync(id, ct) ? Page() : NotFound());
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var caller = Caller.From(User);
        CanEdit = PolicyService.CanEdit(caller);
        CanPublish = PolicyService.CanPublish(caller);
        var p = await db.TuitionPolicies.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (p is null || (p.Status != PolicyStatus.Published && !CanEdit))
        {
            return false;
        }
        Policy = PolicyDto.From(p);
        PublishedByName = p.PublishedBy is null ? null : await UserNames.OfAsync(db, p.PublishedBy, ct);
        return true;
    }
}
