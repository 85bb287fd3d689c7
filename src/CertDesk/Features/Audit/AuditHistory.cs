namespace CertDesk.Features.Audit;

/// <summary>
/// A record's version history on its own page (a certification, the competency framework): the audit trail's entries
/// about it, read in words the way the audit page reads them, never as the stored JSON.
/// </summary>
public sealed class AuditHistory
{
    private AuditHistory(string caption, IReadOnlyList<AuditEntry> entries, AuditReading reading)
    {
        Caption = caption;
        Entries = entries;
        Reading = reading;
    }

    public static AuditHistory None { get; } = new("", [], null!);

    public string Caption { get; }
    public IReadOnlyList<AuditEntry> Entries { get; }
    public AuditReading Reading { get; }

    public static async Task<AuditHistory> ForAsync(CertDeskDbContext db, VersionedCache versioned, string caption, IReadOnlyList<AuditEntry> entries, CancellationToken ct) =>
        new(caption, entries, await AuditReading.ForAsync(db, versioned, [.. entries], ct));

    /// <summary>What happened to which record: "Changed certification: CCCD Certified Call Center Director".</summary>
    public string What(AuditEntry entry)
    {
        var record = Reading.Record(entry);
        return record.Length == 0 ? AuditReading.Action(entry.Action) : $"{AuditReading.Action(entry.Action)} {char.ToLowerInvariant(record[0])}{record[1..]}";
    }
}
