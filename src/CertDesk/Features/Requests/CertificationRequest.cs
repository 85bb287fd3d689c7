using CertDesk.Features.BusinessCases;
using CertDesk.Features.Catalog;
using CertDesk.Features.TuitionPolicies;

namespace CertDesk.Features.Requests;

/// <summary>
/// An employee's request for a certification (made by them or by their manager on their behalf). The money, the
/// decision and its state are the <see cref="BusinessCases.BusinessCase"/> it opened (status Requested while the
/// manager decides, Submitted while the budget holder does); the request keeps who asked, from where, and the policy
/// version it was checked against, which a later policy version does not change.
/// </summary>
public sealed class CertificationRequest : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid BusinessCaseId { get; set; }
    public BusinessCase? BusinessCase { get; set; }
    public Guid EmployeeId { get; set; }
    public Employee? Employee { get; set; }
    public Guid CertificationId { get; set; }
    public Certification? Certification { get; set; }

    /// <summary>The published policy version the request was checked against (kept when a newer version is published).</summary>
    public Guid PolicyId { get; set; }
    public TuitionPolicy? Policy { get; set; }

    /// <summary>Where the request started: <c>catalog</c> or <c>gaps</c> (the gap profile's recommendation).</summary>
    public string Source { get; set; } = "catalog";

    /// <summary>The manager who decides first (the employee's manager when asked); null when the manager asked on their behalf.</summary>
    public Guid? ManagerId { get; set; }
    public required string RequestedBy { get; set; }
    public DateTimeOffset RequestedAt { get; set; }

    /// <summary>What the policy allowed at request time, in words (tenure, role, the year's allowance), shown with the request.</summary>
    public string Eligibility { get; set; } = "";
    public string? ManagerDecidedBy { get; set; }
    public DateTimeOffset? ManagerDecidedAt { get; set; }
    public string? ManagerComment { get; set; }
    public string? WithdrawnBy { get; set; }
    public DateTimeOffset? WithdrawnAt { get; set; }
    public int Version { get; set; }
}

internal sealed class CertificationRequestConfiguration : IEntityTypeConfiguration<CertificationRequest>
{
    public void Configure(EntityTypeBuilder<CertificationRequest> r)
    {
        r.Property(x => x.Source).HasMaxLength(16);
        r.Property(x => x.RequestedBy).HasMaxLength(254);
        r.Property(x => x.Eligibility).HasMaxLength(2000);
        r.Property(x => x.ManagerDecidedBy).HasMaxLength(254);
        r.Property(x => x.ManagerComment).HasMaxLength(2000);
        r.Property(x => x.WithdrawnBy).HasMaxLength(254);
        r.HasIndex(x => x.BusinessCaseId).IsUnique();
        r.HasIndex(x => x.EmployeeId);
        r.HasIndex(x => x.ManagerId);
        r.HasOne(x => x.BusinessCase).WithMany().HasForeignKey(x => x.BusinessCaseId).OnDelete(DeleteBehavior.Restrict);
        r.HasOne(x => x.Employee).WithMany().HasForeignKey(x => x.EmployeeId).OnDelete(DeleteBehavior.Restrict);
        r.HasOne(x => x.Certification).WithMany().HasForeignKey(x => x.CertificationId).OnDelete(DeleteBehavior.Restrict);
        r.HasOne(x => x.Policy).WithMany().HasForeignKey(x => x.PolicyId).OnDelete(DeleteBehavior.Restrict);
    }
}
