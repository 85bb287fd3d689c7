using CertDesk.Features.BusinessCases;

namespace CertDesk.Features.Requests;

/// <summary>One request: its stage, cost, the policy version it was checked against, and the actions of whoever acts now.</summary>
public sealed class DetailsModel(RequestService service, BusinessCaseService cases) : PageModel
{
    public RequestDto Item { get; private set; } = null!;
    public BudgetPosition? Budget { get; private set; }
    public bool CanDecide { get; private set; }
    public bool CanWithdraw { get; private set; }
    public bool CanResubmit { get; private set; }

    [BindProperty]
    public string? Comment { get; set; }

    [BindProperty]
    public string? Justification { get; set; }

    [TempData]
    public string? Message { get; set; }

    /// <summary>"/" when the action was taken from the home page's queue: go back there (WorkQueue.BackTo).</summary>
    [BindProperty]
    public string? Back { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostApproveAsync(Guid id, CancellationToken ct) =>
        await AfterAsync(id, await service.DecideAsync(Caller.From(User), id, RequestDecision.Approve, Comment, ct), "Approved.", ct);

    public async Task<IActionResult> OnPostReturnAsync(Guid id, CancellationToken ct) =>
        await AfterAsync(id, await service.DecideAsync(Caller.From(User), id, RequestDecision.Return, Comment, ct), "Returned for changes.", ct);

    public async Task<IActionResult> OnPostRejectAsync(Guid id, CancellationToken ct) =>
        await AfterAsync(id, await service.DecideAsync(Caller.From(User), id, RequestDecision.Reject, Comment, ct), "Rejected.", ct);

    public async Task<IActionResult> OnPostWithdrawAsync(Guid id, CancellationToken ct) =>
        await AfterAsync(id, await service.WithdrawAsync(Caller.From(User), id, ct), "Withdrawn.", ct);

    public async Task<IActionResult> OnPostResubmitAsync(Guid id, CancellationToken ct) =>
        await AfterAsync(id, await service.ResubmitAsync(Caller.From(User), id, Justification, ct), "Sent again.", ct);

    private async Task<IActionResult> AfterAsync(Guid id, Outcome<CertificationRequest> outcome, string done, CancellationToken ct) =>
        await this.AnswerAsync(outcome, _ => this.RedirectWhenDone(Back, done, new { id }, message => Message = message),
            async () => await LoadAsync(id, ct) ? Page() : NotFound());

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var caller = Caller.From(User);
        var r = await service.FindAsync(caller, id, ct);
        if (r is null)
        {
            return false;
        }
        Item = RequestDto.From(r);
        var status = r.BusinessCase!.Status;
        CanDecide = (status == BusinessCaseStatus.Requested && RequestService.IsManagerOf(caller, r))
            || (status == BusinessCaseStatus.Submitted && BusinessCaseService.CanDecide(caller));
        CanWithdraw = RequestService.IsOpen(status) && RequestService.IsRequester(caller, r);
        CanResubmit = status == BusinessCaseStatus.Draft && RequestService.IsRequester(caller, r);
        if (status == BusinessCaseStatus.Submitted || status == BusinessCaseStatus.Approved)
        {
            Budget = await cases.PositionAsync(r.BusinessCase.FiscalYear, r.BusinessCase.CostCenter, ct);
        }
        return true;
    }
}
