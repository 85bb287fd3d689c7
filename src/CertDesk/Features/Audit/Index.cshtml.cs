namespace CertDesk.Features.Audit;

/// <summary>/Audit: the audit trail, searched, filtered, sorted and paged in the database; the chain check.</summary>
[Authorize(Policy = Policies.RunsProgram)]
public sealed class IndexModel(CertDeskDbContext db, AuditCheckpoints checkpoints, VersionedCache versioned) : PageModel
{
    public const int PageSize = 50;

    public TableView<AuditEntry> Table { get; private set; } = null!;
    public AuditVerification? Verification { get; private set; }
    public AuditReading Reading { get; private set; } = null!;

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct) =>
        await (await SpecAsync(ct)).CsvAsync(db.AuditEntries.AsNoTracking(), Request.Query, ct);

    public async Task OnPostVerifyAsync(CancellationToken ct)
    {
        Verification = await checkpoints.VerifyAsync(ct);
        await LoadAsync(ct);
    }

    /// <summary>A page of the trail and its reading, kept for the data version (every audited change is a new one).</summary>
    private sealed record Shown(TableView<AuditEntry> Table, AuditReading Reading);

    private async Task LoadAsync(CancellationToken ct)
    {
        var spec = await SpecAsync(ct);
        var shown = await versioned.GetOrCreateAsync(("audit page", spec.ViewKey(Request.Query)), async () =>
        {
            var table = await spec.PageAsync(db.AuditEntries.AsNoTracking(), Request.Query, ct);
            return new Shown(table, await AuditReading.ForAsync(db, versioned, [.. table.Rows], ct));
        }, ct);
        (Table, Reading) = (shown.Table, shown.Reading);
    }

    public static string ChangeText(AuditEntry entry) => string.Join("; ", AuditChange.Of(entry).Select(c => c.Describe()));

    private async Task<Table<AuditEntry>> SpecAsync(CancellationToken ct)
    {
        var types = await versioned.GetOrCreateAsync("audit record types", async () => await db.AuditEntries.Select(a => a.EntityType).Distinct().ToListAsync(ct), ct);
        // The time is not a sort key of its own: the sequence is the order of the changes (and SQLite cannot order DateTimeOffset).
        return new Table<AuditEntry>("/Audit", "audit", PageSize)
            .Column("sequence", "#", a => a.Sequence, numeric: true)
            .Column("at", "When (UTC)", a => a.At, sortable: false, text: a => AuditReading.When(a.At))
            .Column("who", "Who", a => a.Actor)
            .Column("action", "Action", a => a.Action)
            .Column("record", "Record", a => a.EntityType, text: a => a.EntityType + " " + a.EntityId)
            .Column("change", "Change", a => a.After, sortable: false, text: ChangeText)
            .SortBy("sequence", descending: true)
            .ThenBy(a => a.Sequence)
            .SearchIn("Who, record type or id", a => a.Actor, a => a.EntityType, a => a.EntityId)
            .Filter("action", "Action", [new("", "Any action"), new("Added", "Added"), new("Modified", "Changed"), new("Deleted", "Removed")], v => a => a.Action == v)
            .Filter("record", "Record type", [new("", "All records"), .. types.Select(t => new TableOption(t, Labels.Record(t))).OrderBy(o => o.Label, StringComparer.Ordinal)], v => a => a.EntityType == v);
    }
}
