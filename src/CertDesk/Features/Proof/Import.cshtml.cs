using CertDesk.Domain.Kpi;
using CertDesk.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CertDesk.Features.Proof;

/// <summary>
/// /Proof/Import: upload an interval, CDR or QA file. A plain multipart POST answered with a result summary; the
/// external script wwwroot/js/upload-progress.js sends the same form with XMLHttpRequest to show upload progress.
/// </summary>
[Authorize(Policy = Policies.RunsProgram)]
[RequestSizeLimit(MaxFileBytes + 64 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxFileBytes + 64 * 1024)]
public sealed class ImportModel(KpiImport import, KpiQueries kpis, ILogger<ImportModel> logger) : PageModel
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
    [BindProperty] public bool DryRun { get; set; }

    public KpiImportResult? Result { get; private set; }
    public string? FileName { get; private set; }
    public double Seconds { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!Kinds.Any(k => k.Value == Kind))
        {
            ModelState.AddModelError(nameof(Kind), "Choose what the file holds: interval data, call detail records or QA scores.");
        }
        if (Upload is null || Upload.Length == 0)
        {
            ModelState.AddModelError(nameof(Upload), "Choose a CSV file to upload.");
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
            Result = Kind switch
            {
                "cdr" => await import.ImportCdrAsync(path, FileName, new KpiSettings(t.IntervalMinutes, t.SlThresholdSeconds), DryRun, null, ct),
                "qa" => await import.ImportQaAsync(path, FileName, DryRun, ct),
                _ => await import.ImportIntervalsAsync(path, FileName, DryRun, null, ct),
            };
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
