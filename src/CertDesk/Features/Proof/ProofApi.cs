using CertDesk.Domain.Proof;
using CertDesk.Files;

namespace CertDesk.Features.Proof;

public sealed record KpiValueDto(string Kpi, string Label, string Unit, double? Value);

public sealed record KpiRowDto(string Key, string Label, string? Site, string? Manager, int Teams, long Offered, IReadOnlyList<KpiValueDto> Kpis);

public sealed record KpiReportDto(string GroupBy, DateOnly From, DateOnly To, string Thresholds, IReadOnlyList<KpiRowDto> Items, int Total);

public sealed record RoiStudySummaryDto(Guid Id, string Name, string CertificationCode, DateOnly CertifiedOn, int CohortTeams, int ComparisonTeams, string CreatedBy, DateTimeOffset CreatedAt);

/// <summary>/api/v1/kpis and /api/v1/roi-studies (list, get, post, CSV tables, PDF and XLSX reports).</summary>
public static class ProofApi
{
    public static RouteGroupBuilder MapProofApi(this RouteGroupBuilder api)
    {
        api.MapGet("/kpis", async (string? group_by, DateOnly? from, DateOnly? to, KpiQueries kpis, OrganizationScope scope, CallerAccessor c, CancellationToken ct) =>
            RangeError(from, to) is { } error ? error : (IResult)TypedResults.Ok(await ReportAsync(group_by, from, to, kpis, scope, c.Caller, ct)))
            .Produces<KpiReportDto>().WithTags("Proof").RequireAuthorization(Policies.ManagesPeople);

        var studies = api.MapGroup("/roi-studies").WithTags("Proof").RequireAuthorization(Policies.OrganizationWide);
        studies.MapGet("/", async (RoiStudies s, int? page, int? page_size, CancellationToken ct) =>
        {
            // Version 7 ids sort by creation time (SQLite cannot order DateTimeOffset columns).
            var paged = await ApiResults.PageAsync(s.All().OrderByDescending(x => x.Id), page, page_size, ct);
            return new Page<RoiStudySummaryDto>([.. paged.Items.Select(Summary)], paged.Total);
        });
        studies.MapGet("/{id:guid}", async (Guid id, RoiStudies s, HttpResponse response, CancellationToken ct) =>
        {
            var found = await s.All().FirstOrDefaultAsync(x => x.Id == id, ct);
            if (found is null)
            {
                return (IResult)TypedResults.NotFound();
            }
            return ApiResults.Versioned(response, await s.ComputeAsync(found, ct), found.Version);
        }).Produces<RoiStudyDto>().WithMetadata(new SolverRouteAttribute());
        studies.MapPost("/", async (RoiStudyInput input, RoiStudies s, CallerAccessor c, CancellationToken ct) =>
        {
            var outcome = await s.CreateAsync(c.Caller, input, ct);
            if (outcome.Value is { } created)
            {
                return (IResult)TypedResults.Created($"/api/v1/roi-studies/{created.Id}", await s.ComputeAsync(created, ct));
            }
            return OutcomeResults.ToResult(outcome, x => TypedResults.Ok());
        }).Produces<RoiStudyDto>(StatusCodes.Status201Created).WithMetadata(new SolverRouteAttribute());
        studies.MapGet("/{id:guid}/effects.csv", async (Guid id, bool? bom, RoiStudies s, CancellationToken ct) =>
        {
            var found = await s.All().FirstOrDefaultAsync(x => x.Id == id, ct);
            return found is null ? (IResult)TypedResults.NotFound()
                : TypedResults.File(CsvTable.Utf8(ProofReports.EffectsCsv(await s.ComputeAsync(found, ct)), bom is true), "text/csv", "roi-study-effects.csv");
        }).ProducesFile("text/csv");
        studies.MapGet("/{id:guid}/report.pdf", async (Guid id, RoiStudies s, CancellationToken ct) =>
        {
            var found = await s.All().FirstOrDefaultAsync(x => x.Id == id, ct);
            if (found is null)
            {
                return (IResult)TypedResults.NotFound();
            }
            var dto = await s.ComputeAsync(found, ct);
            return TypedResults.File(ProofReports.StudyPdf(dto, await s.TrendsAsync(dto, ct)), "application/pdf", "roi-study.pdf");
        }).ProducesFile("application/pdf");
        studies.MapGet("/{id:guid}/report.xlsx", async (Guid id, RoiStudies s, CancellationToken ct) =>
        {
            var found = await s.All().FirstOrDefaultAsync(x => x.Id == id, ct);
            return found is null ? (IResult)TypedResults.NotFound()
                : TypedResults.File(ProofReports.StudyXlsx(await s.ComputeAsync(found, ct)), ApiDescription.Xlsx, "roi-study.xlsx");
        }).ProducesFile(ApiDescription.Xlsx);
        api.MapGet("/kpis.csv", async (string? group_by, DateOnly? from, DateOnly? to, bool? bom, KpiQueries kpis, OrganizationScope scope, CallerAccessor c, CancellationToken ct) =>
            RangeError(from, to) is { } error ? error
                : TypedResults.File(CsvTable.Utf8(ProofReports.KpiCsv(await ReportAsync(group_by, from, to, kpis, scope, c.Caller, ct)), bom is true), "text/csv", "kpis.csv"))
            .ProducesFile("text/csv").WithTags("Proof").RequireAuthorization(Policies.ManagesPeople);
        return api;
    }

    private static readonly DateOnly s_earliest = new(1990, 1, 1);
    private static readonly DateOnly s_latest = new(2200, 1, 1);

    /// <summary>KPI facts exist between 1990 and 2200; outside that, or an empty range, is the caller's mistake (422, not 500).</summary>
    internal static IResult? RangeError(DateOnly? from, DateOnly? to)
    {
        var errors = new Shared.FieldErrors();
        errors.Check(from is not { } f || (f >= s_earliest && f < s_latest), "from", "must be a date between 1990-01-01 and 2199-12-31");
        errors.Check(to is not { } t || (t > s_earliest && t <= s_latest), "to", "must be a date between 1990-01-02 and 2200-01-01");
        errors.Check(from is not { } a || to is not { } b || a < b, "to", "must be after from");
        return errors.Count == 0 ? null : ApiResults.Invalid(errors);
    }

    public static RoiStudySummaryDto Summary(RoiStudyRecord x) => new(x.Id, x.Name, x.CertificationCode, x.CertifiedOn,
        System.Text.Json.JsonSerializer.Deserialize<List<string>>(x.CohortTeamsJson)!.Count,
        System.Text.Json.JsonSerializer.Deserialize<List<string>>(x.ComparisonTeamsJson)!.Count, x.CreatedBy, x.CreatedAt);

    /// <summary>The unit a KPI chart's axis shows (scores and points read as plain numbers).</summary>
    public static string ChartUnit(KpiKind kind) => KpiKinds.Unit(kind) is "%" or "s" ? KpiKinds.Unit(kind) : "";

    public static async Task<KpiReportDto> ReportAsync(string? groupBy, DateOnly? from, DateOnly? to, KpiQueries kpis, OrganizationScope scope, Caller caller, CancellationToken ct)
    {
        var range = await kpis.FactRangeAsync(ct);
        var end = to ?? range?.To.AddDays(1) ?? DateOnly.FromDateTime(DateTime.UtcNow);
        var start = from ?? end.AddMonths(-1);
        var group = groupBy is "site" or "manager" ? groupBy : "team";
        var rows = await kpis.RowsAsync(await scope.TeamsAsync(caller, ct), group, start, end, ct);
        return new KpiReportDto(group, start, end, kpis.Thresholds.Describe(), [.. rows.Select(r => new KpiRowDto(r.Key, r.Label, r.Site, r.Manager, r.Teams, r.Totals.Offered,
            [.. KpiKinds.All.Select(k => new KpiValueDto(KpiKinds.Key(k), KpiKinds.Label(k), KpiKinds.Unit(k), Round(r.Totals.Value(k))))]))], rows.Count);
    }

    private static double? Round(double? v) => v is { } x ? Math.Round(x, 4) : null;

    internal static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
