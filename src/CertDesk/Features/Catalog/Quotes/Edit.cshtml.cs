
namespace CertDesk.Features.Catalog.Quotes;

/// <summary>
/// Edit a quote of the price book (program manager, admin) with <see cref="PriceBook.UpdateAsync"/>, the rules of the
/// record form, the API's PUT and the import. The version read travels in a hidden field: a save against a newer version
/// writes nothing and shows the current figures. A saved change is audited (the database's audit trail, like every write)
/// and takes effect at once in recommendations, cohort plans and new business cases while the quote is in force.
/// </summary>
[Authorize(Policy = Policies.RunsProgram)]
public sealed class EditModel(PriceBook prices, Data.CertDeskDbContext db) : PageModel
{
    public const string Stale = "This quote was changed by someone else while you edited it. Nothing was saved; the form shows the current figures: apply your change again.";

    [BindProperty] public QuoteForm Input { get; set; } = new();

    public Guid Id { get; private set; }

    public PriceQuoteDto? Current { get; private set; }

    public IReadOnlyList<(string Code, string Name)> Certifications { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        Input = QuoteForm.From(Current!);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        byte[]? document = null;
        if (Input.Attachment is { Length: > 0 } file)
        {
            var (bytes, error) = await Enrollments.EvidenceFiles.ReadAsync(file, PriceBook.MaxAttachmentBytes, ct);
            var (contentType, problem) = bytes is null ? (null, error) : Enrollments.EvidenceFiles.Inspect(file.FileName, bytes, PriceBook.MaxAttachmentBytes);
            if (contentType is null)
            {
                ModelState.AddModelError("Input.Attachment", $"Quote document: {problem ?? "this file cannot be attached"}");
                return Page();
            }
            document = bytes;
        }
        Input.DemoFigure = Current!.DemoFigure;
        var outcome = await prices.UpdateAsync(id, Input.ToInput(), Input.Version, ct);
        if (outcome.IsOk && document is not null)
        {
            await prices.AttachAsync(id, Input.Attachment!.FileName, document, ct);
        }
        return await this.AnswerAsync(outcome, saved =>
        {
            TempData["Message"] = $"Quote of {saved.Vendor} for {saved.Certification!.Code} saved: recommendations, cohort plans and new business cases use it while it is in force.";
            return Redirect($"/Catalog/Quotes#quote-{saved.Id}");
        }, () => Task.FromResult<IActionResult>(Page()),
        stale: current =>
        {
            ModelState.Clear();
            ModelState.AddModelError(string.Empty, Stale);
            Current = prices.ToDto(current.Value!);
            Input = QuoteForm.From(Current);
        });
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        Id = id;
        var quote = await prices.Query().FirstOrDefaultAsync(q => q.Id == id, ct);
        if (quote is null)
        {
            return false;
        }
        Current = prices.ToDto(quote);
        Certifications = [.. (await db.Certifications.AsNoTracking().OrderBy(c => c.Code).Select(c => new { c.Code, c.Name }).ToListAsync(ct))
            .DistinctBy(c => c.Code).Select(c => (c.Code, c.Name))];
        return true;
    }
}
