using System.Net;
using System.Net.Http.Json;
using CertDesk.Cli;
using CertDesk.Features.Catalog;
using CertDesk.Features.Competencies;
using CertDesk.Hosting;
using CertDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CertDesk.Tests.Features.Catalog;

/// <summary>
/// Creating issuers, certifications and competencies through the pages (and the API): saved and audited when valid,
/// every reason shown and nothing written when not, refused for roles that do not run the program, and never
/// without the antiforgery token.
/// </summary>
public abstract class CatalogCreateTests(AppFixture fixture)
{
    private CertDeskApp App => fixture.App;

    private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string page, IEnumerable<KeyValuePair<string, string>> fields, bool withToken = true)
    {
        var form = fields.ToList();
        if (withToken)
        {
            form.Add(new("__RequestVerificationToken", await CertDeskApp.AntiforgeryTokenAsync(client, page)));
        }
        return await client.PostAsync(page, new FormUrlEncodedContent(form));
    }

    /// <summary>The form as the page posts it: one source field per fact, named by the fact's code (empty ones too).</summary>
    private static List<KeyValuePair<string, string>> CertificationForm(string code, string name, string issuer = "", string tuition = "", string competencies = "", Dictionary<string, string>? sources = null) =>
    [
        new("Input.Code", code), new("Input.Name", name), new("Input.IssuerCode", issuer), new("Input.Verification", "partial"),
        new("Input.InPerson", "no"), new("Input.TuitionFee", tuition), new("Input.ExamFee", ""), new("Input.StudyHours", "30"),
        new("Input.ValidityMonths", "36"), new("Input.Competencies", competencies), new("Input.Version", "0"),
        .. CertificationFacts.All.Where(f => sources?.ContainsKey(f) != true).Select(f => new KeyValuePair<string, string>($"Input.SourceOf[{f}]", "")),
        .. (sources ?? []).Select(p => new KeyValuePair<string, string>($"Input.SourceOf[{p.Key}]", p.Value)),
    ];

    private static List<KeyValuePair<string, string>> CompetencyForm(string code, string category, params string[] levels)
    {
        List<KeyValuePair<string, string>> form = [new("Input.Code", code), new("Input.Name", "Escalation handling " + code), new("Input.Category", category), new("Input.ParentCode", "")];
        for (var i = 0; i < levels.Length; i++)
        {
            form.Add(new($"Input.Levels[{i}]", levels[i]));
        }
        return form;
    }

    private static readonly string[] FiveLevels = ["Follows the script", "Handles common cases", "Handles hard cases alone", "Coaches others", "Designs the process"];

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string what)
    {
        var denied = response.StatusCode == HttpStatusCode.Forbidden
            || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.Contains("/Accounts/AccessDenied", StringComparison.Ordinal) == true);
        Assert.True(denied, $"{what}: expected a refusal, got {(int)response.StatusCode} {response.Headers.Location} {await response.Content.ReadAsStringAsync()}");
    }

    [ProviderFact]
    public async Task NewCertification_ProgramManager_SavedWithUnknownsAsNull_AuditedAndInHistory()
    {
        var hr = await App.SignInAsAsync(Demo.Hr);
        var list = await AssertHttp.StatusAsync(await hr.GetAsync("/Catalog/Certifications"), HttpStatusCode.OK);
        Assert.Contains("href=\"/Catalog/Certifications/New\"", list, StringComparison.Ordinal);
        var code = Unique("NEW");

        var response = await PostFormAsync(hr, "/Catalog/Certifications/New",
            CertificationForm(code, "Contact Center Escalation Lead", issuer: "ICMI", tuition: "1450.50", competencies: "WFM = 3\nQA = 4", sources: new() { ["fees"] = "vendor price list 2026", ["exam_attempts"] = "  " }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/Catalog/Certifications/Details/", location, StringComparison.Ordinal);

        var cert = await App.QueryAsync(db => db.Certifications.AsNoTracking().Include(c => c.Issuer).Include(c => c.Competencies).SingleAsync(c => c.Code == code));
        Assert.Equal("Contact Center Escalation Lead", cert.Name);
        Assert.Equal("ICMI", cert.Issuer?.Code);
        Assert.Equal(1450.50m, cert.TuitionFee);
        Assert.Null(cert.ExamFee); // empty = unknown, never zero
        Assert.False(cert.InPerson);
        Assert.Equal(VerificationStatus.Partial, cert.Verification);
        Assert.Equal(2, cert.Competencies.Count);
        Assert.Equal("vendor price list 2026", cert.Sources["fees"]);
        Assert.False(cert.Sources.ContainsKey("exam_attempts")); // a blank field is no source, not an empty one
        Assert.Single(cert.Sources);
        Assert.Equal(location, $"/Catalog/Certifications/Details/{cert.Id}");

        var audit = await App.AuditEntriesAsync(nameof(Certification), cert.Id.ToString());
        Assert.Single(audit);
        Assert.Equal("user:" + Demo.Hr, audit[0].Actor);
        var details = await AssertHttp.StatusAsync(await hr.GetAsync(location), HttpStatusCode.OK);
        Assert.Contains("Version history", details, StringComparison.Ordinal);
        // The history reads in words: who by name, what happened to which certification, each field as "Field: value".
        var hrName = await App.QueryAsync(db => db.Users.AsNoTracking().Where(u => u.Email == Demo.Hr).Select(u => u.DisplayName).SingleAsync());
        var history = Features.Shared.ScreensTests.VisibleText(details);
        Assert.Contains(hrName, history, StringComparison.Ordinal);
        Assert.Contains($"Added certification: {code} Contact Center Escalation Lead", history, StringComparison.Ordinal);
        Assert.Contains("Fees: vendor price list 2026", history, StringComparison.Ordinal);
        Assert.DoesNotContain("\"TuitionFee\"", history, StringComparison.Ordinal);
    }

    [ProviderFact]
    public async Task EditCertification_SourcesAreOneFieldPerFactInWords_SavedUnderTheFactCodesTheApiReturns()
    {
        var hr = await App.SignInAsAsync(Demo.Hr);
        var code = Unique("SRC");
        var created = await PostFormAsync(hr, "/Catalog/Certifications/New",
            CertificationForm(code, "Sourced certification", sources: new() { ["fees"] = "vendor price list 2026", ["exam_attempts"] = "candidate handbook, p. 4" }));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var id = await App.QueryAsync(db => db.Certifications.AsNoTracking().Where(c => c.Code == code).Select(c => c.Id).SingleAsync());

        // The form names each fact in words, with its source filled in; no fact code shows.
        var edit = $"/Catalog/Certifications/Edit/{id}";
        var html = await AssertHttp.StatusAsync(await hr.GetAsync(edit), HttpStatusCode.OK);
        var text = Features.Shared.ScreensTests.VisibleText(html);
        foreach (var label in new[] { "Where each fact was found", "Source for exam attempts", "Source for fees", "Source for competencies built", "Source for in person or not" })
        {
            Assert.Contains(label, text, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("exam_attempts", text, StringComparison.Ordinal);
        Assert.Matches("<label for=\"source-exam-attempts\">Source for exam attempts</label>\\s*<input id=\"source-exam-attempts\" name=\"Input.SourceOf\\[exam_attempts\\]\" value=\"candidate handbook, p. 4\"", html);
        var version = System.Text.RegularExpressions.Regex.Match(html, "name=\"Input.Version\" value=\"(\\d+)\"").Groups[1].Value;

        // One source changed, one emptied, one added: stored by code, as the API and the CSV read them.
        var form = CertificationForm(code, "Sourced certification", sources: new() { ["exam_attempts"] = "issuer FAQ, read 2026-12-03", ["validity"] = "renewal page" });
        form.RemoveAll(p => p.Key == "Input.Version");
        form.Add(new("Input.Version", version));
        var saved = await PostFormAsync(hr, edit, form);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var sources = await App.QueryAsync(db => db.Certifications.AsNoTracking().Where(c => c.Id == id).Select(c => c.Sources).SingleAsync());
        Assert.Equal(new Dictionary<string, string> { ["exam_attempts"] = "issuer FAQ, read 2026-12-03", ["validity"] = "renewal page" }, sources);
        var api = await AssertHttp.JsonAsync(await hr.GetAsync($"/api/v1/certifications/{id}"));
        Assert.Equal("issuer FAQ, read 2026-12-03", api.GetProperty("sources").GetProperty("exam_attempts").GetString());
        Assert.False(api.GetProperty("sources").TryGetProperty("fees", out _));
    }

    [ProviderFact]
    public async Task NewCertification_InvalidOrDuplicate_EveryReasonShown_NothingWritten()
    {
        var hr = await App.SignInAsAsync(Demo.Hr);
        var before = await App.ImportedRowCountsAsync();

        var bad = await PostFormAsync(hr, "/Catalog/Certifications/New",
            CertificationForm("BAD CODE", "", issuer: "NOPE", tuition: "-5", competencies: "NOSUCH = 3\nWFM = 9\nnot a pair",
                sources: new() { ["fees"] = new string('x', 1001), ["colour"] = "invented" }));
        var html = await AssertHttp.StatusAsync(bad, HttpStatusCode.OK);
        Assert.Contains("id=\"new-errors\"", html, StringComparison.Ordinal);
        foreach (var reason in new[]
        {
            "code: is required (at most 32 characters, no spaces)", "name: is required", "issuer code: &#x27;NOPE&#x27; is not a known issuer",
            "tuition fee: must be an amount between 0 and 1,000,000", "&#x27;NOSUCH&#x27; is not a competency of the framework",
            "the level of WFM must be 1-5, not 9", "competencies: line 3 is not &#x27;name = value&#x27;", "Source for fees: at most 1000 characters (1001 given).",
        })
        {
            Assert.Contains(reason, html, StringComparison.Ordinal);
        }
        Assert.Contains("value=\"BAD CODE\"", html, StringComparison.Ordinal); // the form keeps what was typed

        // The same code and issuer as an existing certification: refused as a duplicate.
        var duplicate = await PostFormAsync(hr, "/Catalog/Certifications/New", CertificationForm("QAMC", "Second QAMC"));
        Assert.Contains("code: &#x27;QAMC&#x27; of this issuer is already in the catalog", await AssertHttp.StatusAsync(duplicate, HttpStatusCode.OK), StringComparison.Ordinal);
        Assert.Equal(before, await App.ImportedRowCountsAsync());
    }

    [ProviderFact]
    public async Task NewPages_EmployeeManagerDirector_Refused_NothingWritten()
    {
        string[] logins = [Demo.Employee, Demo.Manager, Demo.Director];
        foreach (var login in logins)
        {
            await App.SignInAsAsync(login); // signing in and making a token are audited: before counting
        }
        var employee = await App.BearerClientAsync(Demo.Employee);
        var before = await App.ImportedRowCountsAsync();
        foreach (var login in logins)
        {
            var client = await App.SignInAsAsync(login);
            var token = await CertDeskApp.AntiforgeryTokenAsync(client, "/Catalog/Certifications");
            foreach (var (page, form) in new (string, List<KeyValuePair<string, string>>)[]
            {
                ("/Catalog/Certifications/New", CertificationForm(Unique("EMP"), "Not allowed")),
                ("/Catalog/Issuers/New", [new("Input.Code", Unique("ISS")), new("Input.Name", "Not allowed")]),
                ("/Competencies/Framework/New", CompetencyForm(Unique("CMP"), "Leadership", FiveLevels)),
            })
            {
                await AssertRefusedAsync(await client.GetAsync(page), $"GET {page} as {login}");
                form.Add(new("__RequestVerificationToken", token));
                await AssertRefusedAsync(await client.PostAsync(page, new FormUrlEncodedContent(form)), $"POST {page} as {login}");
            }
            var list = await AssertHttp.StatusAsync(await client.GetAsync("/Catalog/Certifications"), HttpStatusCode.OK);
            Assert.DoesNotContain("/Catalog/Certifications/New", list, StringComparison.Ordinal);
        }
        await AssertHttp.StatusAsync(await employee.PostAsJsonAsync("/api/v1/issuers", new { code = Unique("API"), name = "Not allowed" }, CertDeskJson.Options), HttpStatusCode.Forbidden);
        await AssertHttp.StatusAsync(await employee.PostAsJsonAsync("/api/v1/competencies", new { code = Unique("API"), name = "x", category = "y", levels = FiveLevels }, CertDeskJson.Options), HttpStatusCode.Forbidden);
        Assert.Equal(before, await App.ImportedRowCountsAsync());
    }

    [ProviderFact]
    public async Task NewPages_WithoutAntiforgeryToken_400_NothingWritten()
    {
        var hr = await App.SignInAsAsync(Demo.Hr);
        var before = await App.ImportedRowCountsAsync();
        await AssertHttp.StatusAsync(await PostFormAsync(hr, "/Catalog/Certifications/New", CertificationForm(Unique("TOK"), "No token"), withToken: false), HttpStatusCode.BadRequest);
        await AssertHttp.StatusAsync(await PostFormAsync(hr, "/Catalog/Issuers/New", [new("Input.Code", Unique("TOK")), new("Input.Name", "No token")], withToken: false), HttpStatusCode.BadRequest);
        await AssertHttp.StatusAsync(await PostFormAsync(hr, "/Competencies/Framework/New", CompetencyForm(Unique("TOK"), "Leadership", FiveLevels), withToken: false), HttpStatusCode.BadRequest);
        Assert.Equal(before, await App.ImportedRowCountsAsync());
    }

    [ProviderFact]
    public async Task NewIssuer_Saved_ThenOfferedOnTheCertificationForm_DuplicateAndBadWebsiteRefused()
    {
        var admin = await App.SignInAsAsync(Demo.Admin);
        var code = Unique("IS");
        var saved = await PostFormAsync(admin, "/Catalog/Issuers/New",
            [new("Input.Code", code), new("Input.Name", "Escalation Institute"), new("Input.Website", "https://escalation.example.org"), new("Input.Source", "its own site, 2026")]);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal($"/Catalog/Issuers#issuer-{code}", saved.Headers.Location?.OriginalString);
        var issuer = await App.QueryAsync(db => db.Issuers.AsNoTracking().SingleAsync(i => i.Code == code));
        Assert.Equal("https://escalation.example.org", issuer.Website);
        Assert.Single(await App.AuditEntriesAsync(nameof(Issuer), issuer.Id.ToString()));
        var issuers = await AssertHttp.StatusAsync(await admin.GetAsync("/Catalog/Issuers"), HttpStatusCode.OK);
        Assert.Contains($"id=\"issuer-{code}\"", issuers, StringComparison.Ordinal);
        Assert.Contains("Version history", issuers, StringComparison.Ordinal);
        var form = await AssertHttp.StatusAsync(await admin.GetAsync("/Catalog/Certifications/New"), HttpStatusCode.OK);
        Assert.Contains($"<option value=\"{code}\">Escalation Institute ({code})</option>", form, StringComparison.Ordinal);

        var before = await App.ImportedRowCountsAsync();
        var again = await PostFormAsync(admin, "/Catalog/Issuers/New", [new("Input.Code", code), new("Input.Name", "Again"), new("Input.Website", "javascript:alert(1)")]);
        var html = await AssertHttp.StatusAsync(again, HttpStatusCode.OK);
        Assert.Contains($"code: &#x27;{code}&#x27; is already an issuer", html, StringComparison.Ordinal);
        Assert.Contains("website: must be a web address", html, StringComparison.Ordinal);
        var empty = await PostFormAsync(admin, "/Catalog/Issuers/New", [new("Input.Code", ""), new("Input.Name", "")]);
        Assert.Contains("name: is required", await AssertHttp.StatusAsync(empty, HttpStatusCode.OK), StringComparison.Ordinal);
        Assert.Equal(before, await App.ImportedRowCountsAsync());
    }

    [ProviderFact]
    public async Task NewCompetency_AllLevels_SavedUnderItsCategory_MissingLevelsRefusedByName()
    {
        var hr = await App.SignInAsAsync(Demo.Hr);
        var framework = await AssertHttp.StatusAsync(await hr.GetAsync("/Competencies/Framework"), HttpStatusCode.OK);
        Assert.Contains("href=\"/Competencies/Framework/New\"", framework, StringComparison.Ordinal);
        var before = await App.ImportedRowCountsAsync();

        var missing = await PostFormAsync(hr, "/Competencies/Framework/New", CompetencyForm(Unique("CM"), "", "Follows the script", "Handles common cases", "", "Coaches others"));
        var html = await AssertHttp.StatusAsync(missing, HttpStatusCode.OK);
        Assert.Contains("category: is required", html, StringComparison.Ordinal);
        Assert.Contains("level 3 must be described", html, StringComparison.Ordinal);
        Assert.Contains("level 5 must be described", html, StringComparison.Ordinal);
        Assert.DoesNotContain("level 1 must be described", html, StringComparison.Ordinal);
        Assert.Contains(">Coaches others</textarea>", html, StringComparison.Ordinal); // what was typed stays
        var unknownParent = CompetencyForm(Unique("CM"), "Leadership", FiveLevels);
        unknownParent[3] = new("Input.ParentCode", "NOSUCH");
        Assert.Contains("parent code: &#x27;NOSUCH&#x27; is not a competency", await AssertHttp.StatusAsync(await PostFormAsync(hr, "/Competencies/Framework/New", unknownParent), HttpStatusCode.OK), StringComparison.Ordinal);
        Assert.Equal(before, await App.ImportedRowCountsAsync());

        var code = Unique("CM");
        var saved = await PostFormAsync(hr, "/Competencies/Framework/New", CompetencyForm(code, "Customer escalations", FiveLevels));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal($"/Competencies/Framework#competency-{code}", saved.Headers.Location?.OriginalString);
        var competency = await App.QueryAsync(db => db.Competencies.AsNoTracking().SingleAsync(c => c.Code == code));
        Assert.Equal("Customer escalations", competency.Category);
        Assert.Equal(FiveLevels, competency.Levels);
        Assert.Single(await App.AuditEntriesAsync(nameof(Competency), competency.Id.ToString()));
        framework = await AssertHttp.StatusAsync(await hr.GetAsync("/Competencies/Framework"), HttpStatusCode.OK);
        Assert.Contains("<h2>Customer escalations</h2>", framework, StringComparison.Ordinal);
        Assert.Contains($"id=\"competency-{code}\"", framework, StringComparison.Ordinal);

        // The same code again: a duplicate.
        Assert.Contains($"code: &#x27;{code}&#x27; is already a competency of the framework",
            await AssertHttp.StatusAsync(await PostFormAsync(hr, "/Competencies/Framework/New", CompetencyForm(code, "Leadership", FiveLevels)), HttpStatusCode.OK), StringComparison.Ordinal);
    }

    [ProviderFact]
    public async Task Api_PostIssuerAndCompetency_201_Or422NamingTheField()
    {
        var hr = await App.BearerClientAsync(Demo.Hr);
        var code = Unique("AI");
        var issuer = await AssertHttp.JsonAsync(await hr.PostAsJsonAsync("/api/v1/issuers", new { code, name = "API Institute", website = "https://api.example.org" }, CertDeskJson.Options), HttpStatusCode.Created);
        Assert.Equal(code, issuer.GetProperty("code").GetString());
        var id = issuer.GetProperty("id").GetGuid();
        var one = await hr.GetAsync($"/api/v1/issuers/{id}");
        Assert.Equal("API Institute", (await AssertHttp.JsonAsync(one)).GetProperty("name").GetString());
        Assert.Equal("\"0\"", one.Headers.ETag?.Tag);
        var duplicate = await AssertHttp.JsonAsync(await hr.PostAsJsonAsync("/api/v1/issuers", new { code, name = "Again" }, CertDeskJson.Options), HttpStatusCode.UnprocessableEntity, "application/problem+json");
        Assert.Contains("already an issuer", duplicate.GetProperty("errors").GetProperty("code")[0].GetString(), StringComparison.Ordinal);

        // A certification of the new issuer, through the API that already existed.
        var cert = await AssertHttp.JsonAsync(await hr.PostAsJsonAsync("/api/v1/certifications", new { code = "ESC", name = "Escalations", issuer_code = code }, CertDeskJson.Options), HttpStatusCode.Created);
        Assert.Equal("API Institute", cert.GetProperty("issuer_name").GetString());

        var before = await App.ImportedRowCountsAsync();
        var missing = await AssertHttp.JsonAsync(await hr.PostAsJsonAsync("/api/v1/competencies",
            new { code = Unique("AC"), name = "Escalations", category = "Customer", levels = new[] { "one", "two" } }, CertDeskJson.Options), HttpStatusCode.UnprocessableEntity, "application/problem+json");
        var errors = missing.GetProperty("errors");
        Assert.Contains("level 3 must be described", errors.GetProperty("level_3")[0].GetString(), StringComparison.Ordinal);
        Assert.True(errors.TryGetProperty("level_5", out _));
        Assert.False(errors.TryGetProperty("level_1", out _));
        Assert.Equal(before, await App.ImportedRowCountsAsync());

        var competencyCode = Unique("AC");
        var created = await AssertHttp.JsonAsync(await hr.PostAsJsonAsync("/api/v1/competencies",
            new { code = competencyCode, name = "Escalations", category = "Customer", parent_code = "QA", levels = FiveLevels }, CertDeskJson.Options), HttpStatusCode.Created);
        Assert.Equal("QA", created.GetProperty("parent_code").GetString());
        Assert.Equal(5, created.GetProperty("levels").GetArrayLength());
        var read = await AssertHttp.JsonAsync(await hr.GetAsync($"/api/v1/competencies/{created.GetProperty("id").GetGuid()}"));
        Assert.Equal(competencyCode, read.GetProperty("code").GetString());
    }

    [ProviderFact]
    public async Task ImportCatalog_NewIssuerWithoutName_SameRuleAsThePage()
    {
        using var file = TempFile.WithText(string.Join(',', CatalogCsv.Columns) + "\n" + "IMP1,Imported,NEWISS" + new string(',', CatalogCsv.Columns.Length - 3) + "\n");
        var result = (await App.RunCliAsync("import", "catalog", file.Path)).ShouldExit(ExitCodes.InvalidInput);
        Assert.Contains("field issuer_name: is required (at most 200 characters) (for the new issuer 'NEWISS')", result.Stderr, StringComparison.Ordinal);
    }
}

public sealed class SqliteCatalogCreateTests(SqliteDemoApp fixture) : CatalogCreateTests(fixture), IClassFixture<SqliteDemoApp>;

public sealed class PostgresCatalogCreateTests(PostgresDemoApp fixture) : CatalogCreateTests(fixture), IClassFixture<PostgresDemoApp>, IPostgresTests;
