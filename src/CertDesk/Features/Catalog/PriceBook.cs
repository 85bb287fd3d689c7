using CertDesk.Domain.Gaps;
using CertDesk.Files;

namespace CertDesk.Features.Catalog;

/// <summary>A quote as written by the page, the API (POST, PUT) and one CSV row. Only the certification, tuition, valid_from and vendor are required.</summary>
public sealed record PriceQuoteInput(
    string? CertificationCode, decimal? Tuition, decimal? ExamFee = null, decimal? Materials = null, decimal? ClassHours = null,
    string? DeliveryFormat = null, DateOnly? ValidFrom = null, DateOnly? ValidTo = null, string? Vendor = null, string? Reference = null,
    bool? DemoFigure = null);

/// <summary>A quote as the API and the page show it (money in <see cref="Currency"/>).</summary>
public sealed record PriceQuoteDto(
    Guid Id, Guid CertificationId, string CertificationCode, string CertificationName, decimal Tuition, decimal? ExamFee, decimal? Materials,
    decimal? ClassHours, string DeliveryFormat, DateOnly ValidFrom, DateOnly? ValidTo, string Vendor, string? Reference, bool DemoFigure,
    bool InForce, string Currency, string? AttachmentName, int Version);

/// <summary>
/// One certification's fully loaded cost for one person by the price book's rule, the quote it used (if any) and the
/// basis in words. <see cref="Source"/> is the API name of the basis (quote, published, estimate; unknown without a cost).
/// </summary>
public sealed record PricedCost(CostBreakdown? Cost, PriceQuote? Quote, string Basis)
{
    public string Source => PriceBook.SourceCode(Cost?.Source);
}

/// <summary>
/// The center's own price book: quotes per certification, and the one rule every cost figure follows: the quote in
/// force on the day, else the issuer's published price (catalog), else the planning estimate, saying which it used
/// (<see cref="CostFacts"/>, <see cref="Describe"/>). Used by recommendations and the cohort plan.
/// </summary>
public sealed class PriceBook(CertDeskDbContext db, TimeProvider clock)
{
    public const string Currency = "USD";
    public const long MaxFileBytes = 5L * 1024 * 1024;
    public const long MaxAttachmentBytes = 10L * 1024 * 1024;

    public static readonly string[] Columns =
        ["certification_code", "tuition", "exam_fee", "materials", "class_hours", "delivery_format", "valid_from", "valid_to", "vendor", "reference", "demo_figure"];

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public IQueryable<PriceQuote> Query() =>
        db.PriceQuotes.AsNoTracking().Include(q => q.Certification)
            .OrderBy(q => q.Certification!.Code).ThenByDescending(q => q.ValidFrom).ThenBy(q => q.Vendor);

    /// <summary>The quote in force on <paramref name="day"/> per certification: the latest start among those in force.</summary>
    public async Task<IReadOnlyDictionary<Guid, PriceQuote>> InForceAsync(DateOnly day, CancellationToken ct)
    {
        var quotes = await db.PriceQuotes.AsNoTracking()
            .Where(q => q.ValidFrom <= day && (q.ValidTo == null || q.ValidTo >= day))
            .Select(q => new PriceQuote
            {
                Id = q.Id,
                CertificationId = q.CertificationId,
                Tuition = q.Tuition,
                ExamFee = q.ExamFee,
                Materials = q.Materials,
                ClassHours = q.ClassHours,
                Delivery = q.Delivery,
                ValidFrom = q.ValidFrom,
                ValidTo = q.ValidTo,
                Vendor = q.Vendor,
                Reference = q.Reference,
                DemoFigure = q.DemoFigure,
                CreatedBy = q.CreatedBy,
                CreatedAt = q.CreatedAt,
                Version = q.Version,
            })
            .ToListAsync(ct);
        return quotes.GroupBy(q => q.CertificationId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(q => q.ValidFrom).ThenByDescending(q => q.Id).First());
    }

    /// <summary>
    /// The cost facts of a certification: the quote's fees and hours when a quote is in force (a line the quote leaves
    /// empty falls back to the catalog's), else the catalog's published facts (unknown stays unknown: the estimate
    /// replaces it in <see cref="FullyLoadedCost"/>).
    /// </summary>
    public static CertificationCostFacts CostFacts(Certification cert, PriceQuote? quote)
    {
        ArgumentNullException.ThrowIfNull(cert);
        return quote is null
            ? new CertificationCostFacts(cert.TuitionFee, cert.ExamFee, cert.MaterialsFee, cert.StudyHours, cert.ClassHours, cert.InPerson == true)
            : new CertificationCostFacts(quote.Tuition, quote.ExamFee ?? cert.ExamFee, quote.Materials ?? cert.MaterialsFee, cert.StudyHours,
                quote.ClassHours ?? cert.ClassHours, quote.Delivery != DeliveryFormat.Online, Quoted: true);
    }

    /// <summary>
    /// The one path from the price book to a cost: the quote in force today, else the published price, else the
    /// planning estimate, priced at <paramref name="hourlyLoadedCost"/>. Requests and business cases both use it, so a
    /// case pre-filled on its page and one opened by a request carry the same figures and the same basis.
    /// </summary>
    public async Task<PricedCost> CostOfAsync(Certification cert, decimal hourlyLoadedCost, CostAssumptions assumptions, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cert);
        var quote = (await InForceAsync(Today, ct)).GetValueOrDefault(cert.Id);
        var cost = FullyLoadedCost.Compute(CostFacts(cert, quote), hourlyLoadedCost, assumptions);
        return new PricedCost(cost, quote, Describe(cost, quote));
    }

    /// <summary>Says which basis a cost used, in the user's words: "quote from X (valid to ...)", "published price" or "planning estimate".</summary>
    public static string Describe(CostBreakdown? cost, PriceQuote? quote) => cost?.Source switch
    {
        null => "unknown",
        CostSource.Quote when quote is not null =>
            $"quote from {quote.Vendor}{(quote.ValidTo is { } to ? $", valid to {to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}" : "")}{(quote.DemoFigure ? " (demo figure)" : "")}",
        CostSource.Quote => "quote",
        CostSource.Published => "published price",
        _ => "planning estimate",
    };

    /// <summary>The API and CSV name of a cost basis.</summary>
    public static string SourceCode(CostSource? source) => source switch
    {
        CostSource.Quote => "quote",
        CostSource.Published => "published",
        CostSource.Estimate => "estimate",
        _ => "unknown",
    };

    public PriceQuoteDto ToDto(PriceQuote q) => new(
        Id: q.Id,
        CertificationId: q.CertificationId,
        CertificationCode: q.Certification?.Code ?? "",
        CertificationName: q.Certification?.Name ?? "",
        Tuition: q.Tuition,
        ExamFee: q.ExamFee,
        Materials: q.Materials,
        ClassHours: q.ClassHours,
        DeliveryFormat: DeliveryCode(q.Delivery),
        ValidFrom: q.ValidFrom,
        ValidTo: q.ValidTo,
        Vendor: q.Vendor,
        Reference: q.Reference,
        DemoFigure: q.DemoFigure,
        InForce: q.InForceOn(Today),
        Currency: Currency,
        AttachmentName: q.AttachmentName,
        Version: q.Version);

    public static string DeliveryCode(DeliveryFormat format) => format switch
    {
        DeliveryFormat.InPerson => "in_person",
        DeliveryFormat.Blended => "blended",
        _ => "online",
    };

    public static string DeliveryLabel(DeliveryFormat format) => format switch
    {
        DeliveryFormat.InPerson => "In person",
        DeliveryFormat.Blended => "Blended",
        _ => "Online",
    };

    private static DeliveryFormat? ParseDelivery(string? text) => text?.Trim().Replace(' ', '_').Replace('-', '_').ToLowerInvariant() switch
    {
        "online" => DeliveryFormat.Online,
        "in_person" or "inperson" or "classroom" => DeliveryFormat.InPerson,
        "blended" or "hybrid" => DeliveryFormat.Blended,
        _ => null,
    };

    /// <summary>The rules of a quote, one place for the page, the API and the import.</summary>
    public static FieldErrors Validate(PriceQuoteInput input, IReadOnlyDictionary<string, List<Certification>> certifications)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(certifications);
        var errors = new FieldErrors();
        var code = input.CertificationCode?.Trim() ?? "";
        if (code.Length == 0)
        {
            errors.Add("certification_code", "is required");
        }
        else if (!certifications.TryGetValue(code, out var matches))
        {
            errors.Add("certification_code", $"'{code}' is not a certification of the catalog");
        }
        else if (matches.Count > 1)
        {
            errors.Add("certification_code", $"'{code}' names {matches.Count} certifications of different issuers");
        }
        errors.Check(input.Tuition is >= 0 and <= 1_000_000, "tuition", "is required: an amount from 0 to 1,000,000 (USD)");
        errors.Check(input.ExamFee is null or (>= 0 and <= 1_000_000), "exam_fee", "must be from 0 to 1,000,000 (USD), or empty when not quoted");
        errors.Check(input.Materials is null or (>= 0 and <= 1_000_000), "materials", "must be from 0 to 1,000,000 (USD), or empty when not quoted");
        errors.Check(input.ClassHours is null or (>= 0 and <= 2000), "class_hours", "must be from 0 to 2,000 hours, or empty when not quoted");
        errors.Check(string.IsNullOrWhiteSpace(input.DeliveryFormat) || ParseDelivery(input.DeliveryFormat) is not null, "delivery_format", $"'{input.DeliveryFormat}' is not one of online, in_person, blended");
        errors.Check(input.ValidFrom is not null, "valid_from", "is required (the first day the quote holds, yyyy-MM-dd)");
        errors.Check(input.ValidTo is null || input.ValidFrom is null || input.ValidTo >= input.ValidFrom, "valid_to", "must be on or after valid_from");
        errors.Check(input.Vendor?.Trim() is { Length: > 0 and <= 200 }, "vendor", "is required: who quoted it or where the figure comes from (at most 200 characters)");
        errors.Check((input.Reference?.Trim().Length ?? 0) <= 100, "reference", "is at most 100 characters");
        return errors;
    }

    private async Task<Dictionary<string, List<Certification>>> CertificationsAsync(CancellationToken ct) =>
        (await db.Certifications.ToListAsync(ct)).GroupBy(c => c.Code, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

    /// <summary>Copies the input onto the quote; true when something changed.</summary>
    private static bool Apply(PriceQuote q, PriceQuoteInput input, Certification cert)
    {
        var vendor = input.Vendor!.Trim();
        var reference = string.IsNullOrWhiteSpace(input.Reference) ? null : input.Reference.Trim();
        var delivery = ParseDelivery(input.DeliveryFormat) ?? DeliveryFormat.Online;
        var changed = q.CertificationId != cert.Id || q.Tuition != input.Tuition || q.ExamFee != input.ExamFee || q.Materials != input.Materials
            || q.ClassHours != input.ClassHours || q.Delivery != delivery || q.ValidFrom != input.ValidFrom || q.ValidTo != input.ValidTo
            || q.Vendor != vendor || q.Reference != reference || q.DemoFigure != (input.DemoFigure ?? false);
        q.CertificationId = cert.Id;
        q.Tuition = input.Tuition!.Value;
        q.ExamFee = input.ExamFee;
        q.Materials = input.Materials;
        q.ClassHours = input.ClassHours;
        q.Delivery = delivery;
        q.ValidFrom = input.ValidFrom!.Value;
        q.ValidTo = input.ValidTo;
        q.Vendor = vendor;
        q.Reference = reference;
        q.DemoFigure = input.DemoFigure ?? false;
        return changed;
    }

    public async Task<Outcome<PriceQuote>> CreateAsync(string createdBy, PriceQuoteInput input, CancellationToken ct)
    {
        var certs = await CertificationsAsync(ct);
        var errors = Validate(input, certs);
        if (errors.Count > 0)
        {
            return Outcome<PriceQuote>.Invalid(errors);
        }
        var cert = certs[input.CertificationCode!.Trim()][0];
        if (await db.PriceQuotes.AnyAsync(q => q.CertificationId == cert.Id && q.ValidFrom == input.ValidFrom && q.Vendor == input.Vendor!.Trim(), ct))
        {
            return Outcome<PriceQuote>.Invalid("valid_from", $"{input.Vendor!.Trim()} already has a quote for {cert.Code} from {input.ValidFrom:yyyy-MM-dd}: edit that one");
        }
        var quote = new PriceQuote { Vendor = "", CreatedBy = createdBy, CreatedAt = clock.GetUtcNow() };
        Apply(quote, input, cert);
        db.PriceQuotes.Add(quote);
        await db.SaveChangesAsync(ct);
        quote.Certification = cert;
        return Outcome<PriceQuote>.Ok(quote);
    }

    /// <summary>Replaces a quote's figures (every field, as in POST); a stale <paramref name="expectedVersion"/> changes nothing.</summary>
    public async Task<Outcome<PriceQuote>> UpdateAsync(Guid id, PriceQuoteInput input, int? expectedVersion, CancellationToken ct)
    {
        var quote = await db.PriceQuotes.Include(q => q.Certification).FirstOrDefaultAsync(q => q.Id == id, ct);
        if (quote is null)
        {
            return Outcome<PriceQuote>.NotFound();
        }
        if (expectedVersion is { } v && v != quote.Version)
        {
            return Outcome<PriceQuote>.Stale(quote);
        }
        var certs = await CertificationsAsync(ct);
        var errors = Validate(input, certs);
        if (errors.Count > 0)
        {
            return Outcome<PriceQuote>.Invalid(errors);
        }
        var cert = certs[input.CertificationCode!.Trim()][0];
        if (await db.PriceQuotes.AnyAsync(q => q.Id != id && q.CertificationId == cert.Id && q.ValidFrom == input.ValidFrom && q.Vendor == input.Vendor!.Trim(), ct))
        {
            return Outcome<PriceQuote>.Invalid("valid_from", $"{input.Vendor!.Trim()} already has another quote for {cert.Code} from {input.ValidFrom:yyyy-MM-dd}");
        }
        if (Apply(quote, input, cert))
        {
            await db.SaveChangesAsync(ct);
        }
        quote.Certification = cert;
        return Outcome<PriceQuote>.Ok(quote);
    }

    /// <summary>Attaches the vendor's quote document (PDF or image, checked by its signature); replaces an earlier one.</summary>
    public async Task<Outcome<PriceQuote>> AttachAsync(Guid id, string fileName, byte[] content, CancellationToken ct)
    {
        var quote = await db.PriceQuotes.Include(q => q.Certification).FirstOrDefaultAsync(q => q.Id == id, ct);
        if (quote is null)
        {
            return Outcome<PriceQuote>.NotFound();
        }
        var (contentType, error) = Enrollments.EvidenceFiles.Inspect(fileName, content, MaxAttachmentBytes);
        if (contentType is null)
        {
            return Outcome<PriceQuote>.Invalid("attachment", error ?? "is not a file CertDesk accepts");
        }
        quote.AttachmentName = Path.GetFileName(fileName);
        quote.AttachmentContentType = contentType;
        quote.AttachmentContent = content;
        await db.SaveChangesAsync(ct);
        return Outcome<PriceQuote>.Ok(quote);
    }

    /// <summary>
    /// The price book as CSV (<see cref="Columns"/>; dates yyyy-MM-dd, money with two decimals in USD, empty = not quoted).
    /// The same file imports back unchanged.
    /// </summary>
    public async Task<string> ExportAsync(CancellationToken ct)
    {
        var quotes = await Query().ToListAsync(ct);
        return CsvTable.Write(Columns, quotes.Select(q => (IReadOnlyList<string?>)
        [
            q.Certification!.Code, Money(q.Tuition), Money(q.ExamFee), Money(q.Materials), q.ClassHours?.ToString("0.##", CultureInfo.InvariantCulture),
            DeliveryCode(q.Delivery), q.ValidFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), q.ValidTo?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            q.Vendor, q.Reference, q.DemoFigure ? "true" : "false",
        ]));
    }

    private static string? Money(decimal? value) => value?.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>
    /// Imports quotes (the contract's rules): all or nothing unless <paramref name="acceptValid"/>; a quote is keyed by
    /// certification, valid_from and vendor, so the same file twice changes nothing; errors name the file, row, field and reason.
    /// </summary>
    public async Task<TableImportResult> ImportAsync(Stream file, string fileName, string importedBy, bool dryRun, bool acceptValid, CancellationToken ct)
    {
        var (header, rows, fileError) = await CsvTable.ReadAsync(file, fileName, MaxFileBytes, ["certification_code", "tuition", "valid_from", "vendor"], ct);
        if (fileError is not null)
        {
            return TableImportResult.Fail([fileError]);
        }
        var certs = await CertificationsAsync(ct);
        var inputs = new Dictionary<CsvRow, PriceQuoteInput>();
        var seen = new Dictionary<(string, DateOnly?, string), int>();
        foreach (var row in rows.Where(r => r.Valid))
        {
            var input = Parse(row);
            if (!row.Valid)
            {
                continue;
            }
            foreach (var (field, reasons) in Validate(input, certs))
            {
                foreach (var reason in reasons)
                {
                    row.Error(field, reason);
                }
            }
            var key = (input.CertificationCode ?? "", input.ValidFrom, input.Vendor?.Trim() ?? "");
            if (seen.TryGetValue(key, out var first))
            {
                row.Error("vendor", $"the quote of {key.Item3} for {key.Item1} from {input.ValidFrom:yyyy-MM-dd} is already on row {first}");
            }
            else
            {
                seen[key] = row.Number;
            }
            inputs[row] = input;
        }
        var errors = rows.SelectMany(r => r.Errors).ToList();
        var rejected = rows.Count(r => !r.Valid);
        if (errors.Count > 0 && !acceptValid)
        {
            return new TableImportResult(rows.Count, 0, 0, 0, rejected, errors, null);
        }
        var existing = await db.PriceQuotes.ToListAsync(ct);
        int created = 0, updated = 0, unchanged = 0;
        var now = clock.GetUtcNow();
        foreach (var row in rows.Where(r => r.Valid))
        {
            var input = inputs[row];
            var cert = certs[input.CertificationCode!][0];
            var vendor = input.Vendor!.Trim();
            var quote = existing.FirstOrDefault(q => q.CertificationId == cert.Id && q.ValidFrom == input.ValidFrom && q.Vendor == vendor);
            if (quote is null)
            {
                quote = new PriceQuote { Vendor = vendor, CreatedBy = importedBy, CreatedAt = now };
                Apply(quote, input, cert);
                db.PriceQuotes.Add(quote);
                existing.Add(quote);
                created++;
            }
            else if (Apply(quote, input, cert))
            {
                updated++;
            }
            else
            {
                unchanged++;
            }
        }
        return await TableImportResult.SaveAsync(db, dryRun, header, rows, (created, updated, unchanged, rejected), errors, ct);
    }

    private static PriceQuoteInput Parse(CsvRow row)
    {
        decimal? Dec(string column)
        {
            var text = row[column];
            if (text.Length == 0)
            {
                return null;
            }
            if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }
            row.Error(column, $"'{text}' is not a number (digits and a decimal point, no currency sign or thousands separator)");
            return null;
        }
        DateOnly? Day(string column)
        {
            var text = row[column];
            if (text.Length == 0)
            {
                return null;
            }
            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                return day;
            }
            row.Error(column, $"'{text}' is not a date (yyyy-MM-dd)");
            return null;
        }
        if (row["delivery_format"].Length > 0 && ParseDelivery(row["delivery_format"]) is null)
        {
            row.Error("delivery_format", $"'{row["delivery_format"]}' is not one of online, in_person, blended");
        }
        var demo = row["demo_figure"].ToLowerInvariant();
        if (demo is not ("" or "true" or "false"))
        {
            row.Error("demo_figure", $"'{row["demo_figure"]}' is not true or false");
        }
        return new PriceQuoteInput(row["certification_code"], Dec("tuition"), Dec("exam_fee"), Dec("materials"), Dec("class_hours"),
            row["delivery_format"], Day("valid_from"), Day("valid_to"), row["vendor"], row["reference"], demo == "true");
    }

    /// <summary>
    /// The demo organization's price book: plausible made-up quotes, each marked as a demo figure, that make the
    /// ranking per dollar differ from the ranking by gap closed (cheap online courses against in-person ones).
    /// Seeded once, when the price book is empty.
    /// </summary>
    public async Task<bool> SeedDemoAsync(CancellationToken ct)
    {
        if (await db.PriceQuotes.AnyAsync(ct))
        {
            return false;
        }
        var from = new DateOnly(Today.Year, 1, 1);
        var to = new DateOnly(Today.Year + 1, 12, 31);
        (string Code, decimal Tuition, decimal? Exam, decimal? Materials, decimal Hours, DeliveryFormat Delivery, string Vendor)[] demo =
        [
            ("CCCM", 3_450m, 395m, 180m, 40m, DeliveryFormat.InPerson, "Demo figure: regional RCCSP-accredited trainer"),
            ("CQMP", 2_950m, 395m, 150m, 32m, DeliveryFormat.InPerson, "Demo figure: regional RCCSP-accredited trainer"),
            ("QAMC", 1_150m, null, 90m, 16m, DeliveryFormat.Online, "Demo figure: online QA academy"),
            ("CCCS", 990m, null, 60m, 16m, DeliveryFormat.Online, "Demo figure: online supervisor academy"),
            ("HDI-SCTL", 1_595m, 250m, null, 16m, DeliveryFormat.Online, "Demo figure: HDI training partner"),
        ];
        var certs = await CertificationsAsync(ct);
        foreach (var (code, tuition, exam, materials, hours, delivery, vendor) in demo)
        {
            if (certs.TryGetValue(code, out var matches) && matches.Count == 1)
            {
                db.PriceQuotes.Add(new PriceQuote
                {
                    CertificationId = matches[0].Id,
                    Tuition = tuition,
                    ExamFee = exam,
                    Materials = materials,
                    ClassHours = hours,
                    Delivery = delivery,
                    ValidFrom = from,
                    ValidTo = to,
                    Vendor = vendor,
                    Reference = "DEMO",
                    DemoFigure = true,
                    CreatedBy = "system:demo-seed",
                    CreatedAt = clock.GetUtcNow(),
                });
            }
        }
        await db.SaveChangesAsync(ct);
        return true;
    }
}
