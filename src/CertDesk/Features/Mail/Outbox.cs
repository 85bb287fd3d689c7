namespace CertDesk.Features.Mail;

/// <summary>
/// Queues e-mail in the same unit of work as the change that causes it (a transactional outbox); the key makes
/// queuing idempotent. <see cref="MailWorker"/> delivers.
/// </summary>
public sealed class Outbox(CertDeskDbContext db, TimeProvider clock)
{
    public Task QueueAsync(string key, string to, string subject, string body, CancellationToken ct) =>
        QueueAsync(key, to, subject, body, [], ct);

    /// <summary>Queues a message with files attached (see <see cref="MailDelivery"/> for how a calendar is sent).</summary>
    public async Task QueueAsync(string key, string to, string subject, string body, IReadOnlyList<MailAttachment> attachments, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(attachments);
        if (db.OutboxMessages.Local.Any(m => m.Key == key) || await db.OutboxMessages.AnyAsync(m => m.Key == key, ct))
        {
            return;
        }
        db.OutboxMessages.Add(new OutboxMessage
        {
            Key = key,
            To = to,
            Subject = subject,
            Body = body,
            CreatedAt = clock.GetUtcNow(),
            Attachments = attachments.Select(a => new OutboxAttachment { FileName = a.FileName, ContentType = a.ContentType, Content = a.Content }).ToList(),
        });
    }
}
