namespace CertDesk.Features.TuitionPolicies;

public enum PolicyStatus
{
    Draft,
    Published,
}

public enum CommitmentStart
{
    Completion,
    Payment,
}

public enum CompletionStandard
{
    Pass,
    MinimumGrade,
}

/// <summary>
/// One version of a tuition policy. Versions of one policy share <see cref="Code"/>; a published version never
/// changes (refused by the service and by <see cref="SealedRecords"/> in SaveChanges); agreements name the version.
/// </summary>
public sealed class TuitionPolicy : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Code { get; set; }
    public int VersionNumber { get; set; } = 1;
    public required string Name { get; set; }
    public PolicyStatus Status { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public string? PublishedBy { get; set; }

    // Eligibility
    public int MinTenureMonths { get; set; }

    /// <summary>Job roles (comma separated); empty means every role.</summary>
    public string EligibleRoles { get; set; } = "";
    public bool RequiresGoodStanding { get; set; } = true;

    /// <summary>The application window, when the policy sets one: requests are accepted from <see cref="ApplicationsOpenOn"/> to <see cref="ApplicationsCloseOn"/> (both days included; either may be open-ended).</summary>
    public DateOnly? ApplicationsOpenOn { get; set; }
    public DateOnly? ApplicationsCloseOn { get; set; }

    // Funding
    /// <summary>Funded items (comma separated: tuition, exam, materials, travel, retake).</summary>
    public string FundedItems { get; set; } = "tuition,exam,materials";
    public decimal AnnualCap { get; set; }
    public decimal TaxFreeAnnualLimit { get; set; } = 5250m;

    // Completion
    public CompletionStandard CompletionStandard { get; set; }
    public string? MinimumGrade { get; set; }
    public int CompletionDeadlineMonths { get; set; } = 12;

    // Service commitment and repayment
    public int CommitmentMonths { get; set; } = 24;
    public CommitmentStart CommitmentStart { get; set; }
    public CertDesk.Domain.Repayment.Proration Proration { get; set; }

    /// <summary>Tiers as "until_month:percent" pairs separated by ';' (e.g. "12:100;24:50").</summary>
    public string Tiers { get; set; } = "";
    public string TriggeringReasons { get; set; } = "resignation,for_cause,not_completed";
    public string ExemptReasons { get; set; } = "layoff,death,disability";
    public decimal NotCompletedPercent { get; set; } = 100m;
    public int Version { get; set; }
}

internal sealed class TuitionPolicyConfiguration : IEntityTypeConfiguration<TuitionPolicy>
{
    public void Configure(EntityTypeBuilder<TuitionPolicy> p)
    {
        p.Property(x => x.Code).HasMaxLength(64);
        p.Property(x => x.Name).HasMaxLength(200);
        p.Property(x => x.PublishedBy).HasMaxLength(254);
        p.Property(x => x.EligibleRoles).HasMaxLength(500);
        p.Property(x => x.FundedItems).HasMaxLength(500);
        p.Property(x => x.MinimumGrade).HasMaxLength(8);
        p.Property(x => x.Tiers).HasMaxLength(1000);
        p.Property(x => x.TriggeringReasons).HasMaxLength(500);
        p.Property(x => x.ExemptReasons).HasMaxLength(500);
        p.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        p.Property(x => x.CommitmentStart).HasConversion<string>().HasMaxLength(16);
        p.Property(x => x.CompletionStandard).HasConversion<string>().HasMaxLength(16);
        p.Property(x => x.Proration).HasConversion<string>().HasMaxLength(16);
        p.Property(x => x.AnnualCap).HasPrecision(14, 2);
        p.Property(x => x.TaxFreeAnnualLimit).HasPrecision(14, 2);
        p.Property(x => x.NotCompletedPercent).HasPrecision(7, 4);
        p.HasIndex(x => new { x.Code, x.VersionNumber }).IsUnique();
    }
}
