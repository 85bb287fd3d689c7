using System.CommandLine;
using CertDesk.Domain.Kpi;
using CertDesk.Features.Proof;

namespace CertDesk.Cli;

/// <summary><c>kpi aggregate --cdr FILE --out FILE [--interval MIN] [--sl-threshold S] [--json]</c>: no database.</summary>
public static class KpiCommand
{
    public static Command Create(CliConsole console)
    {
        var cdr = new Option<FileInfo>("--cdr") { Description = "Call detail records (cdr CSV)", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "Where to write the interval facts (intervals CSV)", Required = true };
        var interval = new Option<int>("--interval")
        {
            Description = "Interval length in minutes, dividing a day (default 15)",
            DefaultValueFactory = _ => KpiSettings.DefaultIntervalMinutes,
        };
        var threshold = new Option<int>("--sl-threshold")
        {
            Description = "Service-level threshold in seconds: answered with wait <= this counts as within (default 20)",
            DefaultValueFactory = _ => KpiSettings.DefaultSlThresholdSeconds,
        };
        var json = CommonOptions.Json();
        var mapping = new Option<FileInfo?>("--mapping")
        {
            Description = "A JSON column mapping of kind cdr (docs/formats.md): the --cdr file is another system's call report, read through it",
        };
        var aggregate = new Command("aggregate", "Call detail records to per-team, per-interval facts (streaming, all or nothing)")
        {
            cdr, output, interval, threshold, json, mapping,
        };
        aggregate.SetAction(async (ParseResult parse, CancellationToken ct) =>
        {
            var settings = new KpiSettings(parse.GetValue(interval), parse.GetValue(threshold));
            if (settings.Validate() is { } problem)
            {
                throw new UsageException(problem);
            }
            var input = parse.GetValue(cdr)!;
            var outFile = parse.GetValue(output)!;
            var result = parse.GetValue(mapping) is { } mappingFile
                ? await AggregateMappedAsync(input, outFile, settings, mappingFile, ct)
                : await Task.Run(() => CdrAggregation.Run(input.FullName, outFile.FullName, settings, input.Name, ct: ct), ct);
            if (!result.Succeeded)
            {
                throw new InvalidInputException(result.Errors);
            }
            if (parse.GetValue(json))
            {
                await CliOutput.WriteJsonAsync(console.Out, new { contacts = result.Contacts, facts = result.Facts, out_file = outFile.FullName });
            }
            else
            {
                await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"Aggregated {result.Contacts} contacts into {result.Facts} interval facts in {outFile.Name}"));
            }
            return ExitCodes.Success;
        });

        var kpi = new Command("kpi", "Contact-center KPIs from call detail records");
        kpi.Subcommands.Add(aggregate);
        return kpi;
    }

    /// <summary>
    /// <c>kpi aggregate --mapping</c>: the report read through the mapping into the contract's CDR rows (as <c>import cdr
    /// --mapping</c> reads it), written to a temporary CDR file and aggregated by the same streaming aggregator; errors name
    /// the report's rows and columns.
    /// </summary>
    private static async Task<CdrAggregationResult> AggregateMappedAsync(FileInfo input, FileInfo outFile, KpiSettings settings, FileInfo mappingFile, CancellationToken ct)
    {
        var columnMapping = ImportCommand.ReadMapping(mappingFile);
        if (columnMapping.Kind != ColumnMapping.CdrKind)
        {
            throw new InvalidInputException($"{mappingFile.Name}: field kind: the mapping reads interval data (intervals), but kpi aggregate reads call detail records (cdr)");
        }
        if (!input.Exists)
        {
            throw new InvalidInputException($"{input.Name}: file not found");
        }
        var read = await Task.Run(() => KpiImport.ReadMappedFile(ColumnMapping.CdrKind, input.FullName, input.Name, columnMapping, mappingFile.Name, ct), ct);
        if (read.Errors.Count > 0)
        {
            throw new InvalidInputException(read.Errors);
        }
        var temp = Path.Combine(Path.GetTempPath(), "certdesk-cdr-" + Guid.NewGuid().ToString("N") + ".csv");
        try
        {
            await using (var csv = new StreamWriter(temp, false, new UTF8Encoding(false)))
            {
                await csv.WriteAsync(CdrRow.Header + "\n");
                foreach (var contact in read.Contacts)
                {
                    await csv.WriteAsync(contact.Row.ToCsvLine() + "\n");
                }
            }
            var result = await Task.Run(() => CdrAggregation.Run(temp, outFile.FullName, settings, input.Name, ct: ct), ct);
            var sources = read.Contacts.Select(c => c.Source).ToList();
            return result.Succeeded ? result : result with { Errors = [.. result.Errors.Select(e => KpiImport.InMappedTerms(e, input.Name, columnMapping, sources))] };
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
