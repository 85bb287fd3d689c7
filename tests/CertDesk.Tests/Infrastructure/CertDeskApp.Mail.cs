using CertDesk.Data;
using CertDesk.Features.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CertDesk.Tests.Infrastructure;

public sealed record OutboxFile(string FileName, string ContentType, byte[] Content);

public sealed record OutboxMail(Guid Id, string Key, string To, string Subject, string Body, DateTimeOffset? SentAt, string? Transport, IReadOnlyList<OutboxFile> Attachments);

/// <summary>Mail intents: what the outbox holds, and one delivery pass as the background sender runs it.</summary>
public sealed partial class CertDeskApp
{
    /// <summary>The outbox messages whose key starts with <paramref name="keyPrefix"/>, in the order queued.</summary>
    public async Task<IReadOnlyList<OutboxMail>> OutboxAsync(string keyPrefix)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CertDeskDbContext>();
        var messages = await db.OutboxMessages.AsNoTracking().Include(m => m.Attachments).Where(m => m.Key.StartsWith(keyPrefix)).ToListAsync();
        return messages.OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)
            .Select(m => new OutboxMail(m.Id, m.Key, m.To, m.Subject, m.Body, m.SentAt, m.Transport,
                m.Attachments.OrderBy(a => a.Id).Select(a => new OutboxFile(a.FileName, a.ContentType, a.Content)).ToList()))
            .ToList();
    }

    /// <summary>Queues a message as a feature would (then saves), for tests of the transport itself.</summary>
    public async Task QueueMailAsync(string key, string to, string subject, string body)
    {
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<Outbox>().QueueAsync(key, to, subject, body, CancellationToken.None);
        await scope.ServiceProvider.GetRequiredService<CertDeskDbContext>().SaveChangesAsync();
    }

    /// <summary>The last delivery error of the message with this key (null when none).</summary>
    public async Task<string?> OutboxErrorAsync(string key)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CertDeskDbContext>().OutboxMessages.Where(m => m.Key == key).Select(m => m.Error).SingleAsync();
    }

    public async Task<int> OutboxCountAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CertDeskDbContext>().OutboxMessages.CountAsync();
    }

    /// <summary>One pass of the mail sender (SMTP when Mail:Host is set, else .eml files in Mail:PickupDirectory).</summary>
    public async Task<int> DeliverMailAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MailDelivery>().DeliverPendingAsync(CancellationToken.None);
    }
}
