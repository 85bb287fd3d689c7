using System.ComponentModel.DataAnnotations;
using CertDesk.Files;

namespace CertDesk.Features.Gaps;

[SolverRoute]
[Authorize(Policy = Policies.ManagesPeople)]
public sealed class PlanModel(CohortPlanning planning, GapAnalysis gaps) : PageModel
{
    public sealed class InputModel
    {
        public string? Team { get; set; }
        public string? Role { get; set; } = "Supervisor";
        public string? Employees { get; set; }
        [Required] public decimal? Budget { get; set; } = 20000m;
        [Required] public DateOnly? From { get; set; }
        [Required] public DateOnly? To { get; set; }
        [Required] public int? MaxAway { get; set; } = 2;
    }

    [BindProperty] public InputModel Input { get; set; } = new();

    public CohortPlanResult? Result { get; private set; }
    public GapsOptions Assumptions => gaps.Options;

    public void OnGet()
    {
        var monday = gaps.Today.AddDays(((int)DayOfWeek.Monday - (int)gaps.Today.DayOfWeek + 7) % 7 + 7);
        Input.From ??= monday;
        Input.To ??= monday.AddDays(12 * 7 - 1);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct) => await RunAsync(null, ct);

    public async Task<IActionResult> OnPostCsvAsync(CancellationToken ct) => await RunAsync("csv", ct);

    public async Task<IActionResult> OnPostXlsxAsync(CancellationToken ct) => await RunAsync("xlsx", ct);

    private async Task<IActionResult> RunAsync(string? export, CancellationToken ct)
    {
        var input = new CohortPlanInput(
            Input.Employees?.Split([',', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            Input.Team, Input.Role, Input.Budget, Input.From, Input.To, Input.MaxAway);
        var outcome = await planning.PlanAsync(Caller.From(User), input, ct);
        if (outcome.Value is not { } result)
        {
            ModelState.AddFieldErrors(outcome.Errors);
            return Page();
        }
        return export switch
        {
            "csv" => File(CsvTable.Utf8(CohortPlanning.ToCsv(result), CsvTable.WantsByteOrderMark(Request.Query["bom"])), "text/csv", "cohort-plan.csv"),
            "xlsx" => File(CohortPlanning.ToXlsx(result), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "cohort-plan.xlsx"),
            _ => SetResult(result),
        };
    }

    private PageResult SetResult(CohortPlanResult result)
    {
        Result = result;
        return Page();
    }
}
