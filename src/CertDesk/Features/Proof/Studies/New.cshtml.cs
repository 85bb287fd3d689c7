using CertDesk.Domain.Proof;
using CertDesk.Features.Calculations;

namespace CertDesk.Features.Proof.Studies;

/// <summary>/Proof/Studies/New: define an ROI study (groups, windows, monetization, isolation and confidence, costs).</summary>
[SolverRoute]
[Authorize(Policy = Policies.RunsProgram)]
public sealed class NewModel(RoiStudies studies, KpiQueries kpis, CertDeskDbContext db) : PageModel
{
    public const int CostRows = 4;

    public sealed class CostLine
    {
        public string? Category { get; set; }
        public decimal? Amount { get; set; }
    }

    public sealed class StudyForm
    {
        public string? Name { get; set; }
        public string? CertificationCode { get; set; }
        public DateOnly? CertifiedOn { get; set; }
        public DateOnly? PreStart { get; set; }
        public DateOnly? PreEnd { get; set; }
        public DateOnly? PostStart { get; set; }
        public DateOnly? PostEnd { get; set; }
        public List<string> CohortTeams { get; set; } = [];
        public List<string> ComparisonTeams { get; set; } = [];
        public List<decimal?> Values { get; set; } = [];
        public decimal Isolation { get; set; } = 1;
        public decimal Confidence { get; set; } = 1;
        public List<CostLine> Costs { get; set; } = [];
        public string? Intangibles { get; set; }
    }

    public sealed record TeamOption(string Code, string Name, string Site);

    [BindProperty] public StudyForm Input { get; set; } = new();

    public IReadOnlyList<TeamOption> Teams { get; private set; } = [];
    /// <summary>"CODE · Name" of the catalog, offered as suggestions (the code before the dot is stored).</summary>
    public IReadOnlyList<string> Certifications { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (await kpis.FactRangeAsync(ct) is { } range)
        {
            var end = range.To.AddDays(1);
            var certified = range.From.AddDays((end.DayNumber - range.From.DayNumber) / 2);
            Input.PreStart = range.From;
            Input.PreEnd = certified;
            Input.CertifiedOn = certified;
            Input.PostStart = certified;
            Input.PostEnd = end;
        }
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var values = new Dictionary<string, decimal>(StringComparer.Ordinal);
        for (var i = 0; i < KpiKinds.All.Count && i < Input.Values.Count; i++)
        {
            if (Input.Values[i] is { } v)
            {
                values[KpiKinds.Key(KpiKinds.All[i])] = v;
            }
        }
        var costs = Input.Costs.Where(c => !string.IsNullOrWhiteSpace(c.Category) || c.Amount is not null)
            .Select(c => new RoiCostInput(c.Category, c.Amount)).ToList();
        var code = Input.CertificationCode?.Split(" · ", 2)[0].Trim();
        var input = new RoiStudyInput(Input.Name, code, Input.CertifiedOn, Input.PreStart, Input.PreEnd, Input.PostStart, Input.PostEnd,
            Input.CohortTeams, Input.ComparisonTeams, values, costs, Input.Isolation, Input.Confidence, Input.Intangibles);
        var outcome = await studies.CreateAsync(Caller.From(User), input, ct);
        return await this.AnswerAsync(outcome, created => RedirectToPage("/Proof/Studies/Details", new { id = created.Id }), async () =>
        {
            await LoadAsync(ct);
            return Page();
        });
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Teams = await db.Teams.AsNoTracking().OrderBy(t => t.Code)
            .Select(t => new TeamOption(t.Code, t.Name, t.Site != null ? t.Site.Name : "")).ToListAsync(ct);
        Certifications = await db.Certifications.AsNoTracking().OrderBy(c => c.Code).Select(c => c.Code + " · " + c.Name).Take(500).ToListAsync(ct);
        while (Input.Values.Count < KpiKinds.All.Count)
        {
            Input.Values.Add(null);
        }
        while (Input.Costs.Count < CostRows)
        {
            Input.Costs.Add(new CostLine());
        }
    }
}
