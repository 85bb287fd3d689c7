using System.ComponentModel.DataAnnotations;
using CertDesk.Domain.Gaps;

namespace CertDesk.Features.Competencies.Assess;

/// <summary>
/// Record one rating of one person's competency, by the rules of <see cref="AssessmentService"/> (the same as
/// POST /api/v1/assessments): a self rating only by the person themself, a manager rating by their manager chain or
/// the program manager, a test result by the program manager. A plain form: works without JavaScript.
/// </summary>
public sealed class IndexModel(CertDeskDbContext db, OrganizationScope scope, AssessmentService assessments, TimeProvider clock) : PageModel
{
    public sealed class InputModel
    {
        [Required, Display(Name = "Competency")]
        public string? Competency { get; set; }

        [Required, Display(Name = "Kind of rating")]
        public string? Source { get; set; }

        [Required, Range(1, 5), Display(Name = "Level (1-5)")]
        public int? Level { get; set; }

        [Required, Display(Name = "Date assessed")]
        public DateOnly? AssessedOn { get; set; }

        [StringLength(2000), Display(Name = "Evidence")]
        public string? Evidence { get; set; }

        [StringLength(2000), Display(Name = "Comment")]
        public string? Comment { get; set; }
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public Employee Employee { get; private set; } = null!;
    public IReadOnlyList<Competency> Competencies { get; private set; } = [];

    /// <summary>The kinds of rating the caller may record for this person (self, manager, test), in that order.</summary>
    public IReadOnlyList<string> Sources { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        if (Sources.Count == 0)
        {
            return Forbid();
        }
        Input.Source = Sources[0];
        Input.AssessedOn = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        var caller = Caller.From(User);
        // Who may record what is checked before the form: a refused caller gets 403, not a list of field errors.
        if (Sources.Count == 0
            || (AssessmentService.ParseSource(Input.Source) is { } source && await assessments.WhyNotAllowedAsync(caller, id, source, ct) is not null))
        {
            return Forbid();
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var outcome = await assessments.RecordAsync(caller,
            new AssessmentInput(id, Input.Competency, Input.Source, Input.Level, Input.AssessedOn, Input.Evidence, Input.Comment), ct);
        if (!outcome.IsOk)
        {
            ModelState.AddFieldErrors(outcome.Errors);
            return Page();
        }
        return Redirect($"/Gaps/Person/{id}");
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var caller = Caller.From(User);
        var employee = await scope.CanSeeAsync(caller, id, ct) ? await db.Employees.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, ct) : null;
        if (employee is null)
        {
            return false;
        }
        Employee = employee;
        Competencies = await db.Competencies.AsNoTracking().OrderBy(c => c.Category).ThenBy(c => c.Code).ToListAsync(ct);
        var sources = new List<string>();
        foreach (var source in new[] { RatingSource.Self, RatingSource.Manager, RatingSource.Test })
        {
            if (await assessments.WhyNotAllowedAsync(caller, id, source, ct) is null)
            {
                sources.Add(AssessmentService.SourceName(source));
            }
        }
        Sources = sources;
        return true;
    }
}
