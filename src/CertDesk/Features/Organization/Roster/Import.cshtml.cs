namespace CertDesk.Features.Organization.Roster;

[Authorize(Policy = Policies.RunsProgram)]
[RequestSizeLimit(RosterImport.MaxFileBytes + 64 * 1024)]
public sealed class ImportModel(RosterImport import) : PageModel
{
    [BindProperty] public IFormFile? Upload { get; set; }
    [BindProperty] public bool DryRun { get; set; }
    [BindProperty] public bool AcceptValid { get; set; }

    public RosterImportResult? Result { get; private set; }
    public string? RejectedCsvBase64 { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Upload is null || Upload.Length == 0)
        {
            ModelState.AddModelError(nameof(Upload), "Choose a CSV file to upload.");
            return Page();
        }
        await using var stream = Upload.OpenReadStream();
        Result = await import.RunAsync(stream, Path.GetFileName(Upload.FileName), new RosterImportOptions(DryRun, AcceptValid), ct);
        if (Result.RejectedCsv is { } csv)
        {
            RejectedCsvBase64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(csv));
        }
        return Page();
    }
}
