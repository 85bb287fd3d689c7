using System.CommandLine;
using CertDesk.Features.Audit;
using CertDesk.Features.Repayments;

namespace CertDesk.Cli;

/// <summary>
/// <c>export KIND --out FILE</c>; written to a temporary file and renamed, so a failure leaves no half file.
/// <c>export session-exceptions [--site NAME] [--from DATE] [--to DATE]</c>: training sessions as the schedule CSV for the
/// WFM tool (<see cref="Features.Scheduling.SessionExceptions"/>); the three options belong to that kind only.
/// </summary>
public static class ExportCommand
{
    public static readonly string[] Kinds = ["roster", "audit", "catalog", "price-book", "assessments", "competencies", "cdr", "intervals", "forecast", "schedule", "session-exceptions", "facts", "agreements", "repayments"];

    public static Command Create(CliConsole console)
    {
        var database = CommonOptions.Database();
        var kind = new Argument<string>("kind") { Description = string.Join(" | ", Kinds) };
        kind.AcceptOnlyFromAmong(Kinds);
        var output = new Option<FileInfo>("--out") { Description = "The file to write", Required = true };
        var site = new Option<string>("--site") { Description = "session-exceptions: only the people of this site (its name or id)" };
        var from = new Option<string>("--from") { Description = "session-exceptions: the first date, yyyy-MM-dd (default: 7 days before today)" };
        var to = new Option<string>("--to") { Description = "session-exceptions: the last date, yyyy-MM-dd (default: 91 days after today, or after --from plus 98 days)" };
        var command = new Command("export", "Export data to a CSV file") { kind, output, site, from, to, database };
        command.SetAction((parse, ct) =>
        {
            var what = parse.GetValue(kind)!;
            if (what is not ("roster" or "audit" or "catalog" or "price-book" or "assessments" or "competencies" or "agreements" or "repayments" or "facts" or "intervals" or "forecast" or "schedule" or "session-exceptions"))
            {
                throw new UsageException($"export {what}: not available in this version (available: roster, audit, catalog, price-book, assessments, competencies, agreements, repayments, facts, intervals, forecast, schedule, session-exceptions)");
            }
            if (what != "session-exceptions" && (parse.GetValue(site) is not null || parse.GetValue(from) is not null || parse.GetValue(to) is not null))
            {
                throw new UsageException($"export {what}: --site, --from and --to belong to export session-exceptions");
            }
            var path = parse.GetValue(output)!;
            return CliHost.RunAsync(parse.GetValue(database), async (services, token) =>
            {
                if (what is "agreements" or "repayments" && path.Extension.Equals(".xlsx", StringComparison.OrdinalIgnoreCase))
                {
                    var xlsxTemp = path.FullName + ".tmp";
                    await using (var stream = File.Create(xlsxTemp))
                    {
                        var export = services.GetRequiredService<RepaymentsExport>();
                        await (what == "agreements" ? export.WriteAgreementsXlsxAsync(stream, token) : export.WriteRepaymentsXlsxAsync(stream, token));
                    }
                    File.Move(xlsxTemp, path.FullName, overwrite: true);
                    await console.Out.WriteLineAsync($"Wrote {what} to {path.FullName}");
                    return ExitCodes.Success;
                }
                string? exceptionsCsv = null;
                if (what == "session-exceptions")
                {
                    // Checked before the file is opened: a wrong site or date writes nothing.
                    exceptionsCsv = await SessionExceptionsAsync(services, parse.GetValue(site), parse.GetValue(from), parse.GetValue(to), token);
                }
                var temp = path.FullName + ".tmp";
                // One place for the line end of every kind: the exporters write lines, this writer ends them as RFC 4180 does.
                await using (var writer = new StreamWriter(temp, append: false, new System.Text.UTF8Encoding(false)) { NewLine = Files.CsvTable.RecordEnd })
                {
                    if (what is "facts" or "intervals")
                    {
                        await Features.Proof.FactsExport.WriteAsync(services.GetRequiredService<CertDeskDbContext>(), writer, token);
                    }
                    else if (what == "roster")
                    {
                        await services.GetRequiredService<RosterExport>().WriteAsync(writer, null, token);
                    }
                    else if (what == "agreements")
                    {
                        await services.GetRequiredService<RepaymentsExport>().WriteAgreementsAsync(writer, token);
                    }
                    else if (what == "repayments")
                    {
                        await services.GetRequiredService<RepaymentsExport>().WriteRepaymentsAsync(writer, token);
                    }
                    else if (what == "price-book")
                    {
                        await writer.WriteAsync(await services.GetRequiredService<Features.Catalog.PriceBook>().ExportAsync(token));
                    }
                    else if (what == "catalog")
                    {
                        await services.GetRequiredService<Features.Catalog.CatalogCsv>().ExportAsync(writer, token);
                    }
                    else if (what == "assessments")
                    {
                        await services.GetRequiredService<Features.Competencies.AssessmentService>().ExportAsync(writer, token);
                    }
                    else if (what == "forecast")
                    {
                        await services.GetRequiredService<Features.Scheduling.SchedulingExport>().WriteForecastAsync(writer, token);
                    }
                    else if (what == "schedule")
                    {
                        await services.GetRequiredService<Features.Scheduling.SchedulingExport>().WriteScheduleAsync(writer, token);
                    }
                    else if (what == "session-exceptions")
                    {
                        await writer.WriteAsync(exceptionsCsv);
                    }
                    else if (what == "competencies")
                    {
                        await services.GetRequiredService<Features.Competencies.FrameworkCsv>().ExportAsync(writer, token);
                    }
                    else
                    {
                        await AuditExport.WriteAsync(services.GetRequiredService<CertDeskDbContext>(), writer, token);
                    }
                }
                File.Move(temp, path.FullName, overwrite: true);
                await console.Out.WriteLineAsync($"Wrote {what} to {path.FullName}");
                return ExitCodes.Success;
            }, ct);
        });
        return command;
    }

    /// <summary>The command line acts for the whole organization: every site's exceptions unless <c>--site</c> narrows them.</summary>
    private static async Task<string> SessionExceptionsAsync(IServiceProvider services, string? siteText, string? from, string? to, CancellationToken ct)
    {
        var exceptions = services.GetRequiredService<Features.Scheduling.SessionExceptions>();
        Guid? siteId = null;
        if (siteText is not null)
        {
            var (id, error) = await exceptions.SiteAsync(siteText, ct);
            siteId = id ?? throw new InvalidInputException($"--site: {error}");
        }
        var (start, end, errors) = exceptions.Window(from, to);
        if (errors.Count > 0)
        {
            throw new InvalidInputException([.. errors.Select(e => $"--{e.Key}: {string.Join("; ", e.Value)}")]);
        }
        return Features.Scheduling.SessionExceptions.Csv(await exceptions.RowsAsync(siteId, start, end, null, ct));
    }
}
