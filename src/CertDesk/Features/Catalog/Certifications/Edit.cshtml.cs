using System.ComponentModel.DataAnnotations;
using System.Globalization;
using CertDesk.Data;
using CertDesk.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CertDesk.Features.Catalog.Certifications;

/// <summary>
/// Edit a certification (program manager, admin) with <see cref="CatalogService"/>'s rules, as the API does. The version
/// read travels in a hidden field: a save against a newer version writes nothing and says it was changed by someone else.
/// An empty field is an unknown fact, stored as unknown (null), never as zero.
/// </summary>
[Authorize(Policy = Policies.RunsProgram)]
public sealed class EditModel(CatalogService catalog, CertDeskDbContext db) : PageModel
{
    public const string Stale = "This certification was changed by someone else while you edited it. Nothing was saved; the form shows the current values: apply your change again.";

    public sealed class InputModel
    {
        [Required, StringLength(32)] public string? Code { get; set; }
        [Required, StringLength(200)] public string? Name { get; set; }
        [Display(Name = "Issuer")] public string? IssuerCode { get; set; }
        public string? Format { get; set; }
        [Display(Name = "In person")] public string? InPerson { get; set; }
        public string? Prerequisites { get; set; }
        [Display(Name = "Prerequisite codes (space separated)")] public string? PrerequisiteCodes { get; set; }
        [Display(Name = "Tuition")] public decimal? TuitionFee { get; set; }
        [Display(Name = "Exam fee")] public decimal? ExamFee { get; set; }
        [Display(Name = "Materials")] public decimal? MaterialsFee { get; set; }
        [Display(Name = "Retake fee")] public decimal? RetakeFee { get; set; }
        [Display(Name = "Exam attempts")] public int? ExamAttempts { get; set; }
        [Display(Name = "Study hours")] public decimal? StudyHours { get; set; }
        [Display(Name = "Class hours")] public decimal? ClassHours { get; set; }
        [Display(Name = "Validity (months)")] public int? ValidityMonths { get; set; }
        [Display(Name = "Renewal period (months)")] public int? RenewalPeriodMonths { get; set; }
        [Display(Name = "Continuing education amount")] public decimal? RenewalCeAmount { get; set; }
        [Display(Name = "Continuing education unit")] public string? RenewalCeUnit { get; set; }
        [Display(Name = "Renewal rule")] public string? RenewalRule { get; set; }
        public string? Verification { get; set; }
        public string? Notes { get; set; }
        [Display(Name = "Sources (one per line: fact = where it was found)")] public string? Sources { get; set; }
        [Display(Name = "Competencies built (one per line: code = level 1-5)")] public string? Competencies { get; set; }
        public int Version { get; set; }
    }

    [BindProperty] public InputModel Input { get; set; } = new();

    public Guid Id { get; private set; }
    public IReadOnlyList<Issuer> Issuers { get; private set; } = [];
    public bool WasStale { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var cert = await catalog.FindForUpdateAsync(id, ct);
        if (cert is null)
        {
            return NotFound();
        }
        await LoadAsync(cert, fill: true, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var cert = await catalog.FindForUpdateAsync(id, ct);
        if (cert is null)
        {
            return NotFound();
        }
        if (cert.Version != Input.Version)
        {
            return await StaleAsync(id, ct);
        }
        var lookups = await catalog.LookupsAsync(ct);
        var sources = ParsePairs(Input.Sources, "sources", s => s, out var sourceErrors);
        var levels = ParsePairs(Input.Competencies, "competencies", s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : (int?)null, out var levelErrors);
        foreach (var error in sourceErrors.Concat(levelErrors))
        {
            ModelState.AddModelError(string.Empty, error);
        }
        var input = new CertificationInput(Input.Code, Input.Name, Input.IssuerCode, Input.Format,
            Input.InPerson switch { "yes" => true, "no" => false, _ => null }, Input.Prerequisites, Input.PrerequisiteCodes,
            Input.TuitionFee, Input.ExamFee, Input.MaterialsFee, Input.RetakeFee, Input.ExamAttempts, Input.StudyHours, Input.ClassHours,
            Input.ValidityMonths, Input.RenewalPeriodMonths, Input.RenewalCeAmount, Input.RenewalCeUnit, Input.RenewalRule, Input.Verification,
            Input.Notes, sources, levels.ToDictionary(p => p.Key, p => p.Value!.Value, StringComparer.Ordinal));
        var errors = CatalogService.Validate(input, lookups);
        if (errors.Count == 0 && await catalog.ExistsAsync(input.Code!.Trim(), string.IsNullOrWhiteSpace(input.IssuerCode) ? null : lookups.Issuers[input.IssuerCode.Trim()].Id, id, ct))
        {
            errors["code"] = [$"'{input.Code}' of this issuer is already in the catalog"];
        }
        foreach (var (field, messages) in errors)
        {
            foreach (var message in messages)
            {
                ModelState.AddModelError(string.Empty, $"{field.Replace('_', ' ')}: {message}");
            }
        }
        if (!ModelState.IsValid)
        {
            await LoadAsync(cert, fill: false, ct);
            return Page();
        }
        if (CatalogService.Apply(cert, input, lookups))
        {
            // The version the user read is the one the update must find (a save in between fails the concurrency check).
            db.Entry(cert).Property(c => c.Version).OriginalValue = Input.Version;
            db.Entry(cert).Property(c => c.Name).IsModified = true;
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                db.ChangeTracker.Clear();
                return await StaleAsync(id, ct);
            }
        }
        return Redirect($"/Catalog/Certifications/Details/{id}");
    }

    private async Task<IActionResult> StaleAsync(Guid id, CancellationToken ct)
    {
        var current = await catalog.Query().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (current is null)
        {
            return NotFound();
        }
        ModelState.Clear();
        ModelState.AddModelError(string.Empty, Stale);
        WasStale = true;
        await LoadAsync(current, fill: true, ct);
        return Page();
    }

    private async Task LoadAsync(Certification cert, bool fill, CancellationToken ct)
    {
        Id = cert.Id;
        Issuers = await db.Issuers.AsNoTracking().OrderBy(i => i.Code).ToListAsync(ct);
        if (!fill)
        {
            return;
        }
        var inv = CultureInfo.InvariantCulture;
        Input = new InputModel
        {
            Code = cert.Code, Name = cert.Name, IssuerCode = cert.Issuer?.Code, Format = cert.Format,
            InPerson = cert.InPerson switch { true => "yes", false => "no", null => "" },
            Prerequisites = cert.Prerequisites, PrerequisiteCodes = cert.PrerequisiteCodes, TuitionFee = cert.TuitionFee, ExamFee = cert.ExamFee,
            MaterialsFee = cert.MaterialsFee, RetakeFee = cert.RetakeFee, ExamAttempts = cert.ExamAttempts, StudyHours = cert.StudyHours,
            ClassHours = cert.ClassHours, ValidityMonths = cert.ValidityMonths, RenewalPeriodMonths = cert.RenewalPeriodMonths,
            RenewalCeAmount = cert.RenewalCeAmount, RenewalCeUnit = cert.RenewalCeUnit, RenewalRule = cert.RenewalRule,
            Verification = cert.Verification.ToString().ToLowerInvariant(), Notes = cert.Notes,
            Sources = string.Join('\n', cert.Sources.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} = {p.Value}")),
            Competencies = string.Join('\n', cert.Competencies.Where(l => l.Competency is not null).OrderBy(l => l.Competency!.Code, StringComparer.Ordinal)
                .Select(l => $"{l.Competency!.Code} = {l.Level.ToString(inv)}")),
            Version = cert.Version,
        };
    }

    /// <summary>"key = value" lines; a line without "=" or a value that does not parse is an error.</summary>
    private static Dictionary<string, T> ParsePairs<T>(string? text, string field, Func<string, T?> parse, out List<string> errors)
    {
        var pairs = new Dictionary<string, T>(StringComparer.Ordinal);
        errors = [];
        var number = 0;
        foreach (var line in (text ?? "").Split('\n'))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            var at = line.IndexOf('=', StringComparison.Ordinal);
            var key = at > 0 ? line[..at].Trim() : "";
            var value = parse(at > 0 ? line[(at + 1)..].Trim() : "");
            if (key.Length == 0 || value is null || (value is string s && s.Length == 0))
            {
                errors.Add($"{field}: line {number.ToString(CultureInfo.InvariantCulture)} is not 'name = value'");
                continue;
            }
            pairs[key] = value;
        }
        return pairs;
    }
}
