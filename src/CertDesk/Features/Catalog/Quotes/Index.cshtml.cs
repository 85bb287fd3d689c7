using System.ComponentModel.DataAnnotations;
using CertDesk.Files;

namespace CertDesk.Features.Catalog.Quotes;

/// <summary>The quote form: the rules are <see cref="PriceBook.Validate"/> (as for the API and the import); empty = not quoted.</summary>
public sealed class QuoteForm
{
    [Display(Name = "Certification")] public string? CertificationCode { get; set; }
    [Display(Name = "Tuition (USD)")] public decimal? Tuition { get; set; }
    [Display(Name = "Exam fee (USD)")] public decimal? ExamFee { get; set; }
    [Display(Name = "Materials (USD)")] public decimal? Materials { get; set; }
    [Display(Name = "Class hours")] public decimal? ClassHours { get; set; }
    [Display(Name = "Delivery")] public string? DeliveryFormat { get; set; } = "online";
    [Display(Name = "Valid from")] public DateOnly? ValidFrom { get; set; }
    [Display(Name = "Valid to (empty: until replaced)")] public DateOnly? ValidTo { get; set; }
    [Display(Name = "Vendor or source")] public string? Vendor { get; set; }
    [Display(Name = "Quote reference")] public string? Reference { get; set; }
    [Display(Name = "Quote document (PDF or image, optional)")] public IFormFile? Attachment { get; set; }

    /// <summary>The version the edit form read (a save against a newer one writes nothing); unused when recording a quote.</summary>
    public int Version { get; set; }

    /// <summary>Kept as it was on an edit: the demo marker is the seed's and the CSV's, never bound from a form.</summary>
    [Microsoft.AspNetCore.Mvc.ModelBinding.BindNever] public bool DemoFigure { get; set; }

    public PriceQuoteInput ToInput() => new(CertificationCode, Tuition, ExamFee, Materials, ClassHours, DeliveryFormat, ValidFrom, ValidTo, Vendor, Reference, DemoFigure);

    public static QuoteForm From(PriceQuoteDto q)
    {
        ArgumentNullException.ThrowIfNull(q);
        return new QuoteForm
        {
            CertificationCode = q.CertificationCode,
            Tuition = q.Tuition,
            ExamFee = q.ExamFee,
            Materials = q.Materials,
            ClassHours = q.ClassHours,
            DeliveryFormat = q.DeliveryFormat,
            ValidFrom = q.ValidFrom,
            ValidTo = q.ValidTo,
            Vendor = q.Vendor,
            Reference = q.Reference,
            Version = q.Version,
            DemoFigure = q.DemoFigure,
        };
    }
}

/// <summary>
/// The center's price book (program manager, admin): every quote with whether it is in force today, a form to record
/// one (with the vendor's document), the CSV import (all or nothing unless "accept valid") and export.
/// </summary>
[Authorize(Policy = Policies.RunsProgram)]
public sealed class IndexModel(PriceBook prices, CallerAccessor caller, Data.CertDeskDbContext db) : PageModel
{
    [BindProperty] public QuoteForm Input { get; set; } = new();

    public IReadOnlyList<PriceQuoteDto> Rows { get; private set; } = [];

    public IReadOnlyList<(string Code, string Name)> Certifications { get; private set; } = [];

    public IReadOnlyList<string> ImportErrors { get; private set; } = [];

    [TempData] public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Input.ValidFrom ??= prices.Today;
        await LoadAsync(ct);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Rows = [.. (await prices.Query().ToListAsync(ct)).Select(prices.ToDto)];
        Certifications = [.. (await db.Certifications.AsNoTracking().OrderBy(c => c.Code).Select(c => new { c.Code, c.Name }).ToListAsync(ct))
            .DistinctBy(c => c.Code).Select(c => (c.Code, c.Name))];
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        byte[]? document = null;
        if (Input.Attachment is { Length: > 0 } file)
        {
            var (bytes, error) = await Enrollments.EvidenceFiles.ReadAsync(file, PriceBook.MaxAttachmentBytes, ct);
            var (contentType, problem) = bytes is null ? (null, error) : Enrollments.EvidenceFiles.Inspect(file.FileName, bytes, PriceBook.MaxAttachmentBytes);
            if (contentType is null)
            {
                ModelState.AddModelError("Input.Attachment", $"Quote document: {problem ?? "this file cannot be attached"}");
                await LoadAsync(ct);
                return Page();
            }
            document = bytes;
        }
        var outcome = await prices.CreateAsync(caller.Caller.Email, Input.ToInput(), ct);
        if (!outcome.IsOk)
        {
            ModelState.AddFieldErrors(outcome.Errors);
            await LoadAsync(ct);
            return Page();
        }
        if (document is not null)
        {
            await prices.AttachAsync(outcome.Value!.Id, Input.Attachment!.FileName, document, ct);
        }
        Message = $"Quote recorded for {outcome.Value!.Certification!.Code}: recommendations and cohort plans use it while it is in force.";
        return Redirect($"/Catalog/Quotes#quote-{outcome.Value.Id}");
    }

    public async Task<IActionResult> OnPostImportAsync(IFormFile? file, bool acceptValid, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            ImportErrors = ["Choose a CSV file to import."];
            await LoadAsync(ct);
            return Page();
        }
        await using var stream = file.OpenReadStream();
        var result = await prices.ImportAsync(stream, Path.GetFileName(file.FileName), caller.Caller.Email, dryRun: false, acceptValid, ct);
        if (result.Failed)
        {
            ImportErrors = ["Nothing was imported.", .. result.Errors];
            await LoadAsync(ct);
            return Page();
        }
        Message = $"Imported {Path.GetFileName(file.FileName)}: {result.Rows} rows, {result.Created} new, {result.Updated} updated, {result.Unchanged} unchanged, {result.Rejected} rejected"
            + (result.Rejected > 0 ? ": " + string.Join(" ", result.Errors) : ".");
        return Redirect("/Catalog/Quotes");
    }

    public async Task<IActionResult> OnGetCsvAsync(bool? bom, CancellationToken ct) =>
        File(CsvTable.Utf8(await prices.ExportAsync(ct), bom is true), "text/csv; charset=utf-8", "price-book.csv");

    public async Task<IActionResult> OnGetAttachmentAsync(Guid id, CancellationToken ct)
    {
        var quote = await db.PriceQuotes.AsNoTracking().Where(q => q.Id == id && q.AttachmentContent != null)
            .Select(q => new { q.AttachmentName, q.AttachmentContentType, q.AttachmentContent }).FirstOrDefaultAsync(ct);
        return quote is null ? NotFound() : File(quote.AttachmentContent!, quote.AttachmentContentType ?? "application/octet-stream", quote.AttachmentName ?? "quote");
    }
}
