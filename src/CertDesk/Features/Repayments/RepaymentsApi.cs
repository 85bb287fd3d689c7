using CertDesk.Files;
namespace CertDesk.Features.Repayments;

public sealed record LedgerEntryDto(string Kind, DateOnly Date, decimal Amount, string Note, string? ApprovedBy, string RecordedBy);

public sealed record RepaymentDto(
    Guid Id, Guid AgreementId, Guid EmployeeId, string? EmployeeName, string? Site, string? CertificationCode, DateOnly SeparationDate,
    string Reason, DateOnly CommitmentStart, int MonthsServed, int CommitmentMonths, decimal Percent, string Rule, decimal Owed,
    decimal Outstanding, string Status, IReadOnlyList<LedgerEntryDto> Ledger, int Version)
{
    public static RepaymentDto From(Repayment r) => new(
        Id: r.Id,
        AgreementId: r.AgreementId,
        EmployeeId: r.EmployeeId,
        EmployeeName: r.Employee?.FullName,
        Site: r.Employee?.Site?.Name,
        CertificationCode: r.Agreement?.CertificationCode,
        SeparationDate: r.SeparationDate,
        Reason: r.Reason,
        CommitmentStart: r.CommitmentStart,
        MonthsServed: r.MonthsServed,
        CommitmentMonths: r.CommitmentMonths,
        Percent: r.Percent,
        Rule: r.Rule,
        Owed: r.Owed,
        Outstanding: r.Outstanding,
        Status: r.Status.ToString().ToLowerInvariant(),
        Ledger: [.. r.Entries.OrderBy(e => e.Date).ThenBy(e => e.RecordedAt).Select(e => new LedgerEntryDto(Snake(e.Kind), e.Date, e.Amount, e.Note, e.ApprovedBy, e.RecordedBy))],
        Version: r.Version)
    {
        EmployeeNumber = r.Employee?.EmployeeNumber,
    };

    /// <summary>
    /// The person's employee number (the roster's key, what every CSV file calls <c>employee_id</c> and the repayments and
    /// agreements exports also give as <c>employee_number</c>); <see cref="EmployeeId"/> here is the person's record id.
    /// </summary>
    public string? EmployeeNumber { get; init; }

    private static string Snake(LedgerEntryKind k) => k switch
    {
        LedgerEntryKind.ScheduledDeduction => "scheduled_deduction",
        LedgerEntryKind.WriteOff => "write_off",
        _ => k.ToString().ToLowerInvariant(),
    };
}

/// <summary>/api/v1/repayments: the ledgers (organization-wide roles only) and the liabilities report.</summary>
/// <summary>What POST /api/v1/separations answers: the person's employment status after the separation was recorded.</summary>
public sealed record SeparationDto(Guid EmployeeId, string Status, DateOnly? SeparationDate, string? SeparationReason);

public static class RepaymentsApi
{
    // SeparationService answers 404 when the body's employee_id names no employee (or none is sent).
    private const string NoSuchEmployee = "No employee has the body's employee_id (or none was sent).";

    public static RouteGroupBuilder MapRepaymentsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/repayments").WithTags("Repayments").RequireAuthorization(Policies.OrganizationWide);
        group.MapGet("/", async (RepaymentService s, string? status, int? page, int? page_size, CancellationToken ct) =>
        {
            var query = s.Query();
            if (Enum.TryParse<RepaymentStatus>(status, true, out var st))
            {
                query = query.Where(r => r.Status == st);
            }
            var paged = await ApiResults.PageAsync(query.AsSplitQuery().OrderByDescending(r => r.Id), page, page_size, ct);
            return new Page<RepaymentDto>([.. paged.Items.Select(RepaymentDto.From)], paged.Total);
        });
        group.MapGet("/export.{format}", async (string format, bool? bom, RepaymentsExport export, CancellationToken ct) =>
        {
            if (format == "xlsx")
            {
                var stream = new MemoryStream();
                await export.WriteRepaymentsXlsxAsync(stream, ct);
                return Results.File(stream.ToArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "repayments.xlsx");
            }
            if (format != "csv")
            {
                return Results.NotFound();
            }
            // RFC 4180 records end with CRLF, as every CSV download does.
            using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture) { NewLine = CsvTable.RecordEnd };
            await export.WriteRepaymentsAsync(writer, ct);
            return Results.File(CsvTable.Utf8(writer.ToString(), bom is true), "text/csv", "repayments.csv");
        }).ProducesFile("text/csv", ApiDescription.Xlsx);
        // Payroll: taxable tuition excess per employee and the repayment deductions per pay period of one calendar year.
        group.MapGet("/payroll.{format}", async (string format, int? year, bool? bom, PayrollExport payroll, TimeProvider clock, CancellationToken ct) =>
        {
            var y = year ?? clock.GetUtcNow().Year;
            if (y is < 2000 or > 2100)
            {
                return Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Invalid input.", detail: "year must be from 2000 to 2100");
            }
            return format switch
            {
                "csv" => Results.File(CsvTable.Utf8(await payroll.CsvAsync(y, ct), bom is true), "text/csv", $"payroll-{y}.csv"),
                "xlsx" => Results.File(await payroll.XlsxAsync(y, ct), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"payroll-{y}.xlsx"),
                _ => Results.NotFound(),
            };
        }).ProducesFile("text/csv", ApiDescription.Xlsx);
        group.MapGet("/liabilities", async (RepaymentService s, CancellationToken ct) => await s.LiabilitiesAsync(ct));
        group.MapGet("/{id:guid}", async (Guid id, RepaymentService s, HttpResponse response, CancellationToken ct) =>
        {
            var r = await s.Query().AsSplitQuery().FirstOrDefaultAsync(x => x.Id == id, ct);
            if (r is null)
            {
                return Results.NotFound();
            }
            return ApiResults.Versioned(response, RepaymentDto.From(r), r.Version);
        }).Produces<RepaymentDto>();
        group.MapPost("/{id:guid}/entries", async (Guid id, LedgerInput input, RepaymentService s, CallerAccessor c, CancellationToken ct) =>
            // Read back as GET reads it (the person's name and site).
            OutcomeResults.ToResult(await OutcomeResults.ReadBackAsync(await s.RecordAsync(c.Caller, id, input, ct), x => s.Query().AsSplitQuery().FirstOrDefaultAsync(y => y.Id == x.Id, ct)),
                r => TypedResults.Ok(RepaymentDto.From(r))))
            .Produces<RepaymentDto>();
        api.MapPost("/separations/preview", async (SeparationInput input, SeparationService s, CallerAccessor c, CancellationToken ct) =>
            OutcomeResults.ToResult(await s.PreviewAsync(c.Caller, input, ct), rows => TypedResults.Ok(rows)))
            .Produces<IReadOnlyList<SeparationPreviewRow>>().WithTags("Repayments").WithMetadata(new ComputesOnlyAttribute(), new NamesRecordInBodyAttribute(NoSuchEmployee))
            .RequireAuthorization(Policies.RunsProgram);
        api.MapPost("/separations", async (SeparationInput input, SeparationService s, CallerAccessor c, CancellationToken ct) =>
            OutcomeResults.ToResult(await s.RecordAsync(c.Caller, input, ct), e => TypedResults.Ok(new SeparationDto(e.Id, e.Status == Organization.EmploymentStatus.Separated ? "separated" : "scheduled", e.SeparationDate, e.SeparationReason))))
            .Produces<SeparationDto>().WithTags("Repayments").WithMetadata(new NamesRecordInBodyAttribute(NoSuchEmployee));
        return api;
    }
}
