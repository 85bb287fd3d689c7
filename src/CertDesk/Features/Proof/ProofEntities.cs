namespace CertDesk.Features.Proof;

/// <summary>
/// One team's contacts in one interval (the contract's <c>intervals</c> columns), keyed by (team, interval start UTC).
/// Written in bulk by <see cref="KpiImport"/> (not tracked row by row: one <see cref="KpiImportRecord"/> per import goes
/// into the audit trail instead).
/// </summary>
public sealed class KpiIntervalFact
{
    public required string TeamCode { get; set; }
    public DateTime IntervalStart { get; set; }
    public long Offered { get; set; }
    public long Answered { get; set; }
    public long Abandoned { get; set; }
    public long AnsweredWithinThreshold { get; set; }
    public long WaitSecondsAnswered { get; set; }
    public long HandleSeconds { get; set; }
    public long HoldSeconds { get; set; }
    public long WrapSeconds { get; set; }
    public long Transferred { get; set; }
    public long ResolvedFirstContact { get; set; }
    public long CsatSum { get; set; }
    public long CsatCount { get; set; }
}

/// <summary>
/// One team's interval facts summed over one UTC day: what the ROI study, the KPI pages and the profile read, since every
/// window they sum starts and ends on a day. Derived, never edited: <see cref="KpiDailyRollup"/> rewrites the days an
/// import touched, and a restore rebuilds the whole table.
/// </summary>
public sealed class KpiDailyFact
{
    public required string TeamCode { get; set; }
    public DateOnly Day { get; set; }
    public long Offered { get; set; }
    public long Answered { get; set; }
    public long Abandoned { get; set; }
    public long AnsweredWithinThreshold { get; set; }
    public long WaitSecondsAnswered { get; set; }
    public long HandleSeconds { get; set; }
    public long HoldSeconds { get; set; }
    public long WrapSeconds { get; set; }
    public long Transferred { get; set; }
    public long ResolvedFirstContact { get; set; }
    public long CsatSum { get; set; }
    public long CsatCount { get; set; }
}

/// <summary>A QA evaluation score (0-100) of an agent on a date; several on a day are averaged by the importer.</summary>
public sealed class QaScore
{
    public required string EmployeeNumber { get; set; }
    public DateOnly Date { get; set; }
    public string TeamCode { get; set; } = "";
    public decimal Score { get; set; }
}

/// <summary>One KPI import (audited): what file, which kind, how many rows and facts, its SHA-256.</summary>
public sealed class KpiImportRecord
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Kind { get; set; }
    public required string FileName { get; set; }
    public required string Sha256 { get; set; }

    /// <summary>
    /// The bytes the hash covered (a <c>cdr</c> CSV): a file of a size no record has is almost surely new, so its hash runs
    /// beside the read instead of before it (and is looked up before anything is written). Null on records from before it
    /// was kept, and for platform and mapped imports.
    /// </summary>
    public long? Bytes { get; set; }

    public long Rows { get; set; }
    public long Facts { get; set; }
    public DateTimeOffset ImportedAt { get; set; }
    public string Actor { get; set; } = "";
}

/// <summary>An ROI study's definition; its results are recomputed from the facts (deterministic seed).</summary>
public sealed class RoiStudyRecord : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    public string CertificationCode { get; set; } = "";
    public DateOnly CertifiedOn { get; set; }
    public DateOnly PreStart { get; set; }
    public DateOnly PreEnd { get; set; }
    public DateOnly PostStart { get; set; }
    public DateOnly PostEnd { get; set; }

    /// <summary>JSON array of team codes.</summary>
    public string CohortTeamsJson { get; set; } = "[]";

    /// <summary>JSON array of team codes.</summary>
    public string ComparisonTeamsJson { get; set; } = "[]";

    /// <summary>JSON object kpi key -> value per unit.</summary>
    public string ValuesJson { get; set; } = "{}";

    /// <summary>JSON array of { category, amount }.</summary>
    public string CostsJson { get; set; } = "[]";
    public decimal Isolation { get; set; } = 1;
    public decimal Confidence { get; set; } = 1;
    public string Intangibles { get; set; } = "";
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public int Version { get; set; }
}

internal sealed class KpiIntervalFactConfiguration : IEntityTypeConfiguration<KpiIntervalFact>
{
    public void Configure(EntityTypeBuilder<KpiIntervalFact> fact)
    {
        // The key is the one index: every read of facts names its teams, and the range of days on record comes from the
        // daily sums (KpiQueries.FactRangeAsync). An index on the interval alone cost each import its upkeep (SQLite: 50 ms
        // of the 10-million-row import's 1.4 s, built again after a bulk load and written at the commit).
        fact.HasKey(f => new { f.TeamCode, f.IntervalStart });
        fact.Property(f => f.TeamCode).HasMaxLength(64);
    }
}

internal sealed class KpiDailyFactConfiguration : IEntityTypeConfiguration<KpiDailyFact>
{
    public void Configure(EntityTypeBuilder<KpiDailyFact> day)
    {
        day.HasKey(d => new { d.TeamCode, d.Day });
        day.Property(d => d.TeamCode).HasMaxLength(64);
        day.HasIndex(d => d.Day); // the first and last day on record (KpiQueries.FactRangeAsync)
    }
}

internal sealed class QaScoreConfiguration : IEntityTypeConfiguration<QaScore>
{
    public void Configure(EntityTypeBuilder<QaScore> qa)
    {
        qa.HasKey(q => new { q.EmployeeNumber, q.Date });
        qa.Property(q => q.EmployeeNumber).HasMaxLength(64);
        qa.Property(q => q.TeamCode).HasMaxLength(64);
        qa.Property(q => q.Score).HasPrecision(6, 2);
        qa.HasIndex(q => new { q.TeamCode, q.Date });
    }
}

internal sealed class KpiImportRecordConfiguration : IEntityTypeConfiguration<KpiImportRecord>
{
    public void Configure(EntityTypeBuilder<KpiImportRecord> r)
    {
        r.Property(x => x.Kind).HasMaxLength(16);
        r.Property(x => x.FileName).HasMaxLength(260);
        r.Property(x => x.Sha256).HasMaxLength(64);
        r.Property(x => x.Actor).HasMaxLength(254);
        r.HasIndex(x => new { x.Kind, x.Sha256 });
    }
}

internal sealed class RoiStudyRecordConfiguration : IEntityTypeConfiguration<RoiStudyRecord>
{
    public void Configure(EntityTypeBuilder<RoiStudyRecord> s)
    {
        s.Property(x => x.Name).HasMaxLength(200);
        s.Property(x => x.CertificationCode).HasMaxLength(32);
        s.Property(x => x.Isolation).HasPrecision(5, 4);
        s.Property(x => x.Confidence).HasPrecision(5, 4);
        s.Property(x => x.Intangibles).HasMaxLength(4000);
        s.Property(x => x.CreatedBy).HasMaxLength(254);
    }
}

/// <summary>
/// A column mapping saved for one source (an ACD or report the center exports): the same JSON document as the CLI's
/// <c>--mapping</c> file (<see cref="CertDesk.Domain.Kpi.ColumnMapping"/>), kept whole so the page and the command line read
/// one format. Edited by program managers and admins; every change is audited by the context.
/// </summary>
public sealed class KpiColumnMappingRecord : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The source's name as people call it ("Avaya CMS, Lyon"): unique.</summary>
    public required string Name { get; set; }

    /// <summary><c>cdr</c> or <c>intervals</c> (also in the JSON; kept here to list and filter without parsing).</summary>
    public required string Kind { get; set; }

    public required string MappingJson { get; set; }
    public string UpdatedBy { get; set; } = "";
    public DateTimeOffset UpdatedAt { get; set; }
    public int Version { get; set; }
}

internal sealed class KpiColumnMappingRecordConfiguration : IEntityTypeConfiguration<KpiColumnMappingRecord>
{
    public void Configure(EntityTypeBuilder<KpiColumnMappingRecord> m)
    {
        m.Property(x => x.Name).HasMaxLength(200);
        m.Property(x => x.Kind).HasMaxLength(16);
        m.Property(x => x.MappingJson).HasMaxLength(16000);
        m.Property(x => x.UpdatedBy).HasMaxLength(254);
        m.HasIndex(x => x.Name).IsUnique();
    }
}
