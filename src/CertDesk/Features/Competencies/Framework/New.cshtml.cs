using System.ComponentModel.DataAnnotations;

namespace CertDesk.Features.Competencies.Framework;

/// <summary>
/// Add a competency to the framework (program manager, admin) with <see cref="CompetencyRules"/>, the rules of the API
/// and of <c>import competencies</c>: category, name and levels 1-5 described. Invalid input writes nothing.
/// </summary>
[Authorize(Policy = Policies.RunsProgram)]
public sealed class NewModel(FrameworkService framework, CertDeskDbContext db) : PageModel
{
    public sealed class InputModel
    {
        [Display(Name = "Code (e.g. WFM)")] public string? Code { get; set; }
        public string? Name { get; set; }
        public string? Category { get; set; }
        [Display(Name = "Part of (parent competency)")] public string? ParentCode { get; set; }
        public string?[] Levels { get; set; } = new string?[CompetencyRules.LevelCount];
    }

    [BindProperty] public InputModel Input { get; set; } = new();

    public IReadOnlyList<string> Categories { get; private set; } = [];
    public IReadOnlyList<Competency> Parents { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        // Always five boxes on the form again, whatever was posted.
        var posted = Input.Levels ?? [];
        Input.Levels = [.. Enumerable.Range(0, CompetencyRules.LevelCount).Select(i => i < posted.Length ? posted[i] : null)];
        var outcome = await framework.CreateAsync(
            new CompetencyInput(Input.Code, Input.Name, Input.Category, Input.ParentCode, posted.Length > CompetencyRules.LevelCount ? posted : Input.Levels), ct);
        if (outcome.Value is { } saved)
        {
            return Redirect($"/Competencies/Framework#competency-{Uri.EscapeDataString(saved.Code)}");
        }
        ModelState.AddFieldErrors(outcome.Errors);
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Categories = await db.Competencies.AsNoTracking().Select(c => c.Category).Distinct().OrderBy(c => c).ToListAsync(ct);
        Parents = await db.Competencies.AsNoTracking().OrderBy(c => c.Category).ThenBy(c => c.Code).ToListAsync(ct);
    }
}
