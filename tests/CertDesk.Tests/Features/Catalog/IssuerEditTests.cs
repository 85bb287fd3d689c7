using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using CertDesk.Features.Catalog;
using CertDesk.Hosting;
using CertDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CertDesk.Tests.Features.Catalog;

/// <summary>
/// Editing an issuer through its page and <c>PUT /api/v1/issuers/{id}</c>: saved and audited when valid, every reason
/// shown and nothing written when not, a stale version refused (the page shows the current values, the API answers
/// 412 with <c>current_version</c>), refused for roles that do not run the program, never without the antiforgery token.
/// </summary>
public abstract partial class IssuerEditTests(AppFixture fixture)
{
    private CertDeskApp App => fixture.App;

    private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();

    /// <summary>A fresh issuer made through the API (version 0), so each test edits its own.</summary>
    private async Task<(Guid Id, string Code)> NewIssuerAsync()
    {
        var api = await App.BearerClientAsync(Demo.Hr);
        var code = Unique("ED");
        var created = await AssertHttp.JsonAsync(await api.PostAsJsonAsync("/api/v1/issuers",
            new { code, name = "Original Institute", website = "https://original.example.org", source = "its own site" }, CertDeskJson.Options), HttpStatusCode.Created);
        return (created.GetProperty("id").GetGuid(), code);
    }

    private Task<Issuer> IssuerAsync(Guid id) => App.QueryAsync(db => db.Issuers.AsNoTracking().SingleAsync(i => i.Id == id));

    private static List<KeyValuePair<string, string>> Form(string code, string name, string website, string source, int version) =>
    [
        new("Input.Code", code), new("Input.Name", name), new("Input.Website", website), new("Input.Source", source),
        new("Input.Version", version.ToString(CultureInfo.InvariantCulture)),
    ];

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string page, List<KeyValuePair<string, string>> form, bool withToken = true)
    {
        if (withToken)
        {
            form.Add(new("__RequestVerificationToken", await CertDeskApp.AntiforgeryTokenAsync(client, page)));
        }
        return await client.PostAsync(page, new FormUrlEncodedContent(form));
    }

    private static async Task<HttpResponseMessage> PutAsync(HttpClient api, Guid id, object body, string? ifMatch)
    {
        using var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/issuers/{id}") { Content = JsonContent.Create(body, options: CertDeskJson.Options) };
        if (ifMatch is not null)
        {
            put.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return await api.SendAsync(put);
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string what)
    {
        var denied = response.StatusCode == HttpStatusCode.Forbidden
            || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.Contains("/Accounts/AccessDenied", StringComparison.Ordinal) == true);
        Assert.True(denied, $"{what}: expected a refusal, got {(int)response.StatusCode} {response.Headers.Location} {await response.Content.ReadAsStringAsync()}");
    }

    [GeneratedRegex("name=\"Input.Version\" value=\"(\\d+)\"")]
    private static partial Regex VersionField();

    [ProviderFact]
    public async Task EditIssuer_ProgramManager_FromTheListsLink_SavedNewVersionAudited()
    {
        var (id, code) = await NewIssuerAsync();
        var hr = await App.SignInAsAsync(Demo.Hr);
        var list = await AssertHttp.StatusAsync(await hr.GetAsync("/Catalog/Issuers"), HttpStatusCode.OK);
        Assert.Contains($"href=\"/Catalog/Issuers/Edit/{id}\"", list, StringComparison.Ordinal);

        var page = $"/Catalog/Issuers/Edit/{id}";
        var form = await AssertHttp.StatusAsync(await hr.GetAsync(page), HttpStatusCode.OK);
        Assert.Contains($"value=\"{code}\"", form, StringComparison.Ordinal);
        Assert.Contains("value=\"Original Institute\"", form, StringComparison.Ordinal);
        Assert.Equal("0", VersionField().Match(form).Groups[1].Value);

        // The issuer's own code is not a duplicate of itself; an empty website becomes unknown (null).
        var saved = await PostFormAsync(hr, page, Form(code, "  Renamed Institute ", "", "annual report 2026", 0));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal($"/Catalog/Issuers#issuer-{code}", saved.Headers.Location?.OriginalString);
        var issuer = await IssuerAsync(id);
        Assert.Equal("Renamed Institute", issuer.Name);
        Assert.Null(issuer.Website);
        Assert.Equal("annual report 2026", issuer.Source);
        Assert.Equal(1, issuer.Version);

        var audit = await App.AuditEntriesAsync(nameof(Issuer), id.ToString());
        Assert.Equal(2, audit.Count); // created, then updated
        var update = audit.OrderBy(a => a.Sequence).Last();
        Assert.Equal("user:" + Demo.Hr, update.Actor);
        Assert.Contains("Renamed Institute", update.After, StringComparison.Ordinal);
        Assert.Contains("Original Institute", update.Before, StringComparison.Ordinal);

        // A new code is saved too, and the admin may edit as well.
        var admin = await App.SignInAsAsync(Demo.Admin);
        var newCode = Unique("RC");
        var recoded = await PostFormAsync(admin, page, Form(newCode, "Renamed Institute", "renamed.example.org", "annual report 2026", 1));
        Assert.Equal($"/Catalog/Issuers#issuer-{newCode}", recoded.Headers.Location?.OriginalString);
        Assert.Equal(newCode, (await IssuerAsync(id)).Code);
        Assert.Equal(3, (await App.AuditEntriesAsync(nameof(Issuer), id.ToString())).Count);
    }

    [ProviderFact]
    public async Task EditIssuer_Invalid_EveryReasonShown_NothingWritten()
    {
        var (id, code) = await NewIssuerAsync();
        var hr = await App.SignInAsAsync(Demo.Hr);
        var before = await App.ImportedRowCountsAsync();
        var page = $"/Catalog/Issuers/Edit/{id}";

        var duplicate = await PostFormAsync(hr, page, Form("ICMI", "", "javascript:alert(1)", new string('s', 1001), 0));
        var html = await AssertHttp.StatusAsync(duplicate, HttpStatusCode.OK);
        Assert.Contains("id=\"edit-errors\"", html, StringComparison.Ordinal);
        foreach (var reason in new[] { "code: &#x27;ICMI&#x27; is already an issuer", "name: is required", "website: must be a web address", "source: is longer than 1000 characters" })
        {
            Assert.Contains(reason, html, StringComparison.Ordinal);
        }
        Assert.Contains("value=\"javascript:alert(1)\"", html, StringComparison.Ordinal); // the form keeps what was typed
        var spaced = await PostFormAsync(hr, page, Form("BAD CODE", "Name", "", "", 0));
        Assert.Contains("code: is required (at most 32 characters, no spaces)", await AssertHttp.StatusAsync(spaced, HttpStatusCode.OK), StringComparison.Ordinal);

        // The API answers 422 naming the field, with the same rules.
        var api = await App.BearerClientAsync(Demo.Hr);
        before = await App.ImportedRowCountsAsync(); // making the bearer token is audited
        var problem = await AssertHttp.JsonAsync(await PutAsync(api, id, new { code = "ICMI", name = "x" }, "\"0\""), HttpStatusCode.UnprocessableEntity, "application/problem+json");
        Assert.Contains("already an issuer", problem.GetProperty("errors").GetProperty("code")[0].GetString(), StringComparison.Ordinal);

        Assert.Equal(before, await App.ImportedRowCountsAsync());
        var issuer = await IssuerAsync(id);
        Assert.Equal((code, "Original Institute", 0), (issuer.Code, issuer.Name, issuer.Version));
    }

    [ProviderFact]
    public async Task EditIssuer_StaleVersion_PageShowsCurrentValues_Api412_NothingWritten()
    {
        var (id, code) = await NewIssuerAsync();
        var hr = await App.SignInAsAsync(Demo.Hr);
        var page = $"/Catalog/Issuers/Edit/{id}";
        var read = VersionField().Match(await AssertHttp.StatusAsync(await hr.GetAsync(page), HttpStatusCode.OK)).Groups[1].Value;
        Assert.Equal("0", read);

        // Someone changes the issuer through the API with the right If-Match ...
        var api = await App.BearerClientAsync(Demo.Admin);
        var put = await PutAsync(api, id, new { code, name = "Changed Elsewhere", website = "https://elsewhere.example.org" }, "\"0\"");
        var updated = await AssertHttp.JsonAsync(put);
        Assert.Equal(1, updated.GetProperty("version").GetInt32());
        Assert.Equal("\"1\"", put.Headers.ETag?.Tag);
        Assert.Equal("\"1\"", (await api.GetAsync($"/api/v1/issuers/{id}")).Headers.ETag?.Tag);

        // ... a client still holding version 0 gets 412 with the current version ...
        var before = await App.ImportedRowCountsAsync();
        var problem = await AssertHttp.JsonAsync(await PutAsync(api, id, new { code, name = "Stale API" }, "\"0\""), HttpStatusCode.PreconditionFailed, "application/problem+json");
        Assert.Equal(1, problem.GetProperty("current_version").GetInt32());

        // ... and so does the form posted at version 0: nothing saved, the current values shown with the current version.
        var stale = await PostFormAsync(hr, page, Form(code, "Stale Page", "", "", 0));
        var html = await AssertHttp.StatusAsync(stale, HttpStatusCode.OK);
        Assert.Contains("changed by someone else", html, StringComparison.Ordinal);
        Assert.Contains("value=\"Changed Elsewhere\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Stale Page", html, StringComparison.Ordinal);
        Assert.Equal("1", VersionField().Match(html).Groups[1].Value);
        Assert.Equal(before, await App.ImportedRowCountsAsync());
        var issuer = await IssuerAsync(id);
        Assert.Equal(("Changed Elsewhere", 1), (issuer.Name, issuer.Version));

        // Unknown issuer: 404 on both.
        await AssertHttp.StatusAsync(await PutAsync(api, Guid.NewGuid(), new { code = "X", name = "x" }, null), HttpStatusCode.NotFound);
        await AssertHttp.StatusAsync(await hr.GetAsync($"/Catalog/Issuers/Edit/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
    }

    [ProviderFact]
    public async Task EditIssuer_EmployeeManagerDirector_Refused_NoEditLink_NothingWritten()
    {
        var (id, code) = await NewIssuerAsync();
        string[] logins = [Demo.Employee, Demo.Manager, Demo.Director];
        foreach (var login in logins)
        {
            await App.SignInAsAsync(login); // signing in and making a token are audited: before counting
        }
        var employeeApi = await App.BearerClientAsync(Demo.Employee);
        var managerApi = await App.BearerClientAsync(Demo.Manager);
        var before = await App.ImportedRowCountsAsync();
        var page = $"/Catalog/Issuers/Edit/{id}";
        foreach (var login in logins)
        {
            var client = await App.SignInAsAsync(login);
            var list = await AssertHttp.StatusAsync(await client.GetAsync("/Catalog/Issuers"), HttpStatusCode.OK);
            Assert.DoesNotContain("/Catalog/Issuers/Edit/", list, StringComparison.Ordinal);
            await AssertRefusedAsync(await client.GetAsync(page), $"GET {page} as {login}");
            var form = Form(code, "Not allowed", "", "", 0);
            form.Add(new("__RequestVerificationToken", await CertDeskApp.AntiforgeryTokenAsync(client, "/Catalog/Certifications")));
            await AssertRefusedAsync(await client.PostAsync(page, new FormUrlEncodedContent(form)), $"POST {page} as {login}");
        }
        await AssertHttp.StatusAsync(await PutAsync(employeeApi, id, new { code, name = "Not allowed" }, "\"0\""), HttpStatusCode.Forbidden);
        await AssertHttp.StatusAsync(await PutAsync(managerApi, id, new { code, name = "Not allowed" }, "\"0\""), HttpStatusCode.Forbidden);
        Assert.Equal(before, await App.ImportedRowCountsAsync());
        Assert.Equal("Original Institute", (await IssuerAsync(id)).Name);
    }

    [ProviderFact]
    public async Task EditIssuer_WithoutAntiforgeryToken_400_NothingWritten()
    {
        var (id, code) = await NewIssuerAsync();
        var hr = await App.SignInAsAsync(Demo.Hr);
        var before = await App.ImportedRowCountsAsync();
        await AssertHttp.StatusAsync(await PostFormAsync(hr, $"/Catalog/Issuers/Edit/{id}", Form(code, "No token", "", "", 0), withToken: false), HttpStatusCode.BadRequest);
        Assert.Equal(before, await App.ImportedRowCountsAsync());
        Assert.Equal("Original Institute", (await IssuerAsync(id)).Name);
    }
}

public sealed class SqliteIssuerEditTests(SqliteDemoApp fixture) : IssuerEditTests(fixture), IClassFixture<SqliteDemoApp>;

public sealed class PostgresIssuerEditTests(PostgresDemoApp fixture) : IssuerEditTests(fixture), IClassFixture<PostgresDemoApp>, IPostgresTests;
