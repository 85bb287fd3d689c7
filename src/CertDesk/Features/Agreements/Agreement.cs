using CertDesk.Domain.Tuition;
using CertDesk.Features.TuitionPolicies;

namespace CertDesk.Features.Agreements;

public enum AgreementStatus
{
    /// <summary>Issued to the employee, waiting for their signature.</summary>
    Issued,

    /// <summary>Signed by the employee, waiting for the company's countersignature.</summary>
    EmployeeSigned,

    /// <summary>Signed by both: in force.</summary>
    Active,

    /// <summary>Replaced by a newer agreement; can no longer be signed.</summary>
    Superseded,

    /// <summary>The employee separated: the repayment record carries on.</summary>
    Separated,

    /// <summary>The commitment was served or the agreement otherwise closed.</summary>
    Closed,
}

/// <summary>
/// A tuition agreement rendered from one policy version with the employee's data. The rendered document's exact
/// UTF-8 bytes are hashed (SHA-256); once the employee signs, the document never changes (see SealedRecords).
/// </summary>
public sealed class Agreement : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid EmployeeId { get; set; }
    public Employee? Employee { get; set; }
    public Guid PolicyId { get; set; }
    public TuitionPolicy? Policy { get; set; }
    public Guid? BusinessCaseId { get; set; }
    public required string CertificationCode { get; set; }
    public required string CertificationName { get; set; }
    public decimal FundedAmount { get; set; }
    public TaxTreatment TaxTreatment { get; set; }
    public DateOnly? PaidOn { get; set; }
    public DateOnly? CompletedOn { get; set; }

    /// <summary>The jurisdiction rule that governed the agreement when it was issued (the code of
    /// <see cref="CertDesk.Domain.Repayment.Jurisdictions"/> the employee's site named, in force on the issue day); null: none.</summary>
    public string? Jurisdiction { get; set; }

    /// <summary>The rendered agreement (HTML). Its UTF-8 bytes are what is hashed and signed.</summary>
    public required string Document { get; set; }
    public required string DocumentSha256 { get; set; }
    public AgreementStatus Status { get; set; }
    public DateTimeOffset IssuedAt { get; set; }
    public required string IssuedBy { get; set; }

    /// <summary>The employee must sign before this instant or the agreement expires.</summary>
    public DateTimeOffset SignBy { get; set; }
    public DateTimeOffset? EmployeeSignedAt { get; set; }
    public DateTimeOffset? CountersignedAt { get; set; }
    public Guid? SupersededById { get; set; }
    public DateTimeOffset? LastReminderAt { get; set; }
    public int RemindersSent { get; set; }
    public List<AgreementSignature> Signatures { get; set; } = [];

    /// <summary>The signed record and its amendments (a hash chain, sealed with a key outside the database).</summary>
    public List<AgreementRecord> Records { get; set; } = [];
    public int Version { get; set; }

    public bool IsExpired(DateTimeOffset now) => Status == AgreementStatus.Issued && now > SignBy;
}

public enum SignerRole
{
    Employee,
    Company,
}

/// <summary>The evidence of one signature (ESIGN/UETA): what was signed (hash), by whom, when, from where, how authenticated. Append-only.</summary>
public sealed class AgreementSignature
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid AgreementId { get; set; }

    /// <summary>Which version of the signed record this signs: 0 the original, 1.. an amendment.</summary>
    public int RecordSequence { get; set; }
    public SignerRole Role { get; set; }
    public required string SignerUserId { get; set; }
    public required string SignerEmail { get; set; }
    public required string SignerName { get; set; }
    public required string TypedName { get; set; }
    public required string IntentStatement { get; set; }
    public required string DocumentSha256 { get; set; }
    public DateTimeOffset SignedAt { get; set; }
    public required string IpAddress { get; set; }
    public required string UserAgent { get; set; }
    public required string AuthenticationMethod { get; set; }
    public Guid ConsentId { get; set; }

    /// <summary>The SHA-256 of the canonical record signed (<see cref="AgreementRecord"/>).</summary>
    public string? RecordSha256 { get; set; }

    /// <summary>The id of the key that sealed this signature, and the seal (HMAC-SHA256; the key is not in the database).</summary>
    public string? SealKeyId { get; set; }
    public string? Seal { get; set; }
}

/// <summary>A person's consent to do business electronically (ESIGN 101(c)), with the disclosure version they saw.</summary>
public sealed class ElectronicConsent
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string UserId { get; set; }
    public required string DisclosureVersion { get; set; }
    public DateTimeOffset ConsentedAt { get; set; }
    public required string IpAddress { get; set; }
    public required string UserAgent { get; set; }
    public DateTimeOffset? WithdrawnAt { get; set; }
}

internal sealed class AgreementConfiguration : IEntityTypeConfiguration<Agreement>
{
    public void Configure(EntityTypeBuilder<Agreement> a)
    {
        a.Property(x => x.CertificationCode).HasMaxLength(32);
        a.Property(x => x.CertificationName).HasMaxLength(200);
        a.Property(x => x.FundedAmount).HasPrecision(14, 2);
        a.Property(x => x.TaxTreatment).HasConversion<string>().HasMaxLength(24);
        a.Property(x => x.Status).HasConversion<string>().HasMaxLength(24);
        a.Property(x => x.DocumentSha256).HasMaxLength(64);
        a.Property(x => x.IssuedBy).HasMaxLength(254);
        a.Property(x => x.Jurisdiction).HasMaxLength(16);
        a.HasIndex(x => new { x.EmployeeId, x.Status });
        a.HasIndex(x => x.Status);
        // One agreement in force per business case.
        a.HasIndex(x => x.BusinessCaseId, "IX_Agreements_OneActivePerCase").IsUnique()
            .HasFilter("\"Status\" = 'Active' AND \"BusinessCaseId\" IS NOT NULL");
        a.HasOne(x => x.Employee).WithMany().HasForeignKey(x => x.EmployeeId).OnDelete(DeleteBehavior.Restrict);
        a.HasOne(x => x.Policy).WithMany().HasForeignKey(x => x.PolicyId).OnDelete(DeleteBehavior.Restrict);
        a.HasMany(x => x.Signatures).WithOne().HasForeignKey(s => s.AgreementId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AgreementSignatureConfiguration : IEntityTypeConfiguration<AgreementSignature>
{
    public void Configure(EntityTypeBuilder<AgreementSignature> s)
    {
        s.Property(x => x.Role).HasConversion<string>().HasMaxLength(16);
        s.Property(x => x.SignerUserId).HasMaxLength(64);
        s.Property(x => x.SignerEmail).HasMaxLength(254);
        s.Property(x => x.SignerName).HasMaxLength(200);
        s.Property(x => x.TypedName).HasMaxLength(200);
        s.Property(x => x.IntentStatement).HasMaxLength(1000);
        s.Property(x => x.DocumentSha256).HasMaxLength(64);
        s.Property(x => x.IpAddress).HasMaxLength(64);
        s.Property(x => x.UserAgent).HasMaxLength(512);
        s.Property(x => x.AuthenticationMethod).HasMaxLength(200);
        s.Property(x => x.RecordSha256).HasMaxLength(64);
        s.Property(x => x.SealKeyId).HasMaxLength(64);
        s.Property(x => x.Seal).HasMaxLength(64);
        s.HasIndex(x => new { x.AgreementId, x.RecordSequence, x.Role }).IsUnique();
    }
}

internal sealed class ElectronicConsentConfiguration : IEntityTypeConfiguration<ElectronicConsent>
{
    public void Configure(EntityTypeBuilder<ElectronicConsent> c)
    {
        c.Property(x => x.UserId).HasMaxLength(64);
        c.Property(x => x.DisclosureVersion).HasMaxLength(32);
        c.Property(x => x.IpAddress).HasMaxLength(64);
        c.Property(x => x.UserAgent).HasMaxLength(512);
        c.HasIndex(x => x.UserId);
    }
}
