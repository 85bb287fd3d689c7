using CertDesk.Files;
namespace CertDesk.Features.Proof;

/// <summary>/api/v1/program-summary: the whole certification program at a glance, as JSON, CSV, PDF (with charts) and XLSX; organization-wide roles only.</summary>
public static class ProgramSummaryApi
{
    public const string Path = "/api/v1/program-summary";

    public static RouteGroupBuilder MapProgramSummaryApi(this RouteGroupBuilder api)
    {
        api.MapGet("/program-summary", async (ProgramSummary summary, CallerAccessor c, CancellationToken ct) =>
            TypedResults.Ok(await summary.BuildAsync(c.Caller, ct)))
            .WithTags("Proof").RequireAuthorization(Policies.OrganizationWide);
        api.MapGet("/program-summary.csv", async (bool? bom, ProgramSummary summary, CallerAccessor c, CancellationToken ct) =>
            TypedResults.File(CsvTable.Utf8(ProgramSummaryReport.Csv(await summary.BuildAsync(c.Caller, ct)), bom is true), "text/csv", "program-summary.csv"))
            .ProducesFile("text/csv").WithTags("Proof").RequireAuthorization(Policies.OrganizationWide);
        api.MapGet("/program-summary.pdf", async (ProgramSummary summary, CallerAccessor c, CancellationToken ct) =>
            TypedResults.File(ProgramSummaryReport.Pdf(await summary.BuildAsync(c.Caller, ct)), "application/pdf", "program-summary.pdf"))
            .ProducesFile("application/pdf").WithTags("Proof").RequireAuthorization(Policies.OrganizationWide);
        api.MapGet("/program-summary.xlsx", async (ProgramSummary summary, CallerAccessor c, CancellationToken ct) =>
            TypedResults.File(ProgramSummaryReport.Xlsx(await summary.BuildAsync(c.Caller, ct)), ApiDescription.Xlsx, "program-summary.xlsx"))
            .ProducesFile(ApiDescription.Xlsx).WithTags("Proof").RequireAuthorization(Policies.OrganizationWide);
        return api;
    }
}
