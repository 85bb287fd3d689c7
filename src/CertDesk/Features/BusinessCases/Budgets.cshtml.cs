using System.ComponentModel.DataAnnotations;

namespace CertDesk.Features.BusinessCases;

/// <summary>/BusinessCases/Budgets: each fiscal year's budget per cost center against the approved business cases (in memory: few rows); an administrator sets them.</summary>
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

    public TableView<BudgetPosition> Table { get; private set; } = null!;
    public bool IsAdmin { get; private set; }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        var budgets = await service.BudgetsAsync(ct);
        return await Spec(budgets).CsvAsync(budgets.AsQueryable(), Request.Query, ct);
    }

    /// <summary>The business cases behind a budget line: that year's cases searched by the cost center.</summary>
    public static string CasesLink(BudgetPosition b) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/BusinessCases",
            new Dictionary<string, string?> { ["year"] = b.FiscalYear.ToString(CultureInfo.InvariantCulture), ["q"] = b.CostCenter });

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
            return await this.AnswerAsync(outcome, _ => RedirectToPage(), Again);
        }
        return await Again();

        async Task<IActionResult> Again()
        {
            await LoadAsync(ct);
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        IsAdmin = Caller.From(User).IsIn(Roles.Admin);
        var budgets = await service.BudgetsAsync(ct);
        Table = await Spec(budgets).PageAsync(budgets.AsQueryable(), Request.Query, ct);
    }

    private static Table<BudgetPosition> Spec(IReadOnlyList<BudgetPosition> rows) =>
        new Table<BudgetPosition>("/BusinessCases/Budgets", "budgets", pageSize: 50)
            .Column("year", "Fiscal year", b => b.FiscalYear, numeric: true)
            .Column("costcenter", "Cost center", b => b.CostCenter)
            .Column("budget", "Budget", b => b.Amount, numeric: true)
            .Column("approved", "Approved", b => b.Committed, numeric: true)
            .Column("remaining", "Remaining", b => b.Remaining, numeric: true)
            .SortBy("year", descending: true)
            .ThenBy(b => b.CostCenter)
            .SearchIn("Cost center", b => b.CostCenter)
            .Filter("year", "Year shown", TableOption.Choices("All years", rows.Select(r => r.FiscalYear.ToString(CultureInfo.InvariantCulture))),
                v => b => b.FiscalYear.ToString(CultureInfo.InvariantCulture) == v)
            .Filter("state", "Remaining", [new("", "Any"), new("over", "Over budget"), new("left", "Money left")],
                v => v == "over" ? b => b.Remaining < 0 : b => b.Remaining > 0);
}
