using System.Text.Json;
using CertDesk.Features.Competencies;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace CertDesk.Features.Catalog;

/// <summary>How far the catalog's facts about a certification are confirmed by public sources.</summary>
public enum VerificationStatus
{
    /// <summary>Every fact given has a primary source.</summary>
    Verified,

    /// <summary>Some facts are sourced, others unknown or from low-confidence sources.</summary>
    Partial,

    /// <summary>Named by the industry but not found in any public source: keep, show as unverified.</summary>
    Unverified,
}

/// <summary>
/// A certification of the catalog (product.md capability 2). Every fact is nullable: null means unknown and is
/// shown as "unknown", never guessed. <see cref="Sources"/> maps a fact's name (see <see cref="CertificationFacts"/>)
/// to where it was found.
/// </summary>
public sealed class Certification : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Code { get; set; }
    public required string Name { get; set; }

    /// <summary>Null when the issuer itself is unknown or unverified.</summary>
    public Guid? IssuerId { get; set; }
    public Issuer? Issuer { get; set; }
    public string? Format { get; set; }

    /// <summary>Whether earning it needs travel to a classroom; null = unknown.</summary>
    public bool? InPerson { get; set; }
    public string? Prerequisites { get; set; }

    /// <summary>Codes of certifications that must be held first, space-separated (e.g. "HDI-SCM").</summary>
    public string PrerequisiteCodes { get; set; } = "";
    public decimal? TuitionFee { get; set; }
    public decimal? ExamFee { get; set; }
    public decimal? MaterialsFee { get; set; }
    public decimal? RetakeFee { get; set; }
    public int? ExamAttempts { get; set; }
    public decimal? StudyHours { get; set; }
    public decimal? ClassHours { get; set; }
    public int? ValidityMonths { get; set; }

    /// <summary>Renewal: <see cref="RenewalCeAmount"/> <see cref="RenewalCeUnit"/> per <see cref="RenewalPeriodMonths"/> months.</summary>
    public int? RenewalPeriodMonths { get; set; }
    public decimal? RenewalCeAmount { get; set; }
    public string? RenewalCeUnit { get; set; }
    public string? RenewalRule { get; set; }
    public VerificationStatus Verification { get; set; } = VerificationStatus.Unverified;
    public string? Notes { get; set; }

    /// <summary>When the certification was retired from the catalog (no new requests); null while it is offered.</summary>
    public DateOnly? RetiredOn { get; set; }
    public Dictionary<string, string> Sources { get; set; } = new(StringComparer.Ordinal);
    public List<CertificationCompetency> Competencies { get; set; } = [];
    public int Version { get; set; }

    public IReadOnlyList<string> PrerequisiteCodeList =>
        PrerequisiteCodes.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public string? SourceOf(string fact) => Sources.GetValueOrDefault(fact);
}

/// <summary>The names of a certification's facts, as used in <see cref="Certification.Sources"/> and the CSV.</summary>
public static class CertificationFacts
{
    public const string Issuer = "issuer";
    public const string Format = "format";
    public const string InPerson = "in_person";
    public const string Prerequisites = "prerequisites";
    public const string Fees = "fees";
    public const string ExamAttempts = "exam_attempts";
    public const string Hours = "hours";
    public const string Validity = "validity";
    public const string Renewal = "renewal";
    public const string Competencies = "competencies";

    public static readonly IReadOnlyList<string> All = [Issuer, Format, InPerson, Prerequisites, Fees, ExamAttempts, Hours, Validity, Renewal, Competencies];

    // The facts in the words of the details page and the edit form (the codes stay in storage, the API and the CSV).
    private static readonly Dictionary<string, string> s_labels = new(StringComparer.Ordinal)
    {
        [Issuer] = "Issuer",
        [Format] = "Format",
        [InPerson] = "In person or not",
        [Prerequisites] = "Prerequisites",
        [Fees] = "Fees",
        [ExamAttempts] = "Exam attempts",
        [Hours] = "Study and class hours",
        [Validity] = "Validity",
        [Renewal] = "Renewal",
        [Competencies] = "Competencies built",
    };

    /// <summary>A fact's name as people read it ("exam_attempts" → "Exam attempts"); an unknown code reads as words.</summary>
    public static string Label(string fact) => s_labels.TryGetValue(fact, out var words) ? words : Labels.Of(fact);
}

/// <summary>A competency a certification builds, and to what level (1-5).</summary>
public sealed class CertificationCompetency
{
    public Guid CertificationId { get; set; }
    public Guid CompetencyId { get; set; }
    public Competency? Competency { get; set; }
    public int Level { get; set; }
}

internal sealed class CertificationConfiguration : IEntityTypeConfiguration<Certification>
{
    public void Configure(EntityTypeBuilder<Certification> cert)
    {
        cert.Property(c => c.Code).HasMaxLength(32);
        cert.Property(c => c.Name).HasMaxLength(200);
        cert.Property(c => c.Format).HasMaxLength(1000);
        cert.Property(c => c.Prerequisites).HasMaxLength(1000);
        cert.Property(c => c.PrerequisiteCodes).HasMaxLength(200);
        cert.Property(c => c.RenewalCeUnit).HasMaxLength(32);
        cert.Property(c => c.RenewalRule).HasMaxLength(1000);
        cert.Property(c => c.Notes).HasMaxLength(2000);
        foreach (var money in new[] { nameof(Certification.TuitionFee), nameof(Certification.ExamFee), nameof(Certification.MaterialsFee), nameof(Certification.RetakeFee) })
        {
            cert.Property(money).HasPrecision(12, 2);
        }
        cert.Property(c => c.StudyHours).HasPrecision(8, 2);
        cert.Property(c => c.ClassHours).HasPrecision(8, 2);
        cert.Property(c => c.RenewalCeAmount).HasPrecision(8, 2);
        cert.Property(c => c.Verification).HasConversion<string>().HasMaxLength(16);
        cert.Property(c => c.Sources).HasConversion(
                v => JsonSerializer.Serialize(v, JsonSerializerOptions.Default),
                v => JsonSerializer.Deserialize<Dictionary<string, string>>(v, JsonSerializerOptions.Default) ?? new Dictionary<string, string>())
            .Metadata.SetValueComparer(new ValueComparer<Dictionary<string, string>>(
                (a, b) => a!.Count == b!.Count && !a.Except(b).Any(),
                v => v.Aggregate(0, (h, p) => HashCode.Combine(h, p.Key.GetHashCode(StringComparison.Ordinal), p.Value.GetHashCode(StringComparison.Ordinal))),
                v => new Dictionary<string, string>(v, StringComparer.Ordinal)));
        cert.HasIndex(c => new { c.Code, c.IssuerId }).IsUnique();
        cert.HasOne(c => c.Issuer).WithMany().HasForeignKey(c => c.IssuerId).OnDelete(DeleteBehavior.Restrict);
        cert.HasMany(c => c.Competencies).WithOne().HasForeignKey(cc => cc.CertificationId).OnDelete(DeleteBehavior.Cascade);
        cert.Ignore(c => c.PrerequisiteCodeList);
    }
}

internal sealed class CertificationCompetencyConfiguration : IEntityTypeConfiguration<CertificationCompetency>
{
    public void Configure(EntityTypeBuilder<CertificationCompetency> link)
    {
        link.HasKey(l => new { l.CertificationId, l.CompetencyId });
        link.HasOne(l => l.Competency).WithMany().HasForeignKey(l => l.CompetencyId).OnDelete(DeleteBehavior.Restrict);
    }
}
