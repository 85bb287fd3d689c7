using System.CommandLine;
using CertDesk.Features.Proof;

namespace CertDesk.Cli;

/// <summary><c>roi-study list</c> and <c>roi-study report ID --out FILE(.pdf|.xlsx|.csv) [--json]</c>.</summary>
public static class ProofCommand
{
    public static Command Create(CliConsole console)
    {
        var database = CommonOptions.Database();
        var json = CommonOptions.Json();
        var list = new Command("list", "List the ROI studies") { database, json };
        list.SetAction((parse, ct) => CliHost.RunAsync(parse.GetValue(database), async (services, token) =>
        {
            var studies = await services.GetRequiredService<RoiStudies>().All().OrderBy(s => s.Name).ToListAsync(token);
            if (parse.GetValue(json))
            {
                await CliOutput.WriteJsonAsync(console.Out, new { items = studies.Select(ProofApi.Summary), total = studies.Count });
            }
            else
            {
                foreach (var s in studies)
                {
                    await console.Out.WriteLineAsync($"{s.Id}  {s.Name}");
                }
            }
            return ExitCodes.Success;
        }, ct));

        var id = new Argument<Guid>("id") { Description = "The study id" };
        var output = new Option<FileInfo>("--out") { Description = "The report: .pdf, .xlsx or .csv (effects table)", Required = true };
        var report = new Command("report", "Compute an ROI study and write its report") { id, output, database, json };
        report.SetAction((parse, ct) => CliHost.RunAsync(parse.GetValue(database), async (services, token) =>
        {
            var studies = services.GetRequiredService<RoiStudies>();
            var found = await studies.All().FirstOrDefaultAsync(s => s.Id == parse.GetValue(id), token)
                ?? throw new InvalidInputException($"roi study {parse.GetValue(id)}: not found");
            var dto = await studies.ComputeAsync(found, token);
            var path = parse.GetValue(output)!;
            var bytes = path.Extension.ToLowerInvariant() switch
            {
                ".pdf" => ProofReports.StudyPdf(dto, await studies.TrendsAsync(dto, token)),
                ".xlsx" => ProofReports.StudyXlsx(dto),
                _ => System.Text.Encoding.UTF8.GetBytes(ProofReports.EffectsCsv(dto)),
            };
            await File.WriteAllBytesAsync(path.FullName, bytes, token);
            if (parse.GetValue(json))
            {
                await CliOutput.WriteJsonAsync(console.Out, dto);
            }
            else
            {
                foreach (var e in dto.Effects)
                {
                    await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"{e.Kpi,-14} effect {e.Effect,9:0.000} [{e.Lower:0.000}, {e.Upper:0.000}] {e.Unit,-6} credited {e.AnnualValue,12:N2}"));
                }
                await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"cost {dto.TotalCost:N2}, benefit {dto.TotalBenefit:N2}, ROI {dto.RoiPercent:0.00} %, BCR {dto.Bcr:0.00}, payback {dto.PaybackMonths:0.00} months; wrote {path.Name}"));
            }
            return ExitCodes.Success;
        }, ct));

        var command = new Command("roi-study", "ROI studies: certified cohort against a comparison group");
        command.Subcommands.Add(list);
        command.Subcommands.Add(report);
        return command;
    }
}
