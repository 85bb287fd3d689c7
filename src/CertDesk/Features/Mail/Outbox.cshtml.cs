namespace CertDesk.Features.Mail;

/// <summary>/Mail/Outbox: the messages CertDesk queued, searched, filtered and paged in the database (newest first: the ids are time-ordered).</summary>
[Authorize(Policy = Policies.RunsProgram)]
public sealed class OutboxModel(CertDeskDbContext db) : PageModel
{
    public TableView<OutboxMessage> Table { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) => Table = await Spec().PageAsync(Messages(), Request.Query, ct);

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct) => await Spec().CsvAsync(Messages(), Request.Query, ct);

    // Attachments are listed by name; they are small (calendar invites).
    private IQueryable<OutboxMessage> Messages() => db.OutboxMessages.AsNoTracking().Include(m => m.Attachments);

    public static string SentText(OutboxMessage m) =>
        m.SentAt is { } s ? $"{Table<OutboxMessage>.Format(s)} via {m.Transport}" : m.Error is null ? "pending" : "failed: " + m.Error;

    private static Table<OutboxMessage> Spec() =>
        new Table<OutboxMessage>("/Mail/Outbox", "outbox", pageSize: 50)
            .Column("queued", "Queued (UTC)", m => m.Id, text: m => Table<OutboxMessage>.Format(m.CreatedAt))
            .Column("to", "To", m => m.To)
            .Column("subject", "Subject", m => m.Subject)
            .Column("attachments", "Attachments", m => m.Transport, sortable: false, text: m => string.Join(", ", m.Attachments.Select(a => a.FileName)))
            .Column("sent", "Sent", m => m.Transport, sortable: false, text: SentText)
            .SortBy("queued", descending: true)
            .SearchIn("Recipient or subject", m => m.To, m => m.Subject)
            .Filter("state", "State", [new("", "Any"), new("pending", "Pending"), new("sent", "Sent"), new("failed", "Failed")], v => v switch
            {
                "sent" => m => m.SentAt != null,
                "failed" => m => m.SentAt == null && m.Error != null,
                _ => m => m.SentAt == null && m.Error == null,
            });
}
