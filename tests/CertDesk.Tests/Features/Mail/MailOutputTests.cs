using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using CertDesk.Tests.Features.Scheduling;
using CertDesk.Tests.Infrastructure;
using MimeKit;

namespace CertDesk.Tests.Features.Mail;

/// <summary>
/// Mail as a mail client sees it: the pickup .eml parsed by MimeKit has CRLF line ends only, a text and an HTML
/// alternative saying the same, and every link absolute under the configured public base address.
/// </summary>
public abstract partial class MailOutputTests(MailingDemoApp fixture)
{
    private CertDeskApp App => fixture.App;

    [ProviderFact]
    public async Task PickupEml_CrlfOnly_TextAndHtml_LinksAbsoluteUnderPublicBase()
    {
        var manager = await App.BearerClientAsync(Demo.Manager);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var date = today.AddDays(9 + (7 + (int)DayOfWeek.Wednesday - (int)today.DayOfWeek) % 7).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var body = new { title = "Linked invite", kind = "class", date, start = "10:00", length_minutes = 60, attendees = new[] { await App.EmployeeIdAsync("E0036") }, location = "Training room 2" };
        var created = await AssertHttp.JsonAsync(await manager.PostAsJsonAsync("/api/v1/sessions", body), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();

        await App.DeliverMailAsync();

        var queued = await App.OutboxAsync($"session:{id:N}:");
        Assert.NotEmpty(queued);
        foreach (var mail in queued)
        {
            var path = Path.Combine(fixture.PickupDirectory, $"{mail.Id:N}.eml");
            var bytes = await File.ReadAllBytesAsync(path);
            for (var i = 0; i < bytes.Length; i++)
            {
                Assert.False(bytes[i] == '\n' && (i == 0 || bytes[i - 1] != '\r'), $"bare LF at byte {i} of {path}");
            }
            using var message = await MimeMessage.LoadAsync(path);
            var link = $"https://certdesk.example/Scheduling/Sessions/Details/{id}";
            Assert.Contains(link, message.TextBody, StringComparison.Ordinal);
            Assert.Contains($"<a href=\"{link}\">", message.HtmlBody, StringComparison.Ordinal);
            foreach (Match url in Address().Matches(message.TextBody + message.HtmlBody))
            {
                Assert.StartsWith("https://certdesk.example/", url.Value, StringComparison.Ordinal);
            }
            Assert.DoesNotMatch(@"(?<![\w/.:])/(Agreements|Scheduling|Enrollments|Credentials)/", message.TextBody);
        }
    }

    [GeneratedRegex(@"https?://[^\s<>""]+")]
    private static partial Regex Address();
}

public sealed class SqliteMailOutputTests(SqliteMailingDemoApp fixture) : MailOutputTests(fixture), IClassFixture<SqliteMailingDemoApp>;

public sealed class PostgresMailOutputTests(PostgresMailingDemoApp fixture) : MailOutputTests(fixture), IClassFixture<PostgresMailingDemoApp>, IPostgresTests;

/// <summary>The transport's rules, checked against a relay that offers no STARTTLS, and the settings checked at start.</summary>
public sealed class MailTransportTests
{
    [Fact]
    public async Task RelayWithoutStartTls_NothingSent_ErrorSaysWhy()
    {
        using var relay = new PlainSmtpRelay();
        await using var app = await CertDeskApp.StartAsync(DbKind.Sqlite, seedDemo: false, new Dictionary<string, string>
        {
            ["Mail:Host"] = "127.0.0.1",
            ["Mail:Port"] = relay.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Mail:UserName"] = "relay-user",
            ["Mail:Password"] = "secret-password",
            ["Mail:PollSeconds"] = "3600",
        });
        await app.QueueMailAsync("test:starttls", "someone@example.com", "Hello", "Body");

        Assert.Equal(0, await app.DeliverMailAsync());

        var mail = Assert.Single(await app.OutboxAsync("test:starttls"));
        Assert.Null(mail.SentAt);
        Assert.Contains("STARTTLS", await app.OutboxErrorAsync("test:starttls"), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secret-password", relay.Received, StringComparison.Ordinal);
        Assert.DoesNotContain("AUTH", relay.Received, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PublicBaseUrl", "certdesk.example.com", "PublicBaseUrl")]
    [InlineData("PublicBaseUrl", "ftp://certdesk.example.com", "PublicBaseUrl")]
    [InlineData("Mail:BaseUrl", "https://certdesk.example.com/?x=1", "Mail:BaseUrl")]
    public async Task MalformedPublicBase_StartFails_NamingTheSetting(string key, string value, string named)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => CertDeskApp.StartAsync(DbKind.Sqlite, seedDemo: false, new Dictionary<string, string> { [key] = value }));
        Assert.Contains(named, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlainTextToARemoteRelay_StartFails()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => CertDeskApp.StartAsync(DbKind.Sqlite, seedDemo: false, new Dictionary<string, string>
        {
            ["Mail:Host"] = "smtp.example.com",
            ["Mail:Security"] = "None",
        }));
        Assert.Contains("Mail:Security=None", error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>An SMTP relay that offers AUTH but no STARTTLS, recording what the client sent.</summary>
    private sealed class PlainSmtpRelay : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly StringBuilder _received = new();
        private readonly Task _serving;

        public PlainSmtpRelay()
        {
            _listener.Start();
            _serving = ServeAsync();
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public string Received
        {
            get
            {
                lock (_received)
                {
                    return _received.ToString();
                }
            }
        }

        private async Task ServeAsync()
        {
            try
            {
                while (true)
                {
                    using var client = await _listener.AcceptTcpClientAsync();
                    using var stream = client.GetStream();
                    using var reader = new StreamReader(stream, Encoding.ASCII);
                    await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
                    await writer.WriteLineAsync("220 relay.test ESMTP");
                    while (await reader.ReadLineAsync() is { } line)
                    {
                        lock (_received)
                        {
                            _received.AppendLine(line);
                        }
                        if (line.StartsWith("EHLO", StringComparison.OrdinalIgnoreCase))
                        {
                            await writer.WriteLineAsync("250-relay.test");
                            await writer.WriteLineAsync("250 AUTH PLAIN LOGIN");
                        }
                        else if (line.StartsWith("QUIT", StringComparison.OrdinalIgnoreCase))
                        {
                            await writer.WriteLineAsync("221 bye");
                            break;
                        }
                        else
                        {
                            await writer.WriteLineAsync("502 not here");
                        }
                    }
                }
            }
            catch (Exception e) when (e is ObjectDisposedException or SocketException or IOException)
            {
                // the listener stopped with the test
            }
        }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Dispose();
            _serving.Wait(TimeSpan.FromSeconds(30));
        }
    }
}
