using CertDesk.Files;
using nietras.SeparatedValues;

namespace CertDesk.Features.Catalog;

/// <summary>
/// <c>import catalog FILE</c> / <c>export catalog --out FILE</c>: one row per certification (docs/formats.md). Empty
/// cells are unknown facts. Keyed by (code, issuer_code): importing the same file twice changes nothing;
/// all-or-nothing unless accept-valid. A new issuer_code creates the issuer (issuer_name required then).
/// </summary>
public sealed class CatalogCsv(CertDeskDbContext db, CatalogService catalog)
{
    public const long MaxFileBytes = 5L * 1024 * 1024;

    public static readonly string[] Columns =
    [
        "code", "name", "issuer_code", "issuer_name", "format", "in_person", "prerequisites", "prerequisite_codes",
        "tuition_fee", "exam_fee", "materials_fee", "retake_fee", "exam_attempts", "study_hours", "class_hours",
        "validity_months", "renewal_period_months", "renewal_ce_amount", "renewal_ce_unit", "renewal_rule",
        "competencies", "verification", "sources", "notes",
    ];

    public async Task<TableImportResult> ImportAsync(Stream file, string fileName, bool dryRun, bool acceptValid, CancellationToken ct)
    {
        var (header, rows, fileError) = await CsvTable.ReadAsync(file, fileName, MaxFileBytes, Columns, ct);
        if (fileError is not null)
        {
            return TableImportResult.Fail([fileError]);
        }
        var lookups = await catalog.LookupsAsync(ct);
        var newIssuers = new Dictionary<string, string>(StringComparer.Ordinal);
        var inputs = new Dictionary<CsvRow, CertificationInput>();
        var seen = new Dictionary<(string, string), int>();
        foreach (var row in rows.Where(r => r.Valid))
        {
            var input = Parse(row);
            var issuerCode = row["issuer_code"];
            if (issuerCode.Length > 0 && !lookups.Issuers.ContainsKey(issuerCode))
            {
                // A new issuer: the same rules as the new-issuer page and POST /api/v1/issuers (a code already met in the file is fine).
                var issuerErrors = IssuerService.ValidateIssuer(new IssuerInput(issuerCode, row["issuer_name"], null, null), []);
                foreach (var (field, reasons) in issuerErrors)
                {
                    foreach (var reason in reasons)
                    {
                        row.Error("issuer_" + field, $"{reason} (for the new issuer '{issuerCode}')");
                    }
                }
                if (issuerErrors.Count == 0)
                {
                    newIssuers.TryAdd(issuerCode, row["issuer_name"]);
                }
            }
            foreach (var (field, reasons) in CatalogService.Validate(input, lookups, issuerMayBeNew: true))
            {
                foreach (var reason in reasons)
                {
                    row.Error(field, reason);
                }
            }
            if (seen.TryGetValue((input.Code ?? "", issuerCode), out var first))
            {
                row.Error("code", $"'{input.Code}' of issuer '{issuerCode}' is a duplicate of row {first}");
            }
            else
            {
                seen[(input.Code ?? "", issuerCode)] = row.Number;
            }
            inputs[row] = input;
        }
        var errors = rows.SelectMany(r => r.Errors).ToList();
        var rejected = rows.Count(r => !r.Valid);
        if (errors.Count > 0 && !acceptValid)
        {
            return new TableImportResult(rows.Count, 0, 0, 0, rejected, errors, null);
        }

        foreach (var (code, name) in newIssuers.Where(n => rows.Any(r => r.Valid && r["issuer_code"] == n.Key)))
        {
            var issuer = new Issuer { Code = code, Name = name };
            db.Issuers.Add(issuer);
            lookups.Issuers[code] = issuer;
        }
        var existing = await db.Certifications.Include(c => c.Issuer).Include(c => c.Competencies).ToListAsync(ct);
        int created = 0, updated = 0, unchanged = 0;
        foreach (var row in rows.Where(r => r.Valid))
        {
            var input = inputs[row];
            var issuerId = string.IsNullOrEmpty(input.IssuerCode) ? (Guid?)null : lookups.Issuers[input.IssuerCode].Id;
            var cert = existing.FirstOrDefault(c => c.Code == input.Code && c.IssuerId == issuerId);
            if (cert is null)
            {
                cert = new Certification { Code = "", Name = "" };
                CatalogService.Apply(cert, input, lookups);
                db.Certifications.Add(cert);
                existing.Add(cert);
                created++;
            }
            else if (CatalogService.Apply(cert, input, lookups))
            {
                db.Entry(cert).Property(c => c.Name).IsModified = true;
                updated++;
            }
            else
            {
                unchanged++;
            }
        }
        return await TableImportResult.SaveAsync(db, dryRun, header, rows, (created, updated, unchanged, rejected), errors, ct);
    }

    private static CertificationInput Parse(CsvRow row)
    {
        decimal? Dec(string column)
        {
            var text = row[column];
            if (text.Length == 0 || string.Equals(text, "unknown", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }
            if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }
            row.Error(column, $"'{text}' is not a non-negative number (e.g. 1995.00), or empty when unknown");
            return null;
        }
        int? Int(string column)
        {
            var text = row[column];
            if (text.Length == 0 || string.Equals(text, "unknown", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }
            row.Error(column, $"'{text}' is not a whole number, or empty when unknown");
            return null;
        }
        bool? inPerson = row["in_person"].ToLowerInvariant() switch
        {
            "" or "unknown" => null,
            "true" or "1" or "yes" => true,
            "false" or "0" or "no" => false,
            _ => Invalid(row, "in_person", "is not true, false or empty (unknown)"),
        };
        var competencies = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var part in row["competencies"].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pieces = part.Split(':', StringSplitOptions.TrimEntries);
            if (pieces.Length != 2 || !int.TryParse(pieces[1], NumberStyles.None, CultureInfo.InvariantCulture, out var level))
            {
                row.Error("competencies", $"'{part}' is not CODE:LEVEL (e.g. WFM:4; entries separated by ';')");
            }
            else if (!competencies.TryAdd(pieces[0], level))
            {
                row.Error("competencies", $"{pieces[0]} is listed twice");
            }
        }
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in row["sources"].Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var at = part.IndexOf('=', StringComparison.Ordinal);
            if (at <= 0)
            {
                row.Error("sources", $"'{part}' is not fact=source (entries separated by '|')");
            }
            else
            {
                sources[part[..at].Trim()] = part[(at + 1)..].Trim();
            }
        }
        var verification = row["verification"];
        return new CertificationInput(
            Code: row["code"],
            Name: row["name"],
            IssuerCode: row["issuer_code"],
            Format: row["format"],
            InPerson: inPerson,
            Prerequisites: row["prerequisites"],
            PrerequisiteCodes: row["prerequisite_codes"],
            TuitionFee: Dec("tuition_fee"),
            ExamFee: Dec("exam_fee"),
            MaterialsFee: Dec("materials_fee"),
            RetakeFee: Dec("retake_fee"),
            ExamAttempts: Int("exam_attempts"),
            StudyHours: Dec("study_hours"),
            ClassHours: Dec("class_hours"),
            ValidityMonths: Int("validity_months"),
            RenewalPeriodMonths: Int("renewal_period_months"),
            RenewalCeAmount: Dec("renewal_ce_amount"),
            RenewalCeUnit: row["renewal_ce_unit"],
            RenewalRule: row["renewal_rule"],
            Verification: verification.Length == 0 ? "unverified" : verification,
            Notes: row["notes"],
            Sources: sources,
            Competencies: competencies);
    }

    private static bool? Invalid(CsvRow row, string column, string reason)
    {
        row.Error(column, $"'{row[column]}' {reason}");
        return null;
    }

    public async Task ExportAsync(TextWriter output, CancellationToken ct)
    {
        var certs = await catalog.Query().ToListAsync(ct);
        using var writer = Sep.New(',').Writer(o => o with { Escape = true }).To(output);
        if (certs.Count == 0)
        {
            await output.WriteLineAsync(string.Join(',', Columns));
            return;
        }
        foreach (var c in certs)
        {
            var values = new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                ["code"] = c.Code,
                ["name"] = c.Name,
                ["issuer_code"] = c.Issuer?.Code,
                ["issuer_name"] = c.Issuer?.Name,
                ["format"] = c.Format,
                ["in_person"] = c.InPerson switch { true => "true", false => "false", null => "" },
                ["prerequisites"] = c.Prerequisites,
                ["prerequisite_codes"] = c.PrerequisiteCodes,
                ["tuition_fee"] = Money(c.TuitionFee),
                ["exam_fee"] = Money(c.ExamFee),
                ["materials_fee"] = Money(c.MaterialsFee),
                ["retake_fee"] = Money(c.RetakeFee),
                ["exam_attempts"] = c.ExamAttempts?.ToString(CultureInfo.InvariantCulture),
                ["study_hours"] = Number(c.StudyHours),
                ["class_hours"] = Number(c.ClassHours),
                ["validity_months"] = c.ValidityMonths?.ToString(CultureInfo.InvariantCulture),
                ["renewal_period_months"] = c.RenewalPeriodMonths?.ToString(CultureInfo.InvariantCulture),
                ["renewal_ce_amount"] = Number(c.RenewalCeAmount),
                ["renewal_ce_unit"] = c.RenewalCeUnit,
                ["renewal_rule"] = c.RenewalRule,
                ["competencies"] = string.Join(';', c.Competencies.Where(l => l.Competency is not null).OrderBy(l => l.Competency!.Code, StringComparer.Ordinal)
                    .Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.Competency!.Code}:{l.Level}"))),
                ["verification"] = c.Verification.ToString().ToLowerInvariant(),
                ["sources"] = string.Join(" | ", c.Sources.OrderBy(p => CertificationFacts.All.ToList().IndexOf(p.Key)).Select(p => p.Key + "=" + p.Value)),
                ["notes"] = c.Notes,
            };
            using var row = writer.NewRow();
            foreach (var column in Columns)
            {
                row[column].Set(CellSafety.Neutralize(values[column] ?? ""));
            }
        }
    }

    private static string? Money(decimal? value) => value?.ToString("0.00", CultureInfo.InvariantCulture);

    private static string? Number(decimal? value) => value?.ToString("0.##", CultureInfo.InvariantCulture);
}
