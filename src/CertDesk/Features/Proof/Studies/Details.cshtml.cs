using CertDesk.Domain.Proof;

namespace CertDesk.Features.Proof.Studies;

/// <summary>/Proof/Studies/Details/{id}: the effects with their intervals, the trends of both groups, the money and the downloads.</summary>
[SolverRoute]
[Authorize(Policy = Policies.OrganizationWide)]
public sealed class DetailsModel(RoiStudies studies) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Kpi { get; set; }

    public RoiStudyDto Study { get; private set; } = null!;
    public TrendSeries? Trend { get; private set; }
    public IReadOnlyList<TrendSeries> Trends { get; private set; } = [];
    public KpiKind TrendKind { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var found = await studies.All().FirstOrDefaultAsync(s => s.Id == id, ct);
        if (found is null)
        {
            return NotFound();
        }
        Study = await studies.ComputeAsync(found, ct);
        Trends = await studies.TrendsAsync(Study, ct);
        TrendKind = KpiKinds.FromKey(Kpi) is { } k && k != KpiKind.Attrition ? k : KpiKind.ServiceLevel;
        Trend = Trends.FirstOrDefault(t => t.Kpi == KpiKinds.Key(TrendKind));
        return Page();
    }

    public string Api(string suffix) => $"/api/v1/roi-studies/{Study.Id}/{suffix}";
}
