using System.Security.Cryptography;
using System.Text.Json;
using CertDesk.Features.TuitionPolicies;

namespace CertDesk.Features.Agreements;

public enum RecordStatus
{
    /// <summary>Proposed (an amendment): waiting for the employee's signature.</summary>
    Proposed,

    /// <summary>Signed by the employee, waiting for the company's signature.</summary>
    EmployeeSigned,

    /// <summary>Signed by both: these are the agreement's terms (the latest signed record wins).</summary>
    Signed,
}

/// <summary>
/// One version of the signed obligation: the canonical record (<see cref="SignedTerms"/>) of every term the parties
/// sign, its SHA-256, the SHA-256 of the version before (a hash chain: sequence 0 is the original, 1.. amendments) and
/// an HMAC seal made with a key the database does not hold (<see cref="SealingKeys"/>). Written once; only its signing
/// status moves. The agreement row carries the terms of the latest signed record.
/// </summary>
public sealed class AgreementRecord
{
    public const string SealPurpose = "agreement-record";

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid AgreementId { get; set; }
    public int Sequence { get; set; }

    /// <summary>The canonical record (JSON); its UTF-8 bytes are hashed and sealed.</summary>
    public required string Canonical { get; set; }
    public required string Sha256 { get; set; }
    public string? PreviousSha256 { get; set; }
    public required string SealKeyId { get; set; }
    public required string Seal { get; set; }
    public string? Reason { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public RecordStatus Status { get; set; }
    public DateTimeOffset? EmployeeSignedAt { get; set; }
    public DateTimeOffset? CompanySignedAt { get; set; }
}

internal sealed class AgreementRecordConfiguration : IEntityTypeConfiguration<AgreementRecord>
{
    public void Configure(EntityTypeBuilder<AgreementRecord> r)
    {
        r.Property(x => x.Sha256).HasMaxLength(64);
        r.Property(x => x.PreviousSha256).HasMaxLength(64);
        r.Property(x => x.SealKeyId).HasMaxLength(64);
        r.Property(x => x.Seal).HasMaxLength(64);
        r.Property(x => x.Reason).HasMaxLength(1000);
        r.Property(x => x.CreatedBy).HasMaxLength(254);
        r.Property(x => x.Status).HasConversion<string>().HasMaxLength(24);
        r.HasIndex(x => new { x.AgreementId, x.Sequence }).IsUnique();
        r.HasOne<Agreement>().WithMany(a => a.Records).HasForeignKey(x => x.AgreementId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>
/// The terms of an obligation as named text values, in a fixed order: what the agreement row, its employee and its
/// policy version say. The same function makes the record at signing and recomputes it from the rows at verification,
/// so a difference names the field.
/// </summary>
public static class SignedTerms
{
    public const string Currency = "USD";

    /// <summary>The fields of the signed record, in order (the canonical order).</summary>
    public static readonly string[] Fields =
    [
        "agreement_id", "employee_id", "employee_number", "business_case_id", "certification_code", "certification_name",
        "funded_amount", "currency", "tax_treatment", "issued_at", "issued_by", "document_sha256",
        "policy_id", "policy_code", "policy_version", "annual_cap", "tax_free_annual_limit", "funded_items",
        "completion_standard", "minimum_grade", "completion_deadline_months", "commitment_months", "commitment_start",
        "proration", "tiers", "triggering_reasons", "exempt_reasons", "not_completed_percent",
    ];

    /// <summary>
    /// Clerical fields: how a name is spelled, nothing that sets money, months, rules or dates. A correction of only these
    /// is a clerical amendment, approved by a second HR person instead of signed by both parties. (The employee's name
    /// is not a signed term: the record names the employee by id and number, so its spelling is corrected in the roster.)
    /// </summary>
    public static readonly string[] ClericalFields = ["certification_name"];

    public const string OriginalKind = "original", AmendmentKind = "amendment", ClericalKind = "clerical_amendment";

    /// <summary>
    /// The record of an agreement signed before records were sealed, sealed afterwards from its rows by an administrator
    /// (<c>agreements backfill-record</c>): labelled so, its reason says when and by whom; the signatures predate it.
    /// </summary>
    public const string BackfilledKind = "backfilled_original";

    /// <summary>What a record is (its canonical header says): the original, an amendment both sign, or a clerical amendment.</summary>
    public static string KindOf(AgreementRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        try
        {
            using var doc = JsonDocument.Parse(record.Canonical);
            if (doc.RootElement.TryGetProperty("kind", out var kind) && kind.ValueKind == JsonValueKind.String)
            {
                return kind.GetString()!;
            }
        }
        catch (JsonException)
        {
            // an unreadable record: verification says so
        }
        return record.Sequence == 0 ? OriginalKind : AmendmentKind;
    }

    /// <summary>The terms as the rows hold them now (the agreement's employee and policy must be loaded).</summary>
    public static Dictionary<string, string> Of(Agreement agreement)
    {
        ArgumentNullException.ThrowIfNull(agreement);
        var inv = CultureInfo.InvariantCulture;
        var p = agreement.Policy ?? throw new InvalidOperationException("the agreement's policy must be loaded");
        var e = agreement.Employee ?? throw new InvalidOperationException("the agreement's employee must be loaded");
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["agreement_id"] = agreement.Id.ToString(),
            ["employee_id"] = agreement.EmployeeId.ToString(),
            ["employee_number"] = e.EmployeeNumber,
            ["business_case_id"] = agreement.BusinessCaseId?.ToString() ?? "",
            ["certification_code"] = agreement.CertificationCode,
            ["certification_name"] = agreement.CertificationName,
            ["funded_amount"] = agreement.FundedAmount.ToString("0.00", inv),
            ["currency"] = Currency,
            ["tax_treatment"] = agreement.TaxTreatment.ToString(),
            ["issued_at"] = Instant(agreement.IssuedAt),
            ["issued_by"] = agreement.IssuedBy,
            ["document_sha256"] = agreement.DocumentSha256,
        }.Concat(PolicyTerms(p)).ToDictionary(StringComparer.Ordinal);
    }

    /// <summary>The terms a policy version sets (an amendment to another version takes them all).</summary>
    public static Dictionary<string, string> PolicyTerms(TuitionPolicy p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var inv = CultureInfo.InvariantCulture;
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["policy_id"] = p.Id.ToString(),
            ["policy_code"] = p.Code,
            ["policy_version"] = p.VersionNumber.ToString(inv),
            ["annual_cap"] = p.AnnualCap.ToString("0.00", inv),
            ["tax_free_annual_limit"] = p.TaxFreeAnnualLimit.ToString("0.00", inv),
            ["funded_items"] = p.FundedItems,
            ["completion_standard"] = p.CompletionStandard.ToString(),
            ["minimum_grade"] = p.MinimumGrade ?? "",
            ["completion_deadline_months"] = p.CompletionDeadlineMonths.ToString(inv),
            ["commitment_months"] = p.CommitmentMonths.ToString(inv),
            ["commitment_start"] = p.CommitmentStart.ToString(),
            ["proration"] = p.Proration.ToString(),
            ["tiers"] = p.Tiers,
            ["triggering_reasons"] = p.TriggeringReasons,
            ["exempt_reasons"] = p.ExemptReasons,
            ["not_completed_percent"] = p.NotCompletedPercent.ToString("0.####", inv),
        };
    }

    /// <summary>An instant as both databases keep it: UTC, to the microsecond.</summary>
    public static string Instant(DateTimeOffset at) =>
        new DateTimeOffset(at.UtcTicks - (at.UtcTicks % 10), TimeSpan.Zero).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// The canonical record: one JSON object, keys in a fixed order, every value a string. The header says which
    /// version it is and what it follows; <c>terms</c> is what the parties sign.
    /// </summary>
    public static string Canonical(int sequence, string? previousSha256, string? reason, string createdBy, DateTimeOffset createdAt, IReadOnlyDictionary<string, string> terms,
        string? kind = null)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("format", "certdesk-agreement-record/1");
            json.WriteNumber("sequence", sequence);
            json.WriteString("kind", kind ?? (sequence == 0 ? OriginalKind : AmendmentKind));
            json.WriteString("previous_sha256", previousSha256 ?? "");
            json.WriteString("reason", reason ?? "");
            json.WriteString("created_by", createdBy);
            json.WriteString("created_at", Instant(createdAt));
            json.WriteStartObject("terms");
            foreach (var field in Fields)
            {
                json.WriteString(field, terms.TryGetValue(field, out var value) ? value : "");
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The signed terms of a canonical record (empty when it is not a record).</summary>
    public static Dictionary<string, string> Read(string canonical)
    {
        var terms = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var doc = JsonDocument.Parse(canonical);
            if (doc.RootElement.TryGetProperty("terms", out var t) && t.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in t.EnumerateObject())
                {
                    terms[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
                }
            }
        }
        catch (JsonException)
        {
            // an unreadable record has no terms; verification says so
        }
        return terms;
    }

    public static string Sha256(string canonical) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));

    /// <summary>A new record of the terms, hashed, chained to the one before and sealed with the current key.</summary>
    public static AgreementRecord Seal(SealingKeys keys, Guid agreementId, int sequence, string? previousSha256, string? reason, string createdBy,
        DateTimeOffset createdAt, IReadOnlyDictionary<string, string> terms, RecordStatus status, string? kind = null)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var canonical = Canonical(sequence, previousSha256, reason, createdBy, createdAt, terms, kind);
        var sha = Sha256(canonical);
        var (keyId, seal) = keys.Seal(AgreementRecord.SealPurpose, sha);
        return new AgreementRecord
        {
            AgreementId = agreementId,
            Sequence = sequence,
            Canonical = canonical,
            Sha256 = sha,
            PreviousSha256 = previousSha256,
            SealKeyId = keyId,
            Seal = seal,
            Reason = reason,
            CreatedBy = createdBy,
            CreatedAt = createdAt,
            Status = status,
        };
    }

    /// <summary>What a signature's seal covers: who signed which record (by hash) and the document, when, from where.</summary>
    public static string SignatureContent(AgreementSignature s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return string.Join('\n', s.AgreementId, s.RecordSequence.ToString(CultureInfo.InvariantCulture), s.Role, s.SignerUserId, s.SignerEmail, s.TypedName,
            Instant(s.SignedAt), s.RecordSha256 ?? "", s.DocumentSha256, s.IpAddress, s.UserAgent, s.ConsentId);
    }

    public const string SignaturePurpose = "agreement-signature";

    /// <summary>Seals a signature (its record hash must be set) with the current key.</summary>
    public static void SealSignature(SealingKeys keys, AgreementSignature signature)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(signature);
        (signature.SealKeyId, signature.Seal) = keys.Seal(SignaturePurpose, SignatureContent(signature));
    }
}
