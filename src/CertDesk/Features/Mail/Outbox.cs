using CertDesk.Data;
using Microsoft.EntityFrameworkCore;

namespace CertDesk.Features.Mail;

/// <summary>
/// Queues e-mail in the same unit of work as the change that causes it (a transactional outbox); the key makes
/// queuing idempotent. <see cref="MailWorker"/> delivers.
/// </summary>
public sealed class Outbox(CertDeskDbContext db, TimeProvider clock)
{
    public async Task QueueAsync(string key, string to, string subject, string body, CancellationToken ct)
    {
        if (db.OutboxMessages.Local.Any(m => m.Key == key) || await db.OutboxMessages.AnyAsync(m => m.Key == key, ct))
        {
            return;
        }
        db.OutboxMessages.Add(new OutboxMessage { Key = key, To = to, Subject = subject, Body = body, CreatedAt = clock.GetUtcNow() });
    }
}
