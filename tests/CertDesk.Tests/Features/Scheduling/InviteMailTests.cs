using System.Net;
using System.Net.Http.Json;
using System.Text;
using CertDesk.Tests.Infrastructure;
using Ical.Net;
using MimeKit;

namespace CertDesk.Tests.Features.Scheduling;

/// <summary>A demo host whose mail goes to its own pickup folder and whose background sender waits (the test delivers).</summary>
public abstract class MailingDemoApp(DbKind kind) : IAsyncLifetime
{
    private CertDeskApp? _app;

    public string PickupDirectory { get; } = Directory.CreateTempSubdirectory("certdesk-invites-").FullName;

    public CertDeskApp App => _app ?? throw new InvalidOperationException($"{TestDatabase.PostgresVariable} is not set");

    public async Task InitializeAsync()
    {
        if (kind == DbKind.Postgres && TestDatabase.PostgresServer is null)
        {
            return;
        }
        _app = await CertDeskApp.StartAsync(kind, seedDemo: true, new Dictionary<string, string>
        {
            ["Mail:PickupDirectory"] = PickupDirectory,
            ["Mail:PollSeconds"] = "3600",
            ["PublicBaseUrl"] = "https://certdesk.example",
        });
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        Directory.Delete(PickupDirectory, recursive: true);
    }
}

public sealed class SqliteMailingDemoApp() : MailingDemoApp(DbKind.Sqlite);

public sealed class PostgresMailingDemoApp() : MailingDemoApp(DbKind.Postgres);

/// <summary>
/// Creating, changing and cancelling a session e-mails its invite: one outbox message per attendee and the organizer,
/// each with an invite.ics (text/calendar; method=REQUEST or CANCEL) that Ical.Net reads back with the session's UID,
/// a SEQUENCE raised by every change and the site's time zone; people taken off the session get a CANCEL; the sender
/// writes .eml files to the pickup folder whose calendar parts parse the same way.
/// </summary>
public abstract class InviteMailTests(MailingDemoApp fixture)
{
    private const string Zone = "America/New_York"; // Columbus
    private CertDeskApp App => fixture.App;

    private static string NextWeek(DayOfWeek day)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(Zone);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, zone));
        var monday = today.AddDays(7 - ((int)today.DayOfWeek + 6) % 7);
        return monday.AddDays(((int)day + 6) % 7).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<object> Body(string title, string date, string start, params string[] employees)
    {
        var ids = new List<Guid>();
        foreach (var e in employees)
        {
            ids.Add(await App.EmployeeIdAsync(e));
        }
        return new { title, kind = "class", date, start, length_minutes = 60, attendees = ids, location = "Training room 2" };
    }

    private async Task<string> EmailOfAsync(string employee) => (await App.EmployeeAsync(employee))!.Email;

    /// <summary>The one invite.ics of a message: its MIME type names the method, and Ical.Net reads it.</summary>
    private static (Calendar Calendar, Ical.Net.CalendarComponents.CalendarEvent Event) Invite(OutboxMail mail, string method)
    {
        var file = Assert.Single(mail.Attachments);
        Assert.Equal("invite.ics", file.FileName);
        var type = ContentType.Parse(file.ContentType);
        Assert.True(type.IsMimeType("text", "calendar"), file.ContentType);
        Assert.Equal(method, type.Parameters["method"]);
        var calendar = Calendar.Load(Encoding.UTF8.GetString(file.Content))!;
        Assert.Equal(method, calendar.Method);
        Assert.Contains(calendar.TimeZones, z => z.TzId == Zone);
        var evt = Assert.Single(calendar.Events);
        Assert.Equal(Zone, evt.DtStart!.TzId);
        return (calendar, evt);
    }

    [ProviderFact]
    public async Task CreateUpdateCancel_EachRevisionMailedWithAParseableInvite_SameUidRisingSequence()
    {
        var manager = await App.BearerClientAsync(Demo.Manager);
        var date = NextWeek(DayOfWeek.Tuesday);
        var created = await AssertHttp.JsonAsync(await manager.PostAsJsonAsync("/api/v1/sessions", await Body("Invites by mail", date, "14:00", "E0035", "E0065")), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        var uid = created.GetProperty("uid").GetString()!;
        var prefix = $"session:{id:N}:";
        var (e35, e65) = (await EmailOfAsync("E0035"), await EmailOfAsync("E0065"));

        // Created: a REQUEST, SEQUENCE 0, to both attendees and the organizer (the manager).
        var first = await App.OutboxAsync(prefix);
        Assert.Equal(Sorted(e35, e65, Demo.Manager), first.Select(m => m.To).Order(StringComparer.Ordinal));
        foreach (var mail in first)
        {
            Assert.Equal("Invitation: Invites by mail", mail.Subject);
            Assert.Contains($"When: {DateOnly.ParseExact(date, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture).DayOfWeek} {date} 14:00-15:00 ({Zone})", mail.Body, StringComparison.Ordinal);
            Assert.Contains($"https://certdesk.example/Scheduling/Sessions/Details/{id}", mail.Body, StringComparison.Ordinal);
            var (_, evt) = Invite(mail, "REQUEST");
            Assert.Equal(uid, evt.Uid);
            Assert.Equal(0, evt.Sequence);
            Assert.Equal(new TimeSpan(14, 0, 0), evt.DtStart!.Value.TimeOfDay);
            Assert.Equal(2, evt.Attendees.Count);
            Assert.Equal($"mailto:{Demo.Manager}", evt.Organizer!.Value!.ToString(), ignoreCase: true);
        }

        // Updated (30 minutes later, E0065 taken off): REQUEST SEQUENCE 1 to E0035 and the organizer, CANCEL SEQUENCE 1 to E0065.
        var etag = (await manager.GetAsync($"/api/v1/sessions/{id}")).Headers.ETag!.Tag;
        using (var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/sessions/{id}") { Content = JsonContent.Create(await Body("Invites by mail", date, "14:30", "E0035")) })
        {
            put.Headers.TryAddWithoutValidation("If-Match", etag);
            await AssertHttp.JsonAsync(await manager.SendAsync(put));
        }
        var second = (await App.OutboxAsync(prefix + "1:")).ToList();
        Assert.Equal(3, second.Count);
        var requests = second.Where(m => m.Key.Contains(":REQUEST:", StringComparison.Ordinal)).ToList();
        Assert.Equal(Sorted(e35, Demo.Manager), requests.Select(m => m.To).Order(StringComparer.Ordinal));
        foreach (var mail in requests)
        {
            Assert.Equal("Updated: Invites by mail", mail.Subject);
            var (_, evt) = Invite(mail, "REQUEST");
            Assert.Equal((uid, 1), (evt.Uid, evt.Sequence));
            Assert.Equal(new TimeSpan(14, 30, 0), evt.DtStart!.Value.TimeOfDay);
        }
        var farewell = Assert.Single(second, m => m.Key.Contains(":CANCEL:", StringComparison.Ordinal));
        Assert.Equal(e65, farewell.To);
        var (_, removed) = Invite(farewell, "CANCEL");
        Assert.Equal((uid, 1), (removed.Uid, removed.Sequence));
        Assert.Equal($"mailto:{e65}", Assert.Single(removed.Attendees).Value!.ToString(), ignoreCase: true);

        // A refused change (a link that is not https) queues nothing.
        var before = await App.OutboxCountAsync();
        await AssertHttp.StatusAsync(await manager.PutAsJsonAsync($"/api/v1/sessions/{id}",
            new { title = "Invites by mail", kind = "class", date, start = "15:00", length_minutes = 60, attendees = new[] { await App.EmployeeIdAsync("E0035") }, online_url = "http://x.example" }),
            HttpStatusCode.UnprocessableEntity);
        Assert.Equal(before, await App.OutboxCountAsync());

        // Cancelled: CANCEL SEQUENCE 2 with STATUS:CANCELLED to the remaining attendee and the organizer; cancelling again sends nothing.
        await AssertHttp.JsonAsync(await manager.PostAsync($"/api/v1/sessions/{id}/cancel", null));
        await AssertHttp.JsonAsync(await manager.PostAsync($"/api/v1/sessions/{id}/cancel", null));
        var third = await App.OutboxAsync(prefix + "2:");
        Assert.Equal(Sorted(e35, Demo.Manager), third.Select(m => m.To).Order(StringComparer.Ordinal));
        foreach (var mail in third)
        {
            Assert.Equal("Cancelled: Invites by mail", mail.Subject);
            var (_, evt) = Invite(mail, "CANCEL");
            Assert.Equal((uid, 2, "CANCELLED"), (evt.Uid, evt.Sequence, evt.Status));
            Assert.DoesNotContain("Reason:", mail.Body, StringComparison.Ordinal); // the API gives none, as before
        }
        Assert.Equal(first.Count + second.Count + third.Count, (await App.OutboxAsync(prefix)).Count);
    }

    [ProviderFact]
    public async Task CancelPage_NamesWhoIsTold_NeedsAReason_WhichEveryCancellationEmailCarries()
    {
        var api = await App.BearerClientAsync(Demo.Manager);
        var created = await AssertHttp.JsonAsync(await api.PostAsJsonAsync("/api/v1/sessions", await Body("Cancelled with a reason", NextWeek(DayOfWeek.Wednesday), "10:00", "E0035", "E0065")), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        var page = $"/Scheduling/Sessions/Cancel/{id}";
        var cancelled = $"session:{id:N}:1:";

        // The employee cannot cancel, not even see the question.
        var employee = await App.SignInAsAsync(Demo.Employee);
        var refused = await employee.GetAsync(page);
        Assert.True(refused.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound
            || refused.Headers.Location?.OriginalString.Contains("/Accounts/AccessDenied", StringComparison.Ordinal) == true, $"{(int)refused.StatusCode}");

        // The manager is shown who will be told: both attendees and themself, the organizer.
        var manager = await App.SignInAsAsync(Demo.Manager);
        var question = Features.Shared.ScreensTests.VisibleText(await AssertHttp.StatusAsync(await manager.GetAsync(page), HttpStatusCode.OK));
        Assert.Contains("Who will be told (3)", question, StringComparison.Ordinal);
        Assert.Contains((await App.EmployeeAsync("E0035"))!.FullName, question, StringComparison.Ordinal);
        Assert.Contains((await App.EmployeeAsync("E0065"))!.FullName, question, StringComparison.Ordinal);
        Assert.Contains("(organizer)", question, StringComparison.Ordinal);

        // No reason: asked for, nothing cancelled, nothing mailed.
        var blank = await manager.PostAsync(page, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await CertDeskApp.AntiforgeryTokenAsync(manager, page),
            ["Reason"] = "   ",
        }));
        Assert.Contains("Say why the session is cancelled", await AssertHttp.StatusAsync(blank, HttpStatusCode.OK), StringComparison.Ordinal);
        Assert.Empty(await App.OutboxAsync(cancelled));
        Assert.Equal("Scheduled", (await AssertHttp.JsonAsync(await api.GetAsync($"/api/v1/sessions/{id}"))).GetProperty("status").GetString(), ignoreCase: true);

        // With a reason: cancelled, and each of the three e-mails says why.
        var done = await manager.PostAsync(page, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await CertDeskApp.AntiforgeryTokenAsync(manager, page),
            ["Reason"] = "  The trainer is ill.  ",
        }));
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal($"/Scheduling/Sessions/Details/{id}", done.Headers.Location!.OriginalString);
        var mails = await App.OutboxAsync(cancelled);
        Assert.Equal(3, mails.Count);
        Assert.All(mails, m => Assert.Contains("Reason: The trainer is ill.\n", m.Body, StringComparison.Ordinal));
        Assert.All(mails, m => Assert.Equal("Cancelled: Cancelled with a reason", m.Subject));

        // Already cancelled: the question is not asked again.
        var again = await manager.GetAsync(page);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
    }

    [ProviderFact]
    public async Task Delivery_PickupFolderGetsEml_CalendarAsAlternativeAndAttachment()
    {
        var manager = await App.BearerClientAsync(Demo.Manager);
        var created = await AssertHttp.JsonAsync(await manager.PostAsJsonAsync("/api/v1/sessions", await Body("Delivered invite", NextWeek(DayOfWeek.Wednesday), "09:00", "E0035")), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        var uid = created.GetProperty("uid").GetString()!;

        await App.DeliverMailAsync();

        var queued = await App.OutboxAsync($"session:{id:N}:");
        Assert.Equal(2, queued.Count); // E0035 and the organizer
        foreach (var mail in queued)
        {
            Assert.NotNull(mail.SentAt);
            Assert.Equal("pickup", mail.Transport);
            var path = Path.Combine(fixture.PickupDirectory, $"{mail.Id:N}.eml");
            Assert.True(File.Exists(path), $"no {path}");
            using var message = await MimeMessage.LoadAsync(path);
            Assert.Equal(mail.To, message.To.Mailboxes.Single().Address);
            Assert.Equal("Invitation: Delivered invite", message.Subject);

            // multipart/mixed: multipart/alternative (text/plain, text/html, text/calendar; method=REQUEST), then the invite.ics attachment.
            var mixed = Assert.IsType<Multipart>(message.Body);
            Assert.Equal("multipart/mixed", mixed.ContentType.MimeType);
            var alternative = Assert.IsType<MultipartAlternative>(mixed[0]);
            Assert.Equal(["text/plain", "text/html", "text/calendar"], alternative.Select(p => p.ContentType.MimeType));
            Assert.Contains("Delivered invite", ((TextPart)alternative[0]).Text, StringComparison.Ordinal);
            var attachment = Assert.Single(message.Attachments.OfType<MimePart>());
            Assert.Equal("invite.ics", attachment.FileName);
            foreach (var part in new[] { (MimePart)alternative[2], attachment })
            {
                Assert.Equal("text/calendar", part.ContentType.MimeType);
                Assert.Equal("REQUEST", part.ContentType.Parameters["method"]);
                using var content = new MemoryStream();
                await part.Content!.DecodeToAsync(content);
                var calendar = Calendar.Load(Encoding.UTF8.GetString(content.ToArray()))!;
                var evt = Assert.Single(calendar.Events);
                Assert.Equal((uid, 0, Zone), (evt.Uid, evt.Sequence, evt.DtStart!.TzId));
            }
        }
    }

    private static string[] Sorted(params string[] emails) => [.. emails.Order(StringComparer.Ordinal)];
}

public sealed class SqliteInviteMailTests(SqliteMailingDemoApp fixture) : InviteMailTests(fixture), IClassFixture<SqliteMailingDemoApp>;

public sealed class PostgresInviteMailTests(PostgresMailingDemoApp fixture) : InviteMailTests(fixture), IClassFixture<PostgresMailingDemoApp>, IPostgresTests;
