using CertDesk.Domain.Kpi;
using CertDesk.Files;
using Microsoft.Extensions.Caching.Memory;

namespace CertDesk.Features.Proof;

/// <summary>
/// /Proof/Import: upload an interval, CDR or QA file. A plain multipart POST answered with a result summary; the
/// external script wwwroot/js/upload-progress.js sends the same form with XMLHttpRequest to show upload progress.
/// With <see cref="AcceptValid"/> (the CLI's <c>--accept-valid</c>) the valid rows are imported and the rejected ones kept
/// for the uploader in <see cref="RejectedRowsStore"/>, fetched by <see cref="OnGetRejected"/>.
/// </summary>
[Authorize(Policy = Policies.RunsProgram)]
[RequestSizeLimit(MaxFileBytes + 64 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxFileBytes + 64 * 1024)]
public sealed class ImportModel(KpiImport import, KpiQueries kpis, ColumnMappings mappings, IMemoryCache cache, ILogger<ImportModel> logger) : PageModel
{
    public const long MaxFileBytes = 100L << 20;

    public static readonly IReadOnlyList<(string Value, string Label)> Kinds =
    [
        ("intervals", "Interval data (aggregated per team and interval)"),
        ("cdr", "Call detail records (aggregated into intervals)"),
        ("qa", "QA evaluation scores"),
    ];

    [BindProperty] public IFormFile? Upload { get; set; }
    [BindProperty] public string Kind { get; set; } = "intervals";

    /// <summary>
    /// For call detail records: the contract's CSV or a platform's export (<see cref="ContactRecordFormats"/> names).
    /// Optional: a post without it (a script, or a form from before the choice existed) means the contract's CSV.
    /// </summary>
    [BindProperty] public string? Format { get; set; } = "csv";
    /// <summary>A saved column mapping (<see cref="ColumnMappings"/>) that reads another system's report; null: none.</summary>
    [BindProperty] public Guid? MappingId { get; set; }

    [BindProperty] public bool DryRun { get; set; }
    [BindProperty] public bool AcceptValid { get; set; }

    public KpiImportResult? Result { get; private set; }
    public string? FileName { get; private set; }
    public double Seconds { get; private set; }

    /// <summary>The download id of the rejected rows (accept-valid with rows left out), null when none or too large to keep.</summary>
    public string? RejectedId { get; private set; }

    /// <summary>The saved mappings offered on the form.</summary>
    public IReadOnlyList<KpiColumnMappingRecord> Mappings { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Mappings = await mappings.ListAsync(ct);

    /// <summary>The rejected rows of one of the caller's own accept-valid uploads; 404 for anyone else or once expired.</summary>
    public IActionResult OnGetRejected(string? id)
    {
        if (RejectedRowsStore.Find(cache, Caller.From(User).UserId, id) is not { } file)
        {
            return NotFound();
        }
        return File(Encoding.UTF8.GetBytes(file.Csv), "text/csv", file.FileName + ".rejected.csv");
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Mappings = await mappings.ListAsync(ct);
        if (!Kinds.Any(k => k.Value == Kind))
        {
            ModelState.AddModelError(nameof(Kind), "Choose what the file holds: interval data, call detail records or QA scores.");
        }
        Format ??= "csv";
        if (!ContactRecordFormats.TryParse(Format, out var format))
        {
            ModelState.AddModelError(nameof(Format), "Choose the format of the call detail records: " + string.Join(", ", ContactRecordFormats.All.Select(f => f.Label)) + ".");
        }
        else if (format != ContactRecordFormat.Csv && Kind != "cdr")
        {
            ModelState.AddModelError(nameof(Format), "A platform's export holds call detail records: choose \"Call detail records\" as what the file holds.");
        }
        else if (format != ContactRecordFormat.Csv && AcceptValid)
        {
            ModelState.AddModelError(nameof(AcceptValid), "A platform's export is imported whole or not at all: importing only the valid rows works with CSV files.");
        }
        var saved = MappingId is { } mappingId ? Mappings.FirstOrDefault(m => m.Id == mappingId) : null;
        ColumnMapping? mapping = null;
        if (MappingId is not null && saved is null)
        {
            ModelState.AddModelError(nameof(MappingId), "That column mapping no longer exists: choose another, or none.");
        }
        else if (saved is not null)
        {
            if (saved.Kind != Kind)
            {
                var reads = global::CertDesk.Features.Proof.Mappings.EditModel.KindLabel(saved.Kind).ToLowerInvariant();
                ModelState.AddModelError(nameof(MappingId), $"The mapping \"{saved.Name}\" reads {reads}: choose that as what the file holds, or another mapping.");
            }
            else if (format != ContactRecordFormat.Csv)
            {
                ModelState.AddModelError(nameof(MappingId), "A column mapping reads a CSV report: choose CertDesk's CSV as the format, or no mapping.");
            }
            else if (AcceptValid)
            {
                ModelState.AddModelError(nameof(AcceptValid), "A file read through a column mapping is imported whole or not at all: importing only the valid rows works with CertDesk's own CSV files.");
            }
            else if (ColumnMappings.Read(saved, out var problems) is { } read)
            {
                mapping = read;
            }
            else
            {
                foreach (var problem in problems)
                {
                    ModelState.AddModelError(nameof(MappingId), problem);
                }
            }
        }
        if (Upload is null || Upload.Length == 0)
        {
            ModelState.AddModelError(nameof(Upload), "Choose a file to upload.");
        }
        else if (Upload.Length > MaxFileBytes)
        {
            ModelState.AddModelError(nameof(Upload), "The file is larger than 100 MB: import it with the command line (certdesk import).");
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        FileName = Path.GetFileName(Upload!.FileName);
        var path = Path.Combine(Path.GetTempPath(), "certdesk-upload-" + Guid.NewGuid().ToString("N") + ".csv");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            await using (var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                await Upload.CopyToAsync(target, ct);
            }
            var t = kpis.Thresholds;
            var settings = new KpiSettings(t.IntervalMinutes, t.SlThresholdSeconds);
            Result = mapping is not null
                ? await import.ImportMappedAsync(Kind, path, FileName, mapping, $"the saved mapping '{saved!.Name}'", settings, DryRun, null, ct)
                : Kind switch
                {
                    "cdr" => await import.ImportCdrAsync(path, FileName, new KpiSettings(t.IntervalMinutes, t.SlThresholdSeconds), DryRun, null, ct, AcceptValid, format),
                    "qa" => await import.ImportQaAsync(path, FileName, DryRun, ct, AcceptValid),
                    _ => await import.ImportIntervalsAsync(path, FileName, DryRun, null, ct, AcceptValid),
                };
            if (Result is { Succeeded: true, RejectedCsv: { } rejected })
            {
                RejectedId = RejectedRowsStore.Keep(cache, Caller.From(User).UserId, FileName, rejected);
            }
        }
        finally
        {
            try
            {
                System.IO.File.Delete(path);
            }
            catch (IOException e)
            {
                logger.LogWarning(e, "Could not delete the uploaded file {Path}", path);
            }
        }
        Seconds = watch.Elapsed.TotalSeconds;
        return Page();
    }
}
