using System.ComponentModel.DataAnnotations;

namespace CertDesk.Features.Repayments;

/// <summary>
/// Record a separation in two steps, without JavaScript: the form's one button previews what each agreement in force
/// would owe (<see cref="SeparationService.PreviewAsync"/>, the repayment calculation itself); only the confirmation
/// under the preview, which carries the previewed date and reason, records it. A post that is not that confirmation
/// shows the preview instead of saving. The API records in one call, as before.
/// </summary>
// The role is checked before the form is validated: a refused caller gets 403, not a list of field errors.
[Authorize(Policy = Policies.RunsProgram)]
public sealed class SeparateModel(CertDeskDbContext db, SeparationService service) : PageModel
{
    public sealed class InputModel
    {
        [Required, Display(Name = "Separation date")]
        public DateOnly? SeparationDate { get; set; }

        [Required]
        public string Reason { get; set; } = "resignation";

        /// <summary>True only from the confirmation under a preview: the date and reason are the previewed ones.</summary>
        public bool Confirmed { get; set; }
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public Employee Employee { get; private set; } = null!;

    /// <summary>What each open agreement would owe, shown before saving (null until previewed).</summary>
    public IReadOnlyList<SeparationPreviewRow>? Preview { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!SeparationService.CanRecord(Caller.From(User)))
        {
            return Forbid();
        }
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (!Input.Confirmed)
        {
            return await OnPostPreviewAsync(id, ct);
        }
        if (ModelState.IsValid)
        {
            var outcome = await service.RecordAsync(Caller.From(User), new SeparationInput(id, Input.SeparationDate, Input.Reason), ct);
            return await this.AnswerAsync(outcome, _ => RedirectToPage("/Repayments/Index"), Again);
        }
        return await Again();

        async Task<IActionResult> Again() => await LoadAsync(id, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostPreviewAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var outcome = await service.PreviewAsync(Caller.From(User), new SeparationInput(id, Input.SeparationDate, Input.Reason), ct);
        Preview = outcome.IsOk ? outcome.Value : null;
        // The reasons go to the summary above the form: the preview has no field of its own to put them beside.
        return await this.AnswerAsync(outcome, _ => Page(), () => Task.FromResult<IActionResult>(Page()), invalid: errors =>
        {
            foreach (var e in errors.Values.SelectMany(v => v))
            {
                ModelState.AddModelError(string.Empty, e);
            }
        });
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var employee = await db.Employees.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, ct);
        if (employee is null)
        {
            return false;
        }
        Employee = employee;
        return true;
    }
}
