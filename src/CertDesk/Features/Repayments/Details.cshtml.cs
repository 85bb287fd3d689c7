namespace CertDesk.Features.Repayments;

[Authorize(Policy = Policies.OrganizationWide)]
public sealed class DetailsModel(RepaymentService service) : PageModel
{
    public sealed class EntryForm
    {
        public string Kind { get; set; } = "payment";
        public DateOnly? Date { get; set; }
        public decimal? Amount { get; set; }
        public int? Installments { get; set; }
        public string? Note { get; set; }
    }

    public RepaymentDto Repayment { get; private set; } = null!;
    public bool CanRecord { get; private set; }
    public bool CanWaive { get; private set; }

    [BindProperty]
    public EntryForm Entry { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var outcome = await service.RecordAsync(Caller.From(User), id, new LedgerInput(Entry.Kind, Entry.Date, Entry.Amount, Entry.Note, Entry.Installments), ct);
        return await this.AnswerAsync(outcome, _ => RedirectToPage(new { id }), async () => await LoadAsync(id, ct) ? Page() : NotFound());
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var r = await service.Query().AsSplitQuery().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (r is null)
        {
            return false;
        }
        var caller = Caller.From(User);
        Repayment = RepaymentDto.From(r);
        CanRecord = RepaymentService.CanRecord(caller);
        CanWaive = RepaymentService.CanWaive(caller);
        return true;
    }
}
