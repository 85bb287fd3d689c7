using CertDesk.Domain.Gaps;
using CertDesk.Features.Competencies;
using CertDesk.Features.Credentials;
using CertDesk.Features.Proof;

namespace CertDesk.Features.Gaps;

/// <summary>
/// A person's profile: gaps against their role (or a target role), trend, evidence, recommendations, their credentials
/// and their team's KPI record. Printable (the PDF handler shows the same). Whoever may see the person sees all of it.
/// </summary>
public sealed class PersonModel(GapAnalysis gaps, AssessmentService assessments, CredentialService credentials, KpiQueries kpis, VersionedCache versioned) : PageModel
{
    /// <summary>What the profile shows, read in some ten queries: kept for the data version and viewer (<see cref="VersionedCache"/>), read only.</summary>
    private sealed record Profile(PersonGaps Person, IReadOnlyList<string> RoleOptions, IReadOnlyList<GapTrendPoint> Trend, IReadOnlyList<Recommendation> Recommendations,
        IReadOnlyList<AssessmentDto> Evidence, IReadOnlyList<CredentialDto> Credentials, IReadOnlyList<KpiPeriod> TeamKpis);

    [BindProperty(SupportsGet = true)] public string? Target { get; set; }

    public PersonGaps Person { get; private set; } = null!;
    public IReadOnlyList<GapTrendPoint> Trend { get; private set; } = [];
    public IReadOnlyList<Recommendation> Recommendations { get; private set; } = [];
    public IReadOnlyList<AssessmentDto> Evidence { get; private set; } = [];
    public IReadOnlyList<string> RoleOptions { get; private set; } = [];
    public IReadOnlyList<CredentialDto> Credentials { get; private set; } = [];
    public IReadOnlyList<KpiPeriod> TeamKpis { get; private set; } = [];
    public GapsOptions Assumptions => gaps.Options;
    public KpiThresholds Thresholds => kpis.Thresholds;
    public DateOnly Today => gaps.Today;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    /// <summary>The same profile as a PDF file (the same visibility: someone the caller cannot see is not found).</summary>
    public async Task<IActionResult> OnGetPdfAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        var pdf = PersonPdf.Render(Person, Trend, Recommendations, Evidence, Credentials, TeamKpis, Thresholds, gaps.Today);
        return File(pdf, "application/pdf", $"profile-{Person.Employee.EmployeeNumber}.pdf");
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var caller = Caller.From(User);
        var profile = await versioned.GetOrCreateAsync(("gap profile", VersionedCache.Viewer(caller), id, Target?.Trim() ?? ""), () => ReadAsync(caller, id, ct), ct);
        if (profile is null)
        {
            return false;
        }
        (Person, RoleOptions, Trend, Recommendations, Evidence, Credentials, TeamKpis) =
            (profile.Person, profile.RoleOptions, profile.Trend, profile.Recommendations, profile.Evidence, profile.Credentials, profile.TeamKpis);
        return true;
    }

    /// <summary>Null when the person does not exist or the caller may not see them.</summary>
    private async Task<Profile?> ReadAsync(Caller caller, Guid id, CancellationToken ct)
    {
        var person = await gaps.ForPersonAsync(caller, id, Target, ct);
        if (person is null)
        {
            return null;
        }
        var visible = await assessments.VisibleAsync(caller, ct);
        return new Profile(
            person,
            await gaps.RolesAsync(ct),
            await gaps.TrendAsync(id, person.Role, 4, ct),
            await gaps.RecommendAsync(person, ct),
            await assessments.Project(visible.Where(a => a.EmployeeId == id).OrderByDescending(a => a.AssessedOn).Take(60)).ToListAsync(ct),
            (await credentials.ListAsync(caller, id, 1, 100, ct)).Items,
            person.Employee.Team is { } team ? await kpis.RecentMonthsAsync(team.Code, gaps.Today, 3, ct) : []);
    }

    public static string Heat(decimal gap) => gap switch
    {
        <= 0 => "heat-0",
        <= 1 => "heat-1",
        <= 2 => "heat-2",
        _ => "heat-3",
    };
}
