using System.CommandLine;
using CertDesk.Features.Scheduling;

namespace CertDesk.Cli;

/// <summary><c>import KIND FILE [--dry-run] [--accept-valid]</c>: all-or-nothing unless --accept-valid.</summary>
public static class ImportCommand
{
    public static readonly string[] Kinds = ["roster", "catalog", "price-book", "assessments", "competencies", "cdr", "intervals", "qa", "forecast", "schedule"];

    public static Command Create(CliConsole console)
    {
        var database = CommonOptions.Database();
        var json = CommonOptions.Json();
        var kind = new Argument<string>("kind") { Description = string.Join(" | ", Kinds) };
        kind.AcceptOnlyFromAmong(Kinds);
        var file = new Argument<FileInfo>("file") { Description = "The CSV file" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Validate and report; write nothing" };
        var acceptValid = new Option<bool>("--accept-valid") { Description = "Import the valid rows; write the others to FILE.rejected.csv with a reason" };
        var interval = new Option<int>("--interval") { Description = "cdr: interval length in minutes (default 15)", DefaultValueFactory = _ => Domain.Kpi.KpiSettings.DefaultIntervalMinutes };
        var threshold = new Option<int>("--sl-threshold") { Description = "cdr: service-level threshold in seconds (default 20)", DefaultValueFactory = _ => Domain.Kpi.KpiSettings.DefaultSlThresholdSeconds };
        var format = new Option<string>("--format")
        {
            Description = "cdr: what the file holds: " + string.Join(" | ", Domain.Kpi.ContactRecordFormats.All.Select(f => $"{f.Name} ({f.Label})")) + " (default csv)",
            DefaultValueFactory = _ => "csv",
        };
        format.AcceptOnlyFromAmong([.. Domain.Kpi.ContactRecordFormats.All.Select(f => f.Name)]);
        var mapping = new Option<FileInfo?>("--mapping")
        {
            Description = "cdr, intervals: a JSON column mapping (docs/formats.md) that reads another system's report as this kind of file",
        };
        var command = new Command("import", "Import a file into the database") { kind, file, database, dryRun, acceptValid, json, interval, threshold, format, mapping };
        command.SetAction((parse, ct) =>
        {
            var what = parse.GetValue(kind)!;
            var path = parse.GetValue(file)!;
            if (what is not ("roster" or "catalog" or "price-book" or "assessments" or "competencies" or "cdr" or "intervals" or "qa" or "forecast" or "schedule"))
            {
                throw new UsageException($"import {what}: not available in this version (available: roster, catalog, price-book, assessments, competencies, cdr, intervals, qa, forecast, schedule)");
            }
            if (!path.Exists)
            {
                throw new InvalidInputException($"{path.Name}: file not found");
            }
            Domain.Kpi.ContactRecordFormats.TryParse(parse.GetValue(format), out var recordFormat);
            if (recordFormat != Domain.Kpi.ContactRecordFormat.Csv && what != "cdr")
            {
                throw new UsageException($"import {what}: --format {parse.GetValue(format)} is for cdr files only");
            }
            if (recordFormat != Domain.Kpi.ContactRecordFormat.Csv && parse.GetValue(acceptValid))
            {
                throw new UsageException($"import cdr --format {parse.GetValue(format)}: --accept-valid works with CSV files only (a platform's file is imported whole or not at all)");
            }
            if (parse.GetValue(mapping) is { } mappingFile)
            {
                if (what is not ("cdr" or "intervals"))
                {
                    throw new UsageException($"import {what}: --mapping is for cdr and intervals files only");
                }
                if (recordFormat != Domain.Kpi.ContactRecordFormat.Csv)
                {
                    throw new UsageException($"import cdr: --mapping and --format {parse.GetValue(format)} do not go together (a mapping reads a CSV report)");
                }
                if (parse.GetValue(acceptValid))
                {
                    throw new UsageException($"import {what} --mapping: --accept-valid works with the contract's CSV files only (a mapped file is imported whole or not at all)");
                }
                var settings = new Domain.Kpi.KpiSettings(parse.GetValue(interval), parse.GetValue(threshold));
                if (settings.Validate() is { } problem)
                {
                    throw new UsageException(problem);
                }
                var columnMapping = ReadMapping(mappingFile);
                return CliHost.RunAsync(parse.GetValue(database), (services, token) =>
                    ImportKpiAsync(console, services, what, path, settings, parse.GetValue(dryRun), false, parse.GetValue(json), token,
                        mapping: (columnMapping, mappingFile.Name)), ct);
            }
            if (what is "forecast" or "schedule")
            {
                return CliHost.RunAsync(parse.GetValue(database), (services, token) =>
                    RunSchedulingAsync(console, services, what, path, new SchedulingImportOptions(parse.GetValue(dryRun), parse.GetValue(acceptValid)), parse.GetValue(json), token), ct);
            }
            if (what is "cdr" or "intervals" or "qa")
            {
                var settings = new Domain.Kpi.KpiSettings(parse.GetValue(interval), parse.GetValue(threshold));
                if (settings.Validate() is { } problem)
                {
                    throw new UsageException(problem);
                }
                // A CSV CDR file is read while the host and the database start (CdrReadAhead); the import takes the read.
                var readAhead = what == "cdr" && recordFormat == Domain.Kpi.ContactRecordFormat.Csv
                    ? Features.Proof.CdrReadAhead.Start(path.FullName, path.Name, settings, hashKey: !parse.GetValue(dryRun), parse.GetValue(acceptValid), ct)
                    : null;
                return WithReadAheadAsync(readAhead, () => CliHost.RunAsync(parse.GetValue(database), (services, token) =>
                    ImportKpiAsync(console, services, what, path, settings, parse.GetValue(dryRun), parse.GetValue(acceptValid), parse.GetValue(json), token,
                        recordFormat, readAhead: readAhead), ct));
            }
            if (what != "roster")
            {
                return CliHost.RunAsync(parse.GetValue(database), (services, token) =>
                    ImportTableAsync(console, services, what, path, parse.GetValue(dryRun), parse.GetValue(acceptValid), parse.GetValue(json), token), ct);
            }
            return CliHost.RunAsync(parse.GetValue(database), async (services, token) =>
            {
                var import = services.GetRequiredService<RosterImport>();
                RosterImportResult result;
                await using (var stream = path.OpenRead())
                {
                    result = await import.RunAsync(stream, path.Name, new RosterImportOptions(parse.GetValue(dryRun), parse.GetValue(acceptValid)), token);
                }
                if (result.Failed)
                {
                    throw new InvalidInputException(result.Errors);
                }
                if (result.RejectedCsv is { } rejected)
                {
                    var rejectedPath = path.FullName + ".rejected.csv";
                    await File.WriteAllTextAsync(rejectedPath, rejected, token);
                    foreach (var error in result.Errors)
                    {
                        await console.Error.WriteLineAsync($"rejected: {error}");
                    }
                }
                var summary = new
                {
                    kind = what,
                    dry_run = parse.GetValue(dryRun),
                    rows = result.Rows,
                    created = result.Created,
                    updated = result.Updated,
                    unchanged = result.Unchanged,
                    separated = result.Separated,
                    rejected = result.Rejected,
                };
                if (parse.GetValue(json))
                {
                    await CliOutput.WriteJsonAsync(console.Out, summary);
                }
                else
                {
                    await console.Out.WriteLineAsync(
                        $"{(summary.dry_run ? "Checked" : "Imported")} {path.Name}: {result.Rows} rows, {result.Created} new, {result.Updated} updated, " +
                        $"{result.Unchanged} unchanged, {result.Separated} separations, {result.Rejected} rejected" +
                        (result.RejectedCsv is null ? "" : $" (see {path.Name}.rejected.csv)"));
                }
                return ExitCodes.Success;
            }, ct);
        });
        return command;
    }

    /// <summary>The command, then the read it did not take stopped (a failed start, a file imported before).</summary>
    private static async Task<int> WithReadAheadAsync(Features.Proof.CdrReadAhead? readAhead, Func<Task<int>> command)
    {
        await using (readAhead)
        {
            return await command();
        }
    }

    private static async Task<int> ImportKpiAsync(CliConsole console, IServiceProvider services, string what, FileInfo path, Domain.Kpi.KpiSettings settings,
        bool dryRun, bool acceptValid, bool json, CancellationToken ct, Domain.Kpi.ContactRecordFormat format = Domain.Kpi.ContactRecordFormat.Csv,
        (Domain.Kpi.ColumnMapping Mapping, string Name)? mapping = null, Features.Proof.CdrReadAhead? readAhead = null)
    {
        var import = services.GetRequiredService<Features.Proof.KpiImport>();
        var progress = new ProgressLine(console.Error, $"import {what} {path.Name}");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var result = mapping is { } m
            ? await import.ImportMappedAsync(what, path.FullName, path.Name, m.Mapping, m.Name, settings, dryRun, progress, ct)
            : what switch
            {
                "cdr" => await import.ImportCdrAsync(path.FullName, path.Name, settings, dryRun, progress, ct, acceptValid, format, readAhead),
                "intervals" => await import.ImportIntervalsAsync(path.FullName, path.Name, dryRun, progress, ct, acceptValid),
                _ => await import.ImportQaAsync(path.FullName, path.Name, dryRun, ct, acceptValid),
            };
        progress.Done();
        if (!result.Succeeded)
        {
            throw new InvalidInputException(result.Errors);
        }
        if (result.RejectedCsv is { } rejected)
        {
            await File.WriteAllTextAsync(path.FullName + ".rejected.csv", rejected, ct);
            foreach (var error in result.Errors)
            {
                await console.Error.WriteLineAsync($"rejected: {error}");
            }
        }
        if (json)
        {
            await CliOutput.WriteJsonAsync(console.Out, new
            {
                kind = what,
                dry_run = dryRun,
                rows = result.Rows,
                facts = result.Facts,
                rejected = result.Rejected,
                already_imported = result.AlreadyImported,
                seconds = Math.Round(watch.Elapsed.TotalSeconds, 2),
                notes = result.Notes ?? [],
            });
        }
        else
        {
            await console.Out.WriteLineAsync(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{(dryRun ? "Checked" : "Imported")} {path.Name}: {result.Rows} rows, {result.Facts} {(what == "qa" ? "agent-days" : "interval facts")} upserted" +
                $"{(result.RejectedCsv is null ? "" : $", {result.Rejected} rows rejected (see {path.Name}.rejected.csv)")}" +
                $"{(result.AlreadyImported ? " (this file was imported before: nothing changed)" : "")} in {watch.Elapsed.TotalSeconds:0.0} s"));
            foreach (var note in result.Notes ?? [])
            {
                await console.Out.WriteLineAsync($"note: {note}");
            }
        }
        return ExitCodes.Success;
    }

    /// <summary>The <c>--mapping</c> file read and checked before anything is opened: every problem is invalid input (exit 3).</summary>
    public static Domain.Kpi.ColumnMapping ReadMapping(FileInfo file)
    {
        if (!file.Exists)
        {
            throw new InvalidInputException($"{file.Name}: file not found");
        }
        string text;
        try
        {
            text = File.ReadAllText(file.FullName, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true, throwOnInvalidBytes: true));
        }
        catch (System.Text.DecoderFallbackException)
        {
            throw new InvalidInputException($"{file.Name}: the file is not valid UTF-8; save it as UTF-8 JSON");
        }
        return Domain.Kpi.ColumnMapping.Parse(text, file.Name, Features.Proof.ColumnMappings.FindZone, out var errors)
            ?? throw new InvalidInputException(errors);
    }

    private static async Task<int> ImportTableAsync(CliConsole console, IServiceProvider services, string what, FileInfo path, bool dryRun, bool acceptValid, bool json, CancellationToken ct)
    {
        Files.TableImportResult result;
        await using (var stream = path.OpenRead())
        {
            result = what switch
            {
                "catalog" => await services.GetRequiredService<Features.Catalog.CatalogCsv>().ImportAsync(stream, path.Name, dryRun, acceptValid, ct),
                "price-book" => await services.GetRequiredService<Features.Catalog.PriceBook>().ImportAsync(stream, path.Name, $"cli:{Environment.UserName}", dryRun, acceptValid, ct),
                "assessments" => await services.GetRequiredService<Features.Competencies.AssessmentService>().ImportAsync(stream, path.Name, dryRun, acceptValid, ct),
                _ => await services.GetRequiredService<Features.Competencies.FrameworkCsv>().ImportAsync(stream, path.Name, dryRun, ct),
            };
        }
        if (result.Failed)
        {
            throw new InvalidInputException(result.Errors);
        }
        if (result.RejectedCsv is { } rejected)
        {
            await File.WriteAllTextAsync(path.FullName + ".rejected.csv", rejected, ct);
            foreach (var error in result.Errors)
            {
                await console.Error.WriteLineAsync($"rejected: {error}");
            }
        }
        var summary = new { kind = what, dry_run = dryRun, rows = result.Rows, created = result.Created, updated = result.Updated, unchanged = result.Unchanged, rejected = result.Rejected };
        if (json)
        {
            await CliOutput.WriteJsonAsync(console.Out, summary);
        }
        else
        {
            await console.Out.WriteLineAsync(
                $"{(dryRun ? "Checked" : "Imported")} {path.Name}: {result.Rows} rows, {result.Created} new, {result.Updated} updated, {result.Unchanged} unchanged, {result.Rejected} rejected" +
                (result.RejectedCsv is null ? "" : $" (see {path.Name}.rejected.csv)"));
        }
        return ExitCodes.Success;
    }

    private static async Task<int> RunSchedulingAsync(CliConsole console, IServiceProvider services, string what, FileInfo path, SchedulingImportOptions options, bool json, CancellationToken token)
    {
        SchedulingImportResult result;
        await using (var stream = path.OpenRead())
        {
            result = what == "forecast"
                ? await services.GetRequiredService<ForecastImport>().RunAsync(stream, path.Name, options, token)
                : await services.GetRequiredService<ScheduleImport>().RunAsync(stream, path.Name, options, token);
        }
        if (result.Failed)
        {
            throw new InvalidInputException(result.Errors);
        }
        if (result.RejectedCsv is { } rejected)
        {
            await File.WriteAllTextAsync(path.FullName + ".rejected.csv", rejected, token);
            foreach (var error in result.Errors)
            {
                await console.Error.WriteLineAsync($"rejected: {error}");
            }
        }
        if (json)
        {
            await CliOutput.WriteJsonAsync(console.Out, new
            {
                kind = what,
                dry_run = options.DryRun,
                rows = result.Rows,
                created = result.Created,
                updated = result.Updated,
                unchanged = result.Unchanged,
                deleted = result.Deleted,
                rejected = result.Rejected,
            });
        }
        else
        {
            await console.Out.WriteLineAsync(
                $"{(options.DryRun ? "Checked" : "Imported")} {path.Name}: {result.Rows} rows, {result.Created} new, {result.Updated} updated, " +
                $"{result.Unchanged} unchanged, {result.Rejected} rejected" + (result.RejectedCsv is null ? "" : $" (see {path.Name}.rejected.csv)"));
        }
        return ExitCodes.Success;
    }
}

/// <summary>A one-line progress display on standard error ("\r" updates, whole percents only).</summary>
public sealed class ProgressLine(TextWriter error, string label) : IProgress<double>
{
    private int _last = -1;

    public void Report(double value)
    {
        var percent = (int)Math.Clamp(value * 100, 0, 100);
        if (percent == _last)
        {
            return;
        }
        _last = percent;
        var bar = new string('#', percent / 5).PadRight(20, '.');
        lock (error)
        {
            error.Write(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"\r{label} [{bar}] {percent,3}%"));
        }
    }

    public void Done()
    {
        if (_last >= 0)
        {
            error.WriteLine();
        }
    }
}
