using System.ComponentModel.DataAnnotations;

namespace CertDesk.Features.BusinessCases;

// The role is checked before the form is validated: a refused caller gets 403, not a list of field errors.
[Authorize(Policy = Policies.RunsProgram)]
public sealed class NewModel(BusinessCaseService service, PeoplePicker picker, TimeProvider clock) : PageModel
{
    public sealed class InputModel
    {
        /// <summary>The person: an entry picked from the people list, a name, or an employee id (<see cref="PeoplePicker"/>).</summary>
        [Required, Display(Name = "Person")]
        public string EmployeeNumber { get; set; } = "";

        [Required, StringLength(32), Display(Name = "Certification code")]
        public string CertificationCode { get; set; } = "";

        [Required, StringLength(200), Display(Name = "Certification name")]
        public string CertificationName { get; set; } = "";

        [Range(2000, 2100), Display(Name = "Fiscal year")]
        public int FiscalYear { get; set; }

        [Required, StringLength(64), Display(Name = "Cost center")]
        public string CostCenter { get; set; } = "";

        [Range(0, 10_000_000)]
        public decimal Fees { get; set; }

        [Range(0, 10_000_000)]
        public decimal Materials { get; set; }

        [Range(0, 10_000_000)]
        public decimal Travel { get; set; }

        [Range(0, 2000), Display(Name = "Hours away from the floor")]
        public decimal HoursAway { get; set; }

        [Range(0, 10_000_000), Display(Name = "Backfill cost")]
        public decimal Backfill { get; set; }

        [Range(1, 5), Display(Name = "Benefit years")]
        public int BenefitYears { get; set; } = 1;

        [StringLength(4000)]
        public string? Justification { get; set; }

        public string?[] BenefitName { get; set; } = new string?[3];
        public decimal?[] BenefitValue { get; set; } = new decimal?[3];
        public decimal?[] BenefitIsolation { get; set; } = new decimal?[3];
        public decimal?[] BenefitConfidence { get; set; } = new decimal?[3];
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    /// <summary>Where the pre-filled cost came from, in words (null when the form was not pre-filled).</summary>
    public string? PrefillBasis { get; private set; }

    /// <summary>The people the caller may choose from (the picker's list).</summary>
    public IReadOnlyList<PersonChoice> People { get; private set; } = [];

    /// <summary>
    /// The empty form, or with <paramref name="employee"/> (employee id) and <paramref name="certification"/> (code) the
    /// form pre-filled from the price book: the quote in force, else the published price, else the planning estimate.
    /// </summary>
    public async Task<IActionResult> OnGetAsync(string? employee, string? certification, CancellationToken ct)
    {
        var caller = Caller.From(User);
        if (!BusinessCaseService.CanDraft(caller))
        {
            return Forbid();
        }
        Input.FiscalYear = clock.GetUtcNow().Year;
        People = await picker.ChoicesAsync(caller, ct);
        if (string.IsNullOrWhiteSpace(employee) && string.IsNullOrWhiteSpace(certification))
        {
            return Page();
        }
        employee = PeoplePicker.Resolve(employee, People, out var ambiguous);
        if (ambiguous is not null)
        {
            ModelState.AddModelError(string.Empty, ambiguous);
        }
        Input.EmployeeNumber = PeoplePicker.Show(employee, People);
        Input.CertificationCode = certification?.Trim().ToUpperInvariant() ?? "";
        var prefill = await service.PrefillAsync(caller, employee, certification, ct);
        if (!prefill.IsOk)
        {
            ModelState.AddFieldErrors(prefill.Errors);
            return Page();
        }
        var (person, cert, priced) = prefill.Value!;
        Input.CertificationName = cert.Name;
        if (priced.Cost is not { } cost)
        {
            ModelState.AddModelError(string.Empty, $"The price book has no cost for {cert.Code}: no quote in force, no published price and no planning estimate. Enter the figures, or record a quote first.");
            return Page();
        }
        Input.Fees = cost.Fees;
        Input.Materials = cost.Materials;
        Input.Travel = cost.Travel;
        Input.HoursAway = Math.Round(cost.HoursAway, 2, MidpointRounding.AwayFromZero);
        Input.Backfill = cost.Backfill;
        PrefillBasis = $"Costs pre-filled for {person.FullName}. Basis: {priced.Basis} ({BusinessCaseService.SourceLabel(priced.Source).ToLowerInvariant()}).";
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        People = await picker.ChoicesAsync(Caller.From(User), ct);
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var person = PeoplePicker.Resolve(Input.EmployeeNumber, People, out var ambiguous);
        if (ambiguous is not null)
        {
            ModelState.AddModelError("Input.EmployeeNumber", ambiguous);
            return Page();
        }
        var benefits = new List<BenefitInput>();
        for (var i = 0; i < Input.BenefitName.Length; i++)
        {
            if (!string.IsNullOrWhiteSpace(Input.BenefitName[i]) || Input.BenefitValue.ElementAtOrDefault(i) is not null)
            {
                benefits.Add(new BenefitInput(Input.BenefitName[i], Input.BenefitValue.ElementAtOrDefault(i),
                    Input.BenefitIsolation.ElementAtOrDefault(i), Input.BenefitConfidence.ElementAtOrDefault(i)));
            }
        }
        var outcome = await service.CreateAsync(Caller.From(User), new BusinessCaseInput(null, person, Input.CertificationCode,
            Input.CertificationName, Input.FiscalYear, Input.CostCenter, Input.Fees, Input.Materials, Input.Travel, Input.HoursAway, Input.Backfill,
            Input.BenefitYears, Input.Justification, benefits), ct);
        return await this.AnswerAsync(outcome, created => RedirectToPage("/BusinessCases/Details", new { id = created.Id }), () => Task.FromResult<IActionResult>(Page()));
    }
}
