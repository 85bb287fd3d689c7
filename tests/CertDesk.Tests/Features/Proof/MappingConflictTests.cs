using System.Net;
using System.Text.RegularExpressions;
using CertDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CertDesk.Tests.Features.Proof;

/// <summary>
/// Two program managers edit one saved column mapping at once, through the real form (/Proof/Mappings/Edit): both open
/// version N, the first save wins, the second is refused with a conflict that says who saved, when and where their
/// version differs, and shows it; nothing of the first save is lost, and the second person's change goes in on top.
/// </summary>
public abstract partial class MappingConflictTests(AppFixture fixture)
{
    private CertDeskApp App => fixture.App;

    [GeneratedRegex("""<input[^>]*name="Version"[^>]*>""")]
    private static partial Regex VersionInput();

    [GeneratedRegex("value=\"(\\d+)\"")]
    private static partial Regex NumberValue();

    private static int VersionOn(string html)
    {
        var input = VersionInput().Match(html);
        Assert.True(input.Success, "the form carries the version it shows");
        return int.Parse(NumberValue().Match(input.Value).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A call-detail mapping as the form posts it; <paramref name="zone"/> and <paramref name="waitColumn"/> vary.</summary>
    private static List<KeyValuePair<string, string>> Form(string name, string zone, string waitColumn, Guid? id = null, int? version = null)
    {
        List<KeyValuePair<string, string>> form =
        [
            new("Kind", "cdr"), new("Name", name), new("Delimiter", ";"), new("TimestampFormat", "dd/MM/yyyy HH:mm:ss"), new("TimeZone", zone),
            new("Durations", "mm:ss"),
            new("Columns[contact_id]", "Call ID"), new("Columns[queue]", "Split"), new("Columns[team_id]", "Split"), new("Columns[agent_id]", "Agent"),
            new("Columns[arrived_at]", "Date + Start time"), new("Columns[ended_at]", "End"), new("Columns[abandoned]", "Disposition"),
            new("Columns[wait_seconds]", waitColumn), new("Columns[handle_seconds]", "Handle time"),
            new("TrueValues[abandoned]", "ABN"), new("FalseValues[abandoned]", "ANS"),
        ];
        if (id is { } known)
        {
            form.Add(new("Id", known.ToString()));
            form.Add(new("Version", version!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        return form;
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string page, List<KeyValuePair<string, string>> form, string token)
    {
        using var content = new FormUrlEncodedContent([new("__RequestVerificationToken", token), .. form]);
        return await client.PostAsync(page, content);
    }

    private async Task<HttpClient> ProgramManagerAsync(string email)
    {
        await App.AddUserAsync(email, "ProgramManager", "Correct-Horse-Battery-12");
        return await App.SignInAsAsync(email, "Correct-Horse-Battery-12");
    }

    private Task<(string Json, int Version)> StoredAsync(Guid id) =>
        App.QueryAsync(async db =>
        {
            var stored = await db.KpiColumnMappings.AsNoTracking().SingleAsync(m => m.Id == id);
            return (stored.MappingJson, stored.Version);
        });

    [ProviderFact]
    public async Task TwoProgramManagersSaveOneMapping_TheFirstWins_TheSecondIsToldWhoChangedWhat_NothingLost()
    {
        var first = $"pm-a-{Guid.NewGuid():N}@example.com";
        var second = $"pm-b-{Guid.NewGuid():N}@example.com";
        var alice = await ProgramManagerAsync(first);
        var bob = await ProgramManagerAsync(second);
        var name = "Genesys PureConnect " + Guid.NewGuid().ToString("N")[..6];

        var created = await PostAsync(alice, "/Proof/Mappings/Edit?kind=cdr", Form(name, "Europe/Paris", "Queue time"), await CertDeskApp.AntiforgeryTokenAsync(alice, "/Proof/Mappings/Edit?kind=cdr"));
        await AssertHttp.StatusAsync(created, HttpStatusCode.Redirect);
        var id = await App.QueryAsync(db => db.KpiColumnMappings.Where(m => m.Name == name).Select(m => m.Id).SingleAsync());
        var edit = $"/Proof/Mappings/Edit?id={id}";

        // Both open version N.
        var aliceVersion = VersionOn(await AssertHttp.StatusAsync(await alice.GetAsync(edit), HttpStatusCode.OK));
        var bobVersion = VersionOn(await AssertHttp.StatusAsync(await bob.GetAsync(edit), HttpStatusCode.OK));
        Assert.Equal(aliceVersion, bobVersion);
        var aliceToken = await CertDeskApp.AntiforgeryTokenAsync(alice, edit);
        var bobToken = await CertDeskApp.AntiforgeryTokenAsync(bob, edit);

        // Alice saves first: the times are New York's.
        await AssertHttp.StatusAsync(await PostAsync(alice, edit, Form(name, "America/New_York", "Queue time", id, aliceVersion), aliceToken), HttpStatusCode.Redirect);

        // Bob, still on version N, renames the wait column: refused, told who saved, when, and where their version differs.
        var refused = await bob.SendAsync(new HttpRequestMessage(HttpMethod.Post, edit) { Content = new FormUrlEncodedContent([new("__RequestVerificationToken", bobToken), .. Form(name, "Europe/Paris", "Wait", id, bobVersion)]) });
        var html = WebUtility.HtmlDecode(await AssertHttp.StatusAsync(refused, HttpStatusCode.Conflict));
        Assert.Contains($"{first} saved this mapping at", html, StringComparison.Ordinal);
        Assert.Contains("after you opened it. Nothing of yours was saved", html, StringComparison.Ordinal);
        Assert.Contains("it differs from yours in: ", html, StringComparison.Ordinal);
        Assert.Contains("Time zone of the times", html, StringComparison.Ordinal);
        Assert.Contains("Wait in the queue", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Source name,", html, StringComparison.Ordinal); // the name is the same: not named as a difference

        // Alice's save stands, whole; the form now shows it, with its version, for Bob to apply his change on.
        var (json, version) = await StoredAsync(id);
        Assert.Equal(aliceVersion + 1, version);
        Assert.Contains("America/New_York", json, StringComparison.Ordinal);
        Assert.Contains("Queue time", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"Wait\"", json, StringComparison.Ordinal);
        Assert.Equal(version, VersionOn(html));
        Assert.Contains("value=\"Queue time\"", html, StringComparison.Ordinal);
        var changes = await App.AuditEntriesAsync("KpiColumnMappingRecord", id.ToString());
        Assert.Equal(new[] { "Added", "Modified" }, changes.Select(c => c.Action));
        Assert.All(changes, c => Assert.Equal($"user:{first}", c.Actor));

        // Bob makes his change again on Alice's version: both are kept.
        await AssertHttp.StatusAsync(await PostAsync(bob, edit, Form(name, "America/New_York", "Wait", id, version), await CertDeskApp.AntiforgeryTokenAsync(bob, edit)), HttpStatusCode.Redirect);
        (json, _) = await StoredAsync(id);
        Assert.Contains("America/New_York", json, StringComparison.Ordinal);
        Assert.Contains("\"Wait\"", json, StringComparison.Ordinal);
    }

    /// <summary>Two saves of version N sent at the same moment: one wins, the other is the same conflict (never an error page).</summary>
    [ProviderFact]
    public async Task TwoSavesOfOneVersionAtTheSameMoment_OneWins_TheOtherIsAConflict()
    {
        var alice = await ProgramManagerAsync($"pm-c-{Guid.NewGuid():N}@example.com");
        var bob = await ProgramManagerAsync($"pm-d-{Guid.NewGuid():N}@example.com");
        var name = "Avaya CMS " + Guid.NewGuid().ToString("N")[..6];
        await AssertHttp.StatusAsync(await PostAsync(alice, "/Proof/Mappings/Edit?kind=cdr", Form(name, "Europe/Paris", "Queue time"), await CertDeskApp.AntiforgeryTokenAsync(alice, "/Proof/Mappings/Edit?kind=cdr")), HttpStatusCode.Redirect);
        var id = await App.QueryAsync(db => db.KpiColumnMappings.Where(m => m.Name == name).Select(m => m.Id).SingleAsync());
        var edit = $"/Proof/Mappings/Edit?id={id}";
        var (_, version) = await StoredAsync(id);
        var aliceToken = await CertDeskApp.AntiforgeryTokenAsync(alice, edit);
        var bobToken = await CertDeskApp.AntiforgeryTokenAsync(bob, edit);

        var answers = await Task.WhenAll(
            PostAsync(alice, edit, Form(name, "America/Chicago", "Queue time", id, version), aliceToken),
            PostAsync(bob, edit, Form(name, "Europe/Paris", "Wait", id, version), bobToken));
        var statuses = answers.Select(a => a.StatusCode).Order().ToList();
        Assert.Equal([HttpStatusCode.Redirect, HttpStatusCode.Conflict], statuses);
        var (json, stored) = await StoredAsync(id);
        Assert.Equal(version + 1, stored);
        var aliceWon = answers[0].StatusCode == HttpStatusCode.Redirect;
        Assert.Equal(aliceWon, json.Contains("America/Chicago", StringComparison.Ordinal));
        Assert.Equal(!aliceWon, json.Contains("\"Wait\"", StringComparison.Ordinal));
    }
}

public sealed class SqliteMappingConflictTests(SqliteEmptyApp fixture) : MappingConflictTests(fixture), IClassFixture<SqliteEmptyApp>;

public sealed class PostgresMappingConflictTests(PostgresEmptyApp fixture) : MappingConflictTests(fixture), IClassFixture<PostgresEmptyApp>, IPostgresTests;
