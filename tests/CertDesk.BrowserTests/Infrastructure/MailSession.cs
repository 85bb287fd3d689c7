using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using CertDesk.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CertDesk.BrowserTests.Infrastructure;

/// <summary>
/// A session whose e-mails can be followed: the app listens on a port chosen before it starts and is told that address as
/// its public base (<c>PublicBaseUrl</c>), so every link it mails is the absolute address a person's mail client would open.
/// </summary>
public sealed partial class MailSession : BrowserSession
{
    private readonly int _port = FreePort();

    protected override int ListenPort => _port;

    protected override Task<IReadOnlyDictionary<string, string>> BeforeAppStartsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string> { ["PublicBaseUrl"] = $"http://127.0.0.1:{_port}" });

    /// <summary>
    /// The one link in the newest e-mail to <paramref name="to"/> whose key starts with <paramref name="keyPrefix"/>, as its
    /// subject and absolute link. What a person reads in their inbox: the outbox is where CertDesk keeps what it mails.
    /// </summary>
    public async Task<(string Subject, string Body, Uri Link)> MailAsync(string to, string keyPrefix)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CertDeskDbContext>();
        var mails = await db.OutboxMessages.AsNoTracking().Where(m => m.To == to && m.Key.StartsWith(keyPrefix)).ToListAsync();
        var mail = mails.OrderByDescending(m => m.CreatedAt).FirstOrDefault()
            ?? throw new InvalidOperationException($"No e-mail to {to} with a key starting '{keyPrefix}' (mailed: {string.Join(", ", (await db.OutboxMessages.AsNoTracking().Select(m => m.Key).ToListAsync()).Order())}).");
        var links = Link().Matches(mail.Body).Select(m => m.Value.TrimEnd('.', ',', ')')).Distinct().ToList();
        var link = Assert.Single(links);
        return (mail.Subject, mail.Body, new Uri(link, UriKind.Absolute));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Link();
}
