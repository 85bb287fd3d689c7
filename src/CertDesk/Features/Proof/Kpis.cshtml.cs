using CertDesk.Domain.Proof;

namespace CertDesk.Features.Proof;

/// <summary>/Proof/Kpis: the eight KPIs by team, manager or site over a period, with their definitions and a monthly trend.</summary>
[Authorize(Policy = Policies.ManagesPeople)]
public sealed class KpisModel(KpiQueries kpis, OrganizationScope scope, VersionedCache versioned) : PageModel
{
    // Optional: without it the report groups by team (a required string made the first visit report an error).
    [BindProperty(SupportsGet = true, Name = "group_by")] public string? GroupBy { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? Kpi { get; set; }

    public KpiReportDto Report { get; private set; } = null!;
    public (DateOnly From, DateOnly To)? DataRange { get; private set; }
    public KpiThresholds Thresholds { get; private set; } = null!;
    public KpiKind TrendKind { get; private set; }
    public IReadOnlyList<DateOnly> TrendMonths { get; private set; } = [];
    public IReadOnlyList<double?> TrendValues { get; private set; } = [];
    public bool CanImport { get; private set; }

    public string CsvHref => $"/api/v1/kpis.csv?group_by={Uri.EscapeDataString(Report.GroupBy)}&from={Iso(Report.From)}&to={Iso(Report.To)}";

    public string TrendHref(KpiKind kind) => $"/Proof/Kpis?group_by={Uri.EscapeDataString(Report.GroupBy)}&from={Iso(Report.From)}&to={Iso(Report.To)}&kpi={KpiKinds.Key(kind)}#trend";

    public async Task OnGetAsync(CancellationToken ct)
    {
        var caller = Caller.From(User);
        CanImport = caller.RunsProgram;
        Thresholds = kpis.Thresholds;
        if (From is { } f && To is { } t && f >= t)
        {
            ModelState.AddModelError(nameof(To), "The end date must be after the start date.");
            To = null;
        }
        TrendKind = KpiKinds.FromKey(Kpi) is { } k && k != KpiKind.Attrition ? k : KpiKind.ServiceLevel;
        // The report and its trend read every daily sum of the period: worked out once per data version and viewer.
        var view = await versioned.GetOrCreateAsync(("kpi page", VersionedCache.Viewer(caller), GroupBy is "site" or "manager" ? GroupBy : "team", From, To, TrendKind),
            () => ViewAsync(caller, ct), ct);
        (Report, DataRange, TrendMonths, TrendValues) = (view.Report, view.DataRange, view.TrendMonths, view.TrendValues);
        GroupBy = Report.GroupBy;
    }

    private sealed record KpiView(KpiReportDto Report, (DateOnly From, DateOnly To)? DataRange, IReadOnlyList<DateOnly> TrendMonths, IReadOnlyList<double?> TrendValues);

    private async Task<KpiView> ViewAsync(Caller caller, CancellationToken ct)
    {
        var range = await kpis.FactRangeAsync(ct);
        var report = await ProofApi.ReportAsync(GroupBy, From, To, kpis, scope, caller, ct);
        if (range is null)
        {
            return new KpiView(report, null, [], []);
        }
        var teams = await (await scope.TeamsAsync(caller, ct)).Select(x => x.Code).ToListAsync(ct);
        var monthly = await kpis.MonthlyAsync(teams, report.From, report.To, ct);
        List<DateOnly> months = [.. monthly.Values.SelectMany(m => m.Keys).Distinct().Order()];
        return new KpiView(report, range, months, [.. months.Select(m => monthly.Values.Where(x => x.ContainsKey(m)).Select(x => x[m])
            .Aggregate(new KpiTotals(), KpiTotals.Add).Value(TrendKind))]);
    }

    public static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
