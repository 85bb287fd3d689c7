using System.ComponentModel.DataAnnotations;
using CertDesk.Features.Accounts;
using CertDesk.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CertDesk.Features.BusinessCases;

[Authorize(Policy = Policies.OrganizationWide)]
public sealed class BudgetsModel(BusinessCaseService service) : PageModel
{
    public sealed class InputModel
    {
        [Range(2000, 2100), Display(Name = "Fiscal year")]
        public int FiscalYear { get; set; }

        [Required, StringLength(64), Display(Name = "Cost center")]
        public string CostCenter { get; set; } = "";

        [Range(0, 1_000_000_000)]
        public decimal Amount { get; set; }
    }

    public IReadOnlyList<BudgetPosition> Budgets { get; private set; } = [];
    public bool IsAdmin { get; private set; }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        // Only an administrator sets budgets: refuse before validating the form, so others get 403, not field errors.
        if (!Caller.From(User).IsIn(Roles.Admin))
        {
            return Forbid();
        }
        if (ModelState.IsValid)
        {
            var outcome = await service.SetBudgetAsync(Caller.From(User), Input.FiscalYear, Input.CostCenter, Input.Amount, ct);
            if (outcome.Kind == Shared.OutcomeKind.Forbidden)
            {
                return Forbid();
            }
            if (outcome.IsOk)
            {
                return RedirectToPage();
            }
            ModelState.AddModelError(string.Empty, outcome.FirstError);
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        IsAdmin = Caller.From(User).IsIn(Roles.Admin);
        Budgets = await service.BudgetsAsync(ct);
    }
}
