using System.ComponentModel.DataAnnotations;
using CertDesk.Features.TuitionPolicies;

namespace CertDesk.Features.Agreements;

// The role is checked before the form is validated: a refused caller gets 403, not a list of field errors.
[Authorize(Policy = Policies.RunsProgram)]
public sealed class IssueModel(CertDeskDbContext db, AgreementService service, PeoplePicker picker) : PageModel
{
    public sealed class InputModel
    {
        [Display(Name = "Approved business case")]
        public Guid? BusinessCaseId { get; set; }

        /// <summary>The person, without a business case: a picked entry, a name or an employee id (<see cref="PeoplePicker"/>).</summary>
        [Display(Name = "Person (without a business case)")]
        public string? EmployeeNumber { get; set; }

        [Required, Display(Name = "Policy version")]
        public Guid? PolicyId { get; set; }

        [Display(Name = "Certification code")]
        public string? CertificationCode { get; set; }

        [Display(Name = "Certification name")]
        public string? CertificationName { get; set; }

        [Display(Name = "Funded amount (empty = the case's fees, materials and travel)")]
        public decimal? FundedAmount { get; set; }

        [Display(Name = "Tax treatment")]
        public string TaxTreatment { get; set; } = "section127";

        [Range(1, 90), Display(Name = "Days to sign")]
        public int SignWithinDays { get; set; } = 14;
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public IReadOnlyList<(Guid Id, string Label)> PolicyChoices { get; private set; } = [];

    /// <summary>The people HR may choose from (the picker's list).</summary>
    public IReadOnlyList<PersonChoice> People { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid? businessCaseId, CancellationToken ct)
    {
        if (!AgreementService.CanIssue(Caller.From(User)))
        {
            return Forbid();
        }
        Input.BusinessCaseId = businessCaseId;
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            Guid? employeeId = null;
            if (!string.IsNullOrWhiteSpace(Input.EmployeeNumber))
            {
                var number = PeoplePicker.Resolve(Input.EmployeeNumber, await picker.ChoicesAsync(Caller.From(User), ct), out var ambiguous);
                if (ambiguous is not null)
                {
                    ModelState.AddModelError("Input.EmployeeNumber", ambiguous);
                    return await Again();
                }
                employeeId = await db.Employees.Where(e => e.EmployeeNumber == number).Select(e => (Guid?)e.Id).FirstOrDefaultAsync(ct) ?? Guid.Empty;
            }
            var outcome = await service.IssueAsync(Caller.From(User), new IssueInput(Input.BusinessCaseId, employeeId, Input.PolicyId,
                NullIfEmpty(Input.CertificationCode), NullIfEmpty(Input.CertificationName), Input.FundedAmount, Input.TaxTreatment, null, Input.SignWithinDays, null), ct);
            return await this.AnswerAsync(outcome, agreement => RedirectToPage("/Agreements/Details", new { id = agreement.Id }), Again);
        }
        return await Again();

        async Task<IActionResult> Again()
        {
            await LoadAsync(ct);
            return Page();
        }
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;

    private async Task LoadAsync(CancellationToken ct)
    {
        People = await picker.ChoicesAsync(Caller.From(User), ct);
        PolicyChoices = [.. (await db.TuitionPolicies.AsNoTracking().Where(p => p.Status == PolicyStatus.Published).OrderBy(p => p.Code).ThenByDescending(p => p.VersionNumber).ToListAsync(ct))
            .Select(p => (p.Id, $"{p.Code} v{p.VersionNumber}: {p.Name}"))];
    }
}
