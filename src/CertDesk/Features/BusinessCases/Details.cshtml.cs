namespace CertDesk.Features.BusinessCases;

public sealed class DetailsModel(BusinessCaseService service, Data.CertDeskDbContext db) : PageModel
{
    public BusinessCaseDto Case { get; private set; } = null!;
    public BudgetPosition Budget { get; private set; } = null!;
    public bool CanDraft { get; private set; }
    public bool CanDecide { get; private set; }
    public string? DecidedByName { get; private set; }

    [BindProperty]
    public string? Comment { get; set; }

    [TempData]
    public string? Message { get; set; }

    /// <summary>"/" when the action was taken from the home page's queue: go back there (WorkQueue.BackTo).</summary>
    [BindProperty]
    public string? Back { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostSubmitAsync(Guid id, CancellationToken ct) =>
        await AfterAsync(id, await service.SubmitAsync(Caller.From(User), id, ct), "Submitted for approval.", ct);

    public async Task<IActionResult> OnPostApproveAsync(Guid id, CancellationToken ct) =>
        await AfterAsync(id, await service.DecideAsync(Caller.From(User), id, approve: true, Comment, ct), "Approved.", ct);

    public async Task<IActionResult> OnPostRejectAsync(Guid id, CancellationToken ct) =>
        await AfterAsync(id, await service.DecideAsync(Caller.From(User), id, approve: false, Comment, ct), "Rejected.", ct);

    public async Task<IActionResult> OnPostReturnAsync(Guid id, CancellationToken ct) =>
        await AfterAsync(id, await service.ReturnAsync(Caller.From(User), id, Comment, ct), "Returned for changes.", ct);

    private async Task<IActionResult> AfterAsync(Guid id, Outcome<BusinessCase> outcome, string done, CancellationToken ct) =>
        await this.AnswerAsync(outcome, _ => this.RedirectWhenDone(Back, done, new { id }, message => Message = message),
            async () => await LoadAsync(id, ct) ? Page() : NotFound());

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var caller = Caller.From(User);
        var c = await service.FindAsync(caller, id, ct);
        if (c is null)
        {
            return false;
        }
        Case = BusinessCaseDto.From(c);
        DecidedByName = c.DecidedBy is null ? null : await UserNames.OfAsync(db, c.DecidedBy, ct);
        Budget = await service.PositionAsync(c.FiscalYear, c.CostCenter, ct);
        CanDraft = BusinessCaseService.CanDraft(caller);
        CanDecide = BusinessCaseService.CanDecide(caller);
        return true;
    }
}
