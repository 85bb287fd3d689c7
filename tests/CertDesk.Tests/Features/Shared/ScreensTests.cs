using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using CertDesk.Tests.Infrastructure;

namespace CertDesk.Tests.Features.Shared;

/// <summary>
/// Screens in the user's language, through the real host: the home page's work queue (an approver returns a case from
/// the row, it leaves their queue and reaches HR's), the confirmation before publishing a policy, the audit trail in
/// words and names, and the pages that used to show developer text.
/// </summary>
public abstract partial class ScreensTests(AppFixture fixture)
{
    private CertDeskApp App => fixture.App;

    private static readonly JsonSerializerOptions Snake = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private async Task<Guid> SubmittedCaseAsync(string costCenter)
    {
        var hr = await App.SignInAsAsync(Demo.Hr);
        var created = await AssertHttp.JsonAsync(await hr.PostAsJsonAsync("/api/v1/business-cases", new
        {
            EmployeeNumber = "E0020",
            CertificationCode = "CCCM",
            CertificationName = "Certified Call Center Manager",
            FiscalYear = 2026,
            CostCenter = costCenter,
            Fees = 1200m,
            Materials = 100m,
            Travel = 0m,
            HoursAway = 16m,
            Backfill = 0m,
            Benefits = new[] { new { Name = "lower attrition", AnnualValue = 9000m, Isolation = 0.5m, Confidence = 0.8m } },
        }, Snake), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        await AssertHttp.StatusAsync(await hr.PostAsync($"/api/v1/business-cases/{id}/submit", null), HttpStatusCode.OK);
        return id;
    }

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string formPage, string action, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = await CertDeskApp.AntiforgeryTokenAsync(client, formPage);
        return await client.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    /// <summary>The text a person sees in the page's main content: tags, scripts and attribute values removed.</summary>
    internal static string VisibleText(string html)
    {
        var main = html.IndexOf("<main", StringComparison.Ordinal) is var start and >= 0 ? html[start..html.IndexOf("</main>", StringComparison.Ordinal)] : html;
        main = Regex.Replace(main, "<(script|style)[^>]*>.*?</\\1>", " ", RegexOptions.Singleline);
        main = Regex.Replace(main, "<[^>]+>", " ");
        return WebUtility.HtmlDecode(Regex.Replace(main, "\\s+", " "));
    }

    // Each row's form carries its own antiforgery token (a form with an explicit action gets none unless asked).
    [GeneratedRegex("<form method=\"post\" class=\"queue-actions\"(?:(?!</form>).)*name=\"__RequestVerificationToken\"", RegexOptions.Singleline)]
    private static partial Regex QueueFormWithToken();

    [GeneratedRegex("<form method=\"post\" action=\"/TuitionPolicies/Details/[^\"]+[?]handler=Publish\"(?:(?!</form>).)*name=\"__RequestVerificationToken\"", RegexOptions.Singleline)]
    private static partial Regex PublishFormWithToken();

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", RegexOptions.IgnoreCase)]
    private static partial Regex Guids();

    [ProviderFact]
    public async Task Approver_ReturnsACaseFromTheHomeQueue_ItLeavesTheirQueueAndReachesHr()
    {
        var id = await SubmittedCaseAsync("CC-Q" + Guid.NewGuid().ToString("N")[..5]);
        var director = await App.SignInAsAsync(Demo.Director);
        var home = await AssertHttp.StatusAsync(await director.GetAsync("/"), HttpStatusCode.OK);
        Assert.Contains($"action=\"/BusinessCases/Details/{id}?handler=Approve\"", home, StringComparison.Ordinal);
        Assert.Contains($"formaction=\"/BusinessCases/Details/{id}?handler=Return\"", home, StringComparison.Ordinal);
        Assert.Contains($"formaction=\"/BusinessCases/Details/{id}?handler=Reject\"", home, StringComparison.Ordinal);
        Assert.Matches(QueueFormWithToken(), home);

        // Returning needs a comment: without one the case stays where it is and the page says why.
        var refused = await PostFormAsync(director, "/", $"/BusinessCases/Details/{id}?handler=Return", new() { ["Back"] = "/", ["Comment"] = " " });
        Assert.Contains("needs a comment", await AssertHttp.StatusAsync(refused, HttpStatusCode.OK), StringComparison.Ordinal);

        var returned = await PostFormAsync(director, "/", $"/BusinessCases/Details/{id}?handler=Return",
            new() { ["Back"] = "/", ["Comment"] = "Add the exam fee" });
        await AssertHttp.RedirectsToAsync(returned, "/?done=");

        var after = await AssertHttp.StatusAsync(await director.GetAsync(returned.Headers.Location!.OriginalString), HttpStatusCode.OK);
        Assert.Contains("It has left your queue", after, StringComparison.Ordinal);
        Assert.DoesNotContain($"/BusinessCases/Details/{id}?handler=Approve", after, StringComparison.Ordinal);

        var hr = await App.SignInAsAsync(Demo.Hr);
        var hrHome = await AssertHttp.StatusAsync(await hr.GetAsync("/"), HttpStatusCode.OK);
        Assert.Contains("Returned for changes: Add the exam fee", hrHome, StringComparison.Ordinal);
        Assert.Contains($"href=\"/BusinessCases/Details/{id}\"", hrHome, StringComparison.Ordinal);
        var details = await AssertHttp.StatusAsync(await hr.GetAsync($"/BusinessCases/Details/{id}"), HttpStatusCode.OK);
        Assert.Contains("Returned for changes by", VisibleText(details), StringComparison.Ordinal);
        Assert.DoesNotContain("director@demo.local", VisibleText(details), StringComparison.Ordinal);
    }

    [ProviderFact]
    public async Task Employee_HasNoDecisionQueue_AndCannotReturnACase()
    {
        var id = await SubmittedCaseAsync("CC-E" + Guid.NewGuid().ToString("N")[..5]);
        var employee = await App.SignInAsAsync(Demo.Employee);
        var home = await AssertHttp.StatusAsync(await employee.GetAsync("/"), HttpStatusCode.OK);
        Assert.DoesNotContain("Business cases to decide", home, StringComparison.Ordinal);
        Assert.Contains("Agreements for you to sign", home, StringComparison.Ordinal);
        var response = await PostFormAsync(employee, "/", $"/BusinessCases/Details/{id}?handler=Return", new() { ["Back"] = "/", ["Comment"] = "no" });
        await AssertHttp.RedirectsToAsync(response, "/Accounts/AccessDenied");
    }

    [ProviderFact]
    public async Task Admin_PublishesAPolicyFromTheQueue_AfterAConfirmationPage()
    {
        var hr = await App.SignInAsAsync(Demo.Hr);
        var code = "Q" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var policy = await AssertHttp.JsonAsync(await hr.PostAsJsonAsync("/api/v1/policies", new Dictionary<string, object?>
        {
            ["code"] = code,
            ["name"] = "Queue policy " + code,
            ["min_tenure_months"] = 6,
            ["annual_cap"] = 5250m,
            ["tax_free_annual_limit"] = 5250m,
            ["completion_standard"] = "pass",
            ["completion_deadline_months"] = 12,
            ["commitment_months"] = 24,
            ["commitment_start"] = "completion",
            ["proration"] = "tiers",
            ["tiers"] = new[] { new { from_month = 0, until_month = 12, percent = 100m }, new { from_month = 12, until_month = 24, percent = 50m } },
            ["triggering_reasons"] = new[] { "resignation", "for_cause", "not_completed" },
            ["exempt_reasons"] = new[] { "layoff", "death", "disability" },
            ["not_completed_percent"] = 100m,
        }), HttpStatusCode.Created);
        var id = policy.GetProperty("id").GetGuid();

        var admin = await App.SignInAsAsync(Demo.Admin);
        var home = await AssertHttp.StatusAsync(await admin.GetAsync("/"), HttpStatusCode.OK);
        Assert.Contains($"href=\"/TuitionPolicies/Publish/{id}?back=/\"", home, StringComparison.Ordinal);
        var confirmHtml = await AssertHttp.StatusAsync(await admin.GetAsync($"/TuitionPolicies/Publish/{id}?back=/"), HttpStatusCode.OK);
        Assert.Matches(PublishFormWithToken(), confirmHtml);
        var confirm = VisibleText(confirmHtml);
        Assert.Contains("Publishing cannot be undone", confirm, StringComparison.Ordinal);
        Assert.Contains("Resignation, Dismissal for cause, Certification not completed", confirm, StringComparison.Ordinal);
        Assert.DoesNotContain("for_cause", confirm, StringComparison.Ordinal);
        // Opening the confirmation changes nothing; only its button publishes.
        Assert.Equal("draft", (await AssertHttp.JsonAsync(await hr.GetAsync($"/api/v1/policies/{id}"))).GetProperty("status").GetString());

        var published = await PostFormAsync(admin, $"/TuitionPolicies/Publish/{id}?back=/", $"/TuitionPolicies/Details/{id}?handler=Publish", new() { ["Back"] = "/" });
        await AssertHttp.RedirectsToAsync(published, "/?done=");
        Assert.Equal("published", (await AssertHttp.JsonAsync(await hr.GetAsync($"/api/v1/policies/{id}"))).GetProperty("status").GetString());
        Assert.Contains("Published", VisibleText(await AssertHttp.StatusAsync(await admin.GetAsync($"/TuitionPolicies/Details/{id}"), HttpStatusCode.OK)), StringComparison.Ordinal);
        Assert.DoesNotContain($"/TuitionPolicies/Publish/{id}", await AssertHttp.StatusAsync(await admin.GetAsync("/"), HttpStatusCode.OK), StringComparison.Ordinal);

        // HR sees drafts as waiting for an administrator, and may not open the confirmation.
        var denied = await hr.GetAsync($"/TuitionPolicies/Publish/{id}");
        await AssertHttp.RedirectsToAsync(denied, "/Accounts/AccessDenied");
    }

    [ProviderFact]
    public async Task Separation_APostWithoutTheConfirmationOnlyPreviews_OnlyTheConfirmationRecords()
    {
        var hr = await App.SignInAsAsync(Demo.Hr);
        var employee = await App.EmployeeIdAsync("E0150");
        var page = $"/Repayments/Separate/{employee}";
        var today = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.DoesNotContain(">Record separation</button>", await AssertHttp.StatusAsync(await hr.GetAsync(page), HttpStatusCode.OK), StringComparison.Ordinal);

        // The form's own post (a stale page, a hand-made request): shown the preview and asked, nothing saved.
        var asked = await PostFormAsync(hr, page, page, new() { ["Input.SeparationDate"] = today, ["Input.Reason"] = "layoff" });
        var html = await AssertHttp.StatusAsync(asked, HttpStatusCode.OK);
        var text = VisibleText(html);
        Assert.Contains("Record it? This cannot be undone", text, StringComparison.Ordinal);
        Assert.Contains("(layoff)", text, StringComparison.Ordinal);
        Assert.Contains("name=\"Input.Confirmed\" value=\"true\"", html, StringComparison.Ordinal);
        Assert.Null((await App.EmployeeAsync("E0150"))!.SeparationDate);

        var recorded = await PostFormAsync(hr, page, page, new() { ["Input.SeparationDate"] = today, ["Input.Reason"] = "layoff", ["Input.Confirmed"] = "true" });
        await AssertHttp.RedirectsToAsync(recorded, "/Repayments");
        var separated = (await App.EmployeeAsync("E0150"))!;
        Assert.Equal((DateOnly.FromDateTime(DateTime.UtcNow), "layoff"), (separated.SeparationDate!.Value, separated.SeparationReason!));
    }

    [ProviderFact]
    public async Task DisablingAnAccount_IsConfirmedFirst_NamingTheTokensItRevokes_OpeningTheQuestionChangesNothing()
    {
        var script = await App.BearerClientAsync(Demo.Manager);
        var admin = await App.SignInAsAsync(Demo.Admin);
        var users = await AssertHttp.StatusAsync(await admin.GetAsync("/Accounts/Users"), HttpStatusCode.OK);
        Assert.Contains($"href=\"/Accounts/Users?disable={Uri.EscapeDataString(Demo.Manager)}#confirm-disable\"", users, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"confirm-disable\"", users, StringComparison.Ordinal);

        var question = VisibleText(await AssertHttp.StatusAsync(await admin.GetAsync($"/Accounts/Users?disable={Uri.EscapeDataString(Demo.Manager)}"), HttpStatusCode.OK));
        Assert.Contains($"({Demo.Manager})?", question, StringComparison.Ordinal);
        Assert.Contains("signed out at once on every server", question, StringComparison.Ordinal);
        Assert.Matches("Their [0-9]+ active API tokens? \\(", question);
        Assert.Contains("This cannot be undone", question, StringComparison.Ordinal);
        // Only the confirmation's button disables: the account and its token still work.
        await AssertHttp.StatusAsync(await script.GetAsync("/api/v1/sessions"), HttpStatusCode.OK);
        Assert.Contains("Active", VisibleText(await AssertHttp.StatusAsync(await admin.GetAsync("/Accounts/Users"), HttpStatusCode.OK)), StringComparison.Ordinal);
    }

    /// <summary>
    /// Resetting a password signs the person out and mails them a link: the row's link opens a confirmation naming who
    /// is signed out and where the link goes; opening it changes nothing; only its button resets.
    /// </summary>
    [ProviderFact]
    public async Task ResettingAPassword_IsConfirmedFirst_NamingWhoIsSignedOutAndMailed_OnlyTheButtonResets()
    {
        const string Password = "Reset-Journey-Pass-7";
        var email = $"reset-{Guid.NewGuid().ToString("N")[..8]}@demo.local";
        await App.AddUserAsync(email, "employee", Password);
        var person = await App.SignInAsAsync(email, Password);
        var hr = await App.SignInAsAsync(Demo.Hr);
        var users = await AssertHttp.StatusAsync(await hr.GetAsync("/Accounts/Users"), HttpStatusCode.OK);
        Assert.Contains($"href=\"/Accounts/Users?reset={Uri.EscapeDataString(email)}#confirm-reset\"", users, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"confirm-reset\"", users, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=Reset", users, StringComparison.Ordinal);

        var page = $"/Accounts/Users?reset={Uri.EscapeDataString(email)}";
        var question = VisibleText(await AssertHttp.StatusAsync(await hr.GetAsync(page), HttpStatusCode.OK));
        Assert.Contains("Reset the password of ", question, StringComparison.Ordinal);
        Assert.Contains($"({email})?", question, StringComparison.Ordinal);
        Assert.Contains("is signed out at once on every server.", question, StringComparison.Ordinal);
        Assert.Contains($"An e-mail to {email} brings a link to choose a new password; the link works once, for 72 hours.", question, StringComparison.Ordinal);
        // Opening the question changed nothing: still signed in, no mail.
        await AssertHttp.StatusAsync(await person.GetAsync("/"), HttpStatusCode.OK);
        Assert.DoesNotContain(await App.OutboxAsync("password-link:"), m => m.To == email);

        var done = VisibleText(await AssertHttp.StatusAsync(await PostFormAsync(hr, page, "/Accounts/Users?handler=Reset", new() { ["Email"] = email }), HttpStatusCode.OK));
        Assert.Contains($"{email}: sessions ended, a link to choose a new password is on its way.", done, StringComparison.Ordinal);
        Assert.Single(await App.OutboxAsync("password-link:"), m => m.To == email);
        await AssertHttp.RedirectsToLoginAsync(await person.GetAsync("/"));
    }

    [ProviderFact]
    public async Task PeoplePicker_BusinessCaseForm_ListsPeopleByName_ANameOrAPickedEntryMeansThatPerson()
    {
        var hr = await App.SignInAsAsync(Demo.Hr);
        var api = await App.BearerClientAsync(Demo.Hr);
        var person = (await App.EmployeeAsync("E0021"))!;
        var form = WebUtility.HtmlDecode(await AssertHttp.StatusAsync(await hr.GetAsync("/BusinessCases/New"), HttpStatusCode.OK));
        Assert.Contains("<datalist id=\"people\">", form, StringComparison.Ordinal);
        Assert.Contains($"<option value=\"{person.FullName} (E0021)\">", form, StringComparison.Ordinal);
        Assert.Matches("<input [^>]*list=\"people\"[^>]*name=\"Input.EmployeeNumber\"|<input [^>]*name=\"Input.EmployeeNumber\"[^>]*list=\"people\"", form);

        foreach (var typed in new[] { person.FullName, $"{person.FullName} (E0021)" })
        {
            var html = await AssertHttp.StatusAsync(await hr.GetAsync("/BusinessCases/New"), HttpStatusCode.OK);
            var costCenter = "CC-PICK-" + Guid.NewGuid().ToString("N")[..6];
            var created = await hr.PostAsync("/BusinessCases/New", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = WebUtility.HtmlDecode(Regex.Match(html, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value),
                ["__once"] = Regex.Match(html, "name=\"__once\" value=\"([0-9a-f]{32})\"").Groups[1].Value,
                ["Input.EmployeeNumber"] = typed,
                ["Input.CertificationCode"] = "CCCM",
                ["Input.CertificationName"] = "Certified Call Center Manager",
                ["Input.FiscalYear"] = "2026",
                ["Input.CostCenter"] = costCenter,
                ["Input.Fees"] = "1000",
                ["Input.HoursAway"] = "10",
                ["Input.BenefitYears"] = "1",
            }));
            Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
            var cases = await AssertHttp.JsonAsync(await api.GetAsync("/api/v1/business-cases?page_size=500"));
            var saved = Assert.Single(cases.GetProperty("items").EnumerateArray(), c => c.GetProperty("cost_center").GetString() == costCenter);
            Assert.Equal(person.Id, saved.GetProperty("employee_id").GetGuid());
        }
    }

    [ProviderFact]
    public async Task AuditTrail_SpeaksInWordsAndNames_NotTypesNumbersOrIds()
    {
        var id = await SubmittedCaseAsync("CC-A" + Guid.NewGuid().ToString("N")[..5]);
        var director = await App.SignInAsAsync(Demo.Director);
        await AssertHttp.RedirectsToAsync(await PostFormAsync(director, "/", $"/BusinessCases/Details/{id}?handler=Return",
            new() { ["Back"] = "/", ["Comment"] = "Needs the exam fee" }), "/?done=");

        var admin = await App.SignInAsAsync(Demo.Admin);
        var html = await AssertHttp.StatusAsync(await admin.GetAsync($"/Audit?q={id}"), HttpStatusCode.OK);
        var text = VisibleText(html);
        Assert.Contains("Status: Waiting for a decision → Draft", text, StringComparison.Ordinal);
        Assert.Contains("Employee: ", text, StringComparison.Ordinal);
        Assert.Contains(" UTC", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Status: 1", text, StringComparison.Ordinal);
        Assert.DoesNotMatch(Guids(), text);
        Assert.DoesNotMatch(new Regex(@"\d{2}:\d{2}:\d{2}\.\d"), text);

        // The record type filter lists words, never CLR type names.
        var all = VisibleText(await AssertHttp.StatusAsync(await admin.GetAsync("/Audit"), HttpStatusCode.OK));
        Assert.DoesNotContain("`", all, StringComparison.Ordinal);
        Assert.DoesNotContain("Dictionary", all, StringComparison.Ordinal);
        Assert.DoesNotMatch(Guids(), all);
    }

    [ProviderFact]
    public async Task AuditTrail_ReadingKeptForTheDataVersion_ARenamedSiteIsReadByItsNewName()
    {
        // The audit page keeps its reading of a page of entries (the names behind the ids) for the data version: the
        // same entry shown after a rename, which is a change of its own, names the site anew.
        var admin = await App.SignInAsAsync(Demo.Admin);
        var api = await App.BearerClientAsync(Demo.Admin);
        var name = "Audit site " + Guid.NewGuid().ToString("N")[..6];
        var site = await AssertHttp.JsonAsync(await api.PostAsJsonAsync("/api/v1/sites", new { name, time_zone = "UTC" }), HttpStatusCode.Created);
        var id = site.GetProperty("id").GetGuid();
        var added = $"/Audit?q={id}&action=Added";
        Assert.Contains($"Site: {name}", VisibleText(await AssertHttp.StatusAsync(await admin.GetAsync(added), HttpStatusCode.OK)), StringComparison.Ordinal);

        await AssertHttp.StatusAsync(await api.PutAsJsonAsync($"/api/v1/sites/{id}", new { name = name + " North", time_zone = "UTC" }), HttpStatusCode.OK);

        var text = VisibleText(await AssertHttp.StatusAsync(await admin.GetAsync(added), HttpStatusCode.OK));
        Assert.Contains($"Site: {name} North", text, StringComparison.Ordinal);
    }

    [ProviderTheory]
    [InlineData(Demo.Manager, "/Proof/Kpis")]
    [InlineData(Demo.Hr, "/Proof/Kpis")]
    [InlineData(Demo.Hr, "/Repayments")]
    public async Task PagesThatShowedDeveloperText_ShowNone(string who, string page)
    {
        var client = await App.SignInAsAsync(who);
        var text = VisibleText(await AssertHttp.StatusAsync(await client.GetAsync(page), HttpStatusCode.OK));
        Assert.DoesNotContain("field is required", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Kpi:", text, StringComparison.Ordinal);
        Assert.DoesNotContain("as JSON", text, StringComparison.Ordinal);
        Assert.DoesNotContain("@Model", text, StringComparison.Ordinal);
    }

    [ProviderFact]
    public async Task GapProfile_ShowsTheBackfillRuleAsText_AndAnEmployeesCrumbLeadsHome()
    {
        var employee = await App.SignInAsAsync(Demo.Employee);
        var self = await App.EmployeeIdAsync("E0020");
        var html = await AssertHttp.StatusAsync(await employee.GetAsync($"/Gaps/Person/{self}"), HttpStatusCode.OK);
        Assert.DoesNotContain("@Model", VisibleText(html), StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/Gaps/HeatMap\"", html, StringComparison.Ordinal);
        var manager = await App.SignInAsAsync(Demo.Manager);
        Assert.Contains("href=\"/Gaps/HeatMap\"", await AssertHttp.StatusAsync(await manager.GetAsync($"/Gaps/Person/{self}"), HttpStatusCode.OK), StringComparison.Ordinal);
    }
}

public sealed class SqliteScreensTests(SqliteDemoApp fixture) : ScreensTests(fixture), IClassFixture<SqliteDemoApp>;

public sealed class PostgresScreensTests(PostgresDemoApp fixture) : ScreensTests(fixture), IClassFixture<PostgresDemoApp>, IPostgresTests;
