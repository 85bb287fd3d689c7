using CertDesk.Domain.Proof;

namespace CertDesk.Features.Proof;

/// <summary>/Proof/Kpis: the eight KPIs by team, manager or site over a period, with their definitions and a monthly trend.</summary>
[Authorize(Policy = Policies.ManagesPeople)]
public sealed class KpisModel(KpiQueries kpis, OrganizationScope scope) : PageModel
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
        DataRange = await kpis.FactRangeAsync(ct);
        if (From is { } f && To is { } t && f >= t)
        {
            ModelState.AddModelError(nameof(To), "The end date must be after the start date.");
            To = null;
        }
        Report = await ProofApi.ReportAsync(GroupBy, From, To, kpis, scope, caller, ct);
        GroupBy = Report.GroupBy;
        TrendKind = KpiKinds.FromKey(Kpi) is { } k && k != KpiKind.Attrition ? k : KpiKind.ServiceLevel;
        if (DataRange is null)
        {
            return;
        }
        var teams = await (await scope.TeamsAsync(caller, ct)).Select(x => x.Code).ToListAsync(ct);
        var monthly = await kpis.MonthlyAsync(teams, Report.From, Report.To, ct);
        TrendMonths = [.. monthly.Values.SelectMany(m => m.Keys).Distinct().Order()];
        TrendValues = [.. TrendMonths.Select(m => monthly.Values.Where(x => x.ContainsKey(m)).Select(x => x[m])
            .Aggregate(new KpiTotals(), KpiTotals.Add).Value(TrendKind))];
    }

    public static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
