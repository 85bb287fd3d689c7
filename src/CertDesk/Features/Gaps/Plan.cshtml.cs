using System.ComponentModel.DataAnnotations;
using CertDesk.Files;

namespace CertDesk.Features.Gaps;

[SolverRoute]
[Authorize(Policy = Policies.ManagesPeople)]
public sealed class PlanModel(CohortPlanning planning, GapAnalysis gaps, PeoplePicker picker) : PageModel
{
    public sealed class InputModel
    {
        public string? Team { get; set; }
        public string? Role { get; set; } = "Supervisor";
        /// <summary>
        /// The people to plan for, one per field of the people picker ("Jane Doe (E0021)", a name or an employee id); a
        /// field may also hold several ids separated by commas or spaces, as the single field did. None: the team and role decide.
        /// </summary>
        public List<string> Employees { get; set; } = [];
        [Required] public decimal? Budget { get; set; } = 20000m;
        [Required] public DateOnly? From { get; set; }
        [Required] public DateOnly? To { get; set; }
        [Required] public int? MaxAway { get; set; } = 2;
    }

    [BindProperty] public InputModel Input { get; set; } = new();

    public CohortPlanResult? Result { get; private set; }

    /// <summary>The active people the caller may plan for: the people picker's list.</summary>
    public IReadOnlyList<PersonChoice> People { get; private set; } = [];

    /// <summary>The chosen people as their fields show them ("Jane Doe (E0021)"), each once.</summary>
    public IReadOnlyList<string> EmployeeEntries => Input.Employees.SelectMany(Split).Select(e => PeoplePicker.Show(e, People)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    public GapsOptions Assumptions => gaps.Options;

    public async Task OnGetAsync(CancellationToken ct)
    {
        People = await picker.ChoicesAsync(Caller.From(User), ct);
        var monday = gaps.Today.AddDays(((int)DayOfWeek.Monday - (int)gaps.Today.DayOfWeek + 7) % 7 + 7);
        Input.From ??= monday;
        Input.To ??= monday.AddDays(12 * 7 - 1);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct) => await RunAsync(null, ct);

    public async Task<IActionResult> OnPostCsvAsync(CancellationToken ct) => await RunAsync("csv", ct);

    public async Task<IActionResult> OnPostXlsxAsync(CancellationToken ct) => await RunAsync("xlsx", ct);

    private async Task<IActionResult> RunAsync(string? export, CancellationToken ct)
    {
        People = await picker.ChoicesAsync(Caller.From(User), ct);
        var numbers = ResolvePeople();
        var input = new CohortPlanInput(numbers.Count == 0 ? null : numbers, Input.Team, Input.Role, Input.Budget, Input.From, Input.To, Input.MaxAway);
        if (!ModelState.IsValid)
        {
            // Someone not found: the other mistakes are reported with it, and nothing is solved for a different group.
            ModelState.AddFieldErrors(CohortPlanning.Validate(input));
            return Page();
        }
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

    /// <summary>
    /// The employee ids of the chosen people, each read as the people picker reads one person; a name two people share,
    /// or someone the caller may not plan for, is an error on the form.
    /// </summary>
    private List<string> ResolvePeople()
    {
        var numbers = new List<string>();
        foreach (var typed in Input.Employees.SelectMany(Split).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var number = PeoplePicker.Resolve(typed, People, out var ambiguous);
            if (ambiguous is not null)
            {
                ModelState.AddModelError(string.Empty, $"People: {ambiguous}");
            }
            else if (!People.Any(p => p.Number == number))
            {
                ModelState.AddModelError(string.Empty, $"People: \"{typed}\" is not an active person you can plan for; pick the person from the list.");
            }
            else if (!numbers.Contains(number))
            {
                numbers.Add(number);
            }
        }
        return numbers;
    }

    /// <summary>
    /// The entries of one field: split at commas, semicolons and line breaks; words that all carry digits are ids
    /// separated by spaces ("E0021 E0022", as the single field allowed), while a name keeps its spaces.
    /// </summary>
    private static IEnumerable<string> Split(string? field) =>
        (field ?? "").Split([',', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .SelectMany(piece => piece.Split(' ', StringSplitOptions.RemoveEmptyEntries) is var words && words.All(w => w.Any(char.IsAsciiDigit)) ? words : [piece]);

    private PageResult SetResult(CohortPlanResult result)
    {
        Result = result;
        return Page();
    }
}
