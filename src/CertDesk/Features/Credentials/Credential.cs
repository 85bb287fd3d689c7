using CertDesk.Features.Catalog;
using CertDesk.Features.Enrollments;

namespace CertDesk.Features.Credentials;

/// <summary>What the holder agreed the public verification page may show.</summary>
public enum CredentialSharing
{
    /// <summary>The verification page says only "no shared credential with this number".</summary>
    Private,

    /// <summary>Certification, issuer, status and dates; not the holder's name.</summary>
    Validity,

    /// <summary>Validity plus the holder's name.</summary>
    WithName,
}

/// <summary>A credential earned by passing: its number, issue and expiry dates, and the CE logged to renew it.</summary>
public sealed class Credential : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Number { get; set; }
    public Guid EmployeeId { get; set; }
    public Employee? Employee { get; set; }
    public Guid CertificationId { get; set; }
    public Certification? Certification { get; set; }
    public Guid? EnrollmentId { get; set; }
    public DateOnly IssuedOn { get; set; }
    public DateOnly? ExpiresOn { get; set; }
    public CredentialSharing Sharing { get; set; } = CredentialSharing.Private;

    /// <summary>
    /// Who vouched for the result (an e-mail address, or "data migration" for credentials recorded before verification
    /// existed); null while the credential is the holder's own claim. Only verified credentials are shown publicly.
    /// </summary>
    public string? VerifiedBy { get; set; }

    public DateTimeOffset? VerifiedAt { get; set; }

    /// <summary>What the verifier checked (the issuer's score report, its registry entry, ...).</summary>
    public string VerificationEvidence { get; set; } = "";

    public List<CeActivity> CeActivities { get; set; } = [];
    public int Version { get; set; }
}

/// <summary>Continuing education logged against a credential, with evidence (a note, and optionally a file).</summary>
public sealed class CeActivity
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CredentialId { get; set; }
    public DateOnly On { get; set; }
    public decimal Hours { get; set; }
    public string Category { get; set; } = "";
    public string Description { get; set; } = "";
    public Guid? EvidenceId { get; set; }
    public EvidenceFile? Evidence { get; set; }
    public string LoggedBy { get; set; } = "";
}

internal sealed class CredentialConfiguration : IEntityTypeConfiguration<Credential>
{
    public void Configure(EntityTypeBuilder<Credential> c)
    {
        c.Property(x => x.Number).HasMaxLength(32);
        c.HasIndex(x => x.Number).IsUnique();
        c.Property(x => x.Sharing).HasConversion<string>().HasMaxLength(16);
        c.Property(x => x.VerifiedBy).HasMaxLength(254);
        c.Property(x => x.VerificationEvidence).HasMaxLength(1000);
        c.HasOne(x => x.Employee).WithMany().HasForeignKey(x => x.EmployeeId).OnDelete(DeleteBehavior.Restrict);
        c.HasOne(x => x.Certification).WithMany().HasForeignKey(x => x.CertificationId).OnDelete(DeleteBehavior.Restrict);
        c.HasOne<Enrollment>().WithMany().HasForeignKey(x => x.EnrollmentId).OnDelete(DeleteBehavior.SetNull);
        c.HasIndex(x => x.EnrollmentId).IsUnique();
        c.HasMany(x => x.CeActivities).WithOne().HasForeignKey(a => a.CredentialId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CeActivityConfiguration : IEntityTypeConfiguration<CeActivity>
{
    public void Configure(EntityTypeBuilder<CeActivity> a)
    {
        a.Property(x => x.Hours).HasPrecision(6, 2);
        a.Property(x => x.Category).HasMaxLength(64);
        a.Property(x => x.Description).HasMaxLength(1000);
        a.Property(x => x.LoggedBy).HasMaxLength(254);
        a.HasOne(x => x.Evidence).WithMany().HasForeignKey(x => x.EvidenceId).OnDelete(DeleteBehavior.Restrict);
    }
}
