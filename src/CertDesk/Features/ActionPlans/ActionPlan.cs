using CertDesk.Features.Catalog;
using CertDesk.Features.Credentials;

namespace CertDesk.Features.ActionPlans;

/// <summary>
/// After certification: what the person will do differently at their desk, tied to daily processes, with
/// 30/60/90-day check-ins where the person records evidence and their manager rates the behaviour change.
/// </summary>
public sealed class ActionPlan : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid EmployeeId { get; set; }
    public Employee? Employee { get; set; }
    public Guid CertificationId { get; set; }
    public Certification? Certification { get; set; }
    public Guid? CredentialId { get; set; }
    public DateOnly StartsOn { get; set; }
    public List<ActionItem> Items { get; set; } = [];
    public List<CheckIn> CheckIns { get; set; } = [];
    public int Version { get; set; }
}

/// <summary>One commitment tied to a daily process (weekly QA calibration, adherence coaching, a forecast review).</summary>
public sealed class ActionItem
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ActionPlanId { get; set; }
    public string Title { get; set; } = "";
    public string Process { get; set; } = "";
    public Guid OwnerId { get; set; }
    public DateOnly DueOn { get; set; }
}

/// <summary>A 30/60/90-day check-in: the person's evidence, then the manager's rating of behaviour change (1-5, Kirkpatrick level 3).</summary>
public sealed class CheckIn : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ActionPlanId { get; set; }
    public int Day { get; set; }
    public DateOnly DueOn { get; set; }
    public string? Evidence { get; set; }
    public string? EvidenceBy { get; set; }
    public DateTimeOffset? EvidenceAt { get; set; }
    public int? Rating { get; set; }
    public string? RatingComment { get; set; }
    public string? RatedBy { get; set; }
    public DateTimeOffset? RatedAt { get; set; }
    public int Version { get; set; }

    public bool IsComplete => Rating is not null;
}

/// <summary>Kirkpatrick levels 1 and 2 after a certification: reaction, learning, confidence before and after (1-5 each).</summary>
public sealed class Survey
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid EmployeeId { get; set; }
    public Guid CertificationId { get; set; }
    public Guid? EnrollmentId { get; set; }
    public int Reaction { get; set; }
    public int Learning { get; set; }
    public int ConfidenceBefore { get; set; }
    public int ConfidenceAfter { get; set; }
    public string Comment { get; set; } = "";
    public DateTimeOffset SubmittedAt { get; set; }
}

internal sealed class ActionPlanConfiguration : IEntityTypeConfiguration<ActionPlan>
{
    public void Configure(EntityTypeBuilder<ActionPlan> p)
    {
        p.HasOne(x => x.Employee).WithMany().HasForeignKey(x => x.EmployeeId).OnDelete(DeleteBehavior.Restrict);
        p.HasOne(x => x.Certification).WithMany().HasForeignKey(x => x.CertificationId).OnDelete(DeleteBehavior.Restrict);
        p.HasOne<Credential>().WithMany().HasForeignKey(x => x.CredentialId).OnDelete(DeleteBehavior.SetNull);
        p.HasMany(x => x.Items).WithOne().HasForeignKey(i => i.ActionPlanId).OnDelete(DeleteBehavior.Cascade);
        p.HasMany(x => x.CheckIns).WithOne().HasForeignKey(i => i.ActionPlanId).OnDelete(DeleteBehavior.Cascade);
        p.HasIndex(x => x.EmployeeId);
    }
}

internal sealed class ActionItemConfiguration : IEntityTypeConfiguration<ActionItem>
{
    public void Configure(EntityTypeBuilder<ActionItem> i)
    {
        i.Property(x => x.Title).HasMaxLength(200);
        i.Property(x => x.Process).HasMaxLength(120);
        i.HasOne<Employee>().WithMany().HasForeignKey(x => x.OwnerId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CheckInConfiguration : IEntityTypeConfiguration<CheckIn>
{
    public void Configure(EntityTypeBuilder<CheckIn> c)
    {
        c.Property(x => x.Evidence).HasMaxLength(2000);
        c.Property(x => x.EvidenceBy).HasMaxLength(254);
        c.Property(x => x.RatingComment).HasMaxLength(2000);
        c.Property(x => x.RatedBy).HasMaxLength(254);
        c.HasIndex(x => new { x.ActionPlanId, x.Day }).IsUnique();
        c.Ignore(x => x.IsComplete);
    }
}

internal sealed class SurveyConfiguration : IEntityTypeConfiguration<Survey>
{
    public void Configure(EntityTypeBuilder<Survey> s)
    {
        s.Property(x => x.Comment).HasMaxLength(2000);
        s.HasIndex(x => new { x.EmployeeId, x.CertificationId }).IsUnique();
        s.HasOne<Employee>().WithMany().HasForeignKey(x => x.EmployeeId).OnDelete(DeleteBehavior.Restrict);
        s.HasOne<Certification>().WithMany().HasForeignKey(x => x.CertificationId).OnDelete(DeleteBehavior.Restrict);
    }
}
