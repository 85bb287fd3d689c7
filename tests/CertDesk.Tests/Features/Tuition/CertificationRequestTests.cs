using System.Net;
using System.Text.Json;
using CertDesk.Tests.Infrastructure;
using static CertDesk.Tests.Infrastructure.CertDeskApp;

namespace CertDesk.Tests.Features.Tuition;

/// <summary>
/// Certification requests through the real host on both databases: the employee asks, the manager then the director
/// decide, each hand-off mails the next person and waits on their home page; the policy's refusals are explained; a
/// request keeps its policy version; two approvals racing for a budget's last money: exactly one wins. Own database
/// (the class's policies and budgets would change other classes' figures).
/// </summary>
public abstract class CertificationRequestTests(AppFixture fixture)
{
    private CertDeskApp App => fixture.App;

    /// <summary>A published policy that funds anyone (cap well above a certification), unless overridden.</summary>
    private async Task<Guid> PolicyAsync(Action<Dictionary<string, object?>>? change = null)
    {
        var policy = ValidPolicy();
        policy["annual_cap"] = 100_000m;
        change?.Invoke(policy);
        return await App.PublishedPolicyAsync(policy);
    }

    private static string CostCenter() => "REQ-" + Guid.NewGuid().ToString("N")[..6];

    private static object Ask(string code, string costCenter, string? justification = null) =>
        new { certification_code = code, source = "catalog", cost_center = costCenter, justification = justification ?? "to run the floor" };

    private async Task<JsonElement> RequestAsync(string code, string costCenter)
    {
        var employee = await App.SignInAsAsync(Demo.Employee);
        return await ExpectAsync(await PostJsonAsync(employee, "/api/v1/requests", Ask(code, costCenter)), HttpStatusCode.Created);
    }

    private async Task SetBudgetAsync(string costCenter, int year, decimal amount)
    {
        var admin = await App.SignInAsAsync(Demo.Admin);
        await ExpectAsync(await PutJsonAsync(admin, "/api/v1/budgets", new { fiscal_year = year, cost_center = costCenter, amount }), HttpStatusCode.OK);
    }

    [ProviderFact]
    public async Task Request_ManagerApproves_DirectorApproves_CaseApproved_EachHandOffMailedAndQueued()
    {
        var policyId = await PolicyAsync();
        var cc = CostCenter();
        var employee = await App.SignInAsAsync(Demo.Employee);
        var manager = await App.SignInAsAsync(Demo.Manager);
        var director = await App.SignInAsAsync(Demo.Director);

        var check = await ExpectAsync(await PostJsonAsync(employee, "/api/v1/requests/check", Ask("CCCM", cc)), HttpStatusCode.OK);
        Assert.True(check.GetProperty("allowed").GetBoolean(), check.ToString());
        Assert.Equal(policyId, check.GetProperty("policy_id").GetGuid());

        var created = await RequestAsync("CCCM", cc);
        var id = created.GetProperty("id").GetGuid();
        var caseId = created.GetProperty("business_case_id").GetGuid();
        Assert.Equal("requested", created.GetProperty("status").GetString());
        Assert.Equal("manager", created.GetProperty("waiting_for").GetString());
        Assert.Equal(policyId, created.GetProperty("policy_id").GetGuid());
        // The business case is pre-filled with the fully loaded cost, by the case's own calculation.
        var bc = await ExpectAsync(await director.GetAsync($"/api/v1/business-cases/{caseId}"), HttpStatusCode.OK);
        var total = created.GetProperty("total_cost").GetDecimal();
        Assert.True(total > created.GetProperty("fees").GetDecimal(), created.ToString());
        Assert.Equal(total, bc.GetProperty("total_cost").GetDecimal());
        Assert.Equal(cc, bc.GetProperty("cost_center").GetString());

        // Hand-off 1: the manager is mailed an absolute link and has it on their home page.
        var toManager = Assert.Single(await App.OutboxAsync($"request:{id}:manager"));
        Assert.Equal("manager@demo.local", toManager.To);
        Assert.Contains($"http://", toManager.Body, StringComparison.Ordinal);
        Assert.Contains($"/Requests/Details/{id}", toManager.Body, StringComparison.Ordinal);
        Assert.Contains($"/Requests/Details/{id}?handler=Approve", await manager.GetStringAsync("/"), StringComparison.Ordinal);
        // The director cannot decide before the manager.
        await ExpectAsync(await PostJsonAsync(director, $"/api/v1/requests/{id}/approve", new { }), HttpStatusCode.Forbidden);

        var afterManager = await ExpectAsync(await PostJsonAsync(manager, $"/api/v1/requests/{id}/approve", new { comment = "good fit" }), HttpStatusCode.OK);
        Assert.Equal("submitted", afterManager.GetProperty("status").GetString());
        Assert.Equal("budget_holder", afterManager.GetProperty("waiting_for").GetString());
        Assert.Equal("manager@demo.local", afterManager.GetProperty("manager_decided_by").GetString());

        // Hand-off 2: the director is mailed and has the case waiting on their home page.
        var toDirector = Assert.Single(await App.OutboxAsync($"request:{id}:budget"));
        Assert.Equal("director@demo.local", toDirector.To);
        Assert.Contains($"/Requests/Details/{id}", toDirector.Body, StringComparison.Ordinal);
        Assert.Contains($"/BusinessCases/Details/{caseId}?handler=Approve", await director.GetStringAsync("/"), StringComparison.Ordinal);

        await SetBudgetAsync(cc, bc.GetProperty("fiscal_year").GetInt32(), total + 100m);
        var approved = await ExpectAsync(await PostJsonAsync(director, $"/api/v1/requests/{id}/approve", new { comment = "funded" }), HttpStatusCode.OK);
        Assert.Equal("approved", approved.GetProperty("status").GetString());
        Assert.Null(approved.GetProperty("waiting_for").GetString());
        var finalCase = await ExpectAsync(await director.GetAsync($"/api/v1/business-cases/{caseId}"), HttpStatusCode.OK);
        Assert.Equal("approved", finalCase.GetProperty("status").GetString());
        Assert.Contains(await App.OutboxAsync($"request:{id}:approved"), m => m.To == "employee@demo.local");
        // Hand-off 3: HR (each program manager) is mailed, by name, the absolute link that issues the agreement, once.
        var toHr = Assert.Single(await App.OutboxAsync($"case:{caseId}:approved"), m => m.To == "hr@demo.local");
        Assert.StartsWith("Approved: issue the tuition agreement for ", toHr.Subject, StringComparison.Ordinal);
        Assert.Matches(@"^Hello \S", toHr.Body);
        Assert.Matches($@"https?://[^\s/]+/Agreements/Issue\?businessCaseId={caseId}", toHr.Body);
        Assert.DoesNotContain(await App.OutboxAsync($"case:{caseId}:approved"), m => m.To is "admin@demo.local" or "director@demo.local" or "employee@demo.local");

        // The request page shows the trail.
        var page = await employee.GetStringAsync($"/Requests/Details/{id}");
        Assert.Contains("manager@demo.local", page, StringComparison.Ordinal);
        Assert.Contains("Approved", page, StringComparison.Ordinal);
    }

    [ProviderFact]
    public async Task Request_PolicyRefuses_EachReasonExplained_NothingWritten()
    {
        await PolicyAsync(p =>
        {
            p["min_tenure_months"] = 600;
            p["eligible_roles"] = new[] { "Agent" };
            p["annual_cap"] = 100m;
            p["applications_open_on"] = "2020-01-01";
            p["applications_close_on"] = "2020-01-31";
        });
        var employee = await App.SignInAsAsync(Demo.Employee);
        var cc = CostCenter();
        var check = await ExpectAsync(await PostJsonAsync(employee, "/api/v1/requests/check", Ask("CCCM", cc)), HttpStatusCode.OK);
        Assert.False(check.GetProperty("allowed").GetBoolean());
        // (Another test of the class may have left an open CCCM request: that reason is not this test's.)
        var reasons = check.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!)
            .Where(r => !r.Contains("already has an open request", StringComparison.Ordinal)).ToList();
        Assert.Contains(reasons, r => r.Contains("has worked here", StringComparison.Ordinal) && r.Contains("600 months of service", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains("funds the roles Agent", StringComparison.Ordinal) && r.Contains("role is Supervisor", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains("funds up to USD 100.00 per person", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains("accepts requests from 1 January 2020 to 31 January 2020", StringComparison.Ordinal));
        Assert.Equal(4, reasons.Count);

        var refused = await ExpectAsync(await PostJsonAsync(employee, "/api/v1/requests", Ask("CCCM", cc)), HttpStatusCode.UnprocessableEntity);
        Assert.Equal(4, refused.GetProperty("errors").GetProperty("eligibility").EnumerateArray()
            .Count(r => !r.GetString()!.Contains("already has an open request", StringComparison.Ordinal)));
        var mine = await ExpectAsync(await employee.GetAsync("/api/v1/requests?page_size=200"), HttpStatusCode.OK);
        Assert.DoesNotContain(mine.GetProperty("items").EnumerateArray(), r => r.GetProperty("cost_center").GetString() == cc);

        // The page says the same, in the same words.
        var html = await employee.GetStringAsync("/Requests/New?certification=CCCM");
        Assert.Contains("has worked here", html, StringComparison.Ordinal);
        Assert.Contains("The policy does not allow this request", html, StringComparison.Ordinal);
        // The form names its own address: after "Check with the policy" (?handler=Check) "Send the request" must send, not check again.
        Assert.Contains("action=\"/Requests/New\"", html, StringComparison.Ordinal);
    }

    [ProviderFact]
    public async Task Request_Returned_SentAgain_Withdrawn_Rejected_CommentsRequired()
    {
        await PolicyAsync();
        var cc = CostCenter();
        var employee = await App.SignInAsAsync(Demo.Employee);
        var manager = await App.SignInAsAsync(Demo.Manager);

        var id = (await RequestAsync("CQMP", cc)).GetProperty("id").GetGuid();
        // An open request for the same certification is refused with the reason.
        var twice = await ExpectAsync(await PostJsonAsync(employee, "/api/v1/requests", Ask("CQMP", cc)), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("already has an open request for CQMP", twice.GetProperty("errors").GetProperty("eligibility")[0].GetString(), StringComparison.Ordinal);

        await ExpectAsync(await PostJsonAsync(manager, $"/api/v1/requests/{id}/return", new { comment = " " }), HttpStatusCode.UnprocessableEntity);
        var returned = await ExpectAsync(await PostJsonAsync(manager, $"/api/v1/requests/{id}/return", new { comment = "say which team it helps" }), HttpStatusCode.OK);
        Assert.Equal("returned", returned.GetProperty("status").GetString());
        Assert.Equal("requester", returned.GetProperty("waiting_for").GetString());
        Assert.Contains(await App.OutboxAsync($"request:{id}:returned for changes"), m => m.To == "employee@demo.local" && m.Body.Contains("say which team it helps", StringComparison.Ordinal));
        Assert.Contains("say which team it helps", await employee.GetStringAsync("/"), StringComparison.Ordinal);

        var again = await ExpectAsync(await PostJsonAsync(employee, $"/api/v1/requests/{id}/resubmit", new { justification = "for team COL-T01's QA" }), HttpStatusCode.OK);
        Assert.Equal("requested", again.GetProperty("status").GetString());
        Assert.Equal("for team COL-T01's QA", again.GetProperty("justification").GetString());

        // Only the requester withdraws; a withdrawn request is closed.
        await ExpectAsync(await manager.PostAsync($"/api/v1/requests/{id}/withdraw", null), HttpStatusCode.Forbidden);
        var withdrawn = await ExpectAsync(await employee.PostAsync($"/api/v1/requests/{id}/withdraw", null), HttpStatusCode.OK);
        Assert.Equal("withdrawn", withdrawn.GetProperty("status").GetString());
        await ExpectAsync(await employee.PostAsync($"/api/v1/requests/{id}/withdraw", null), HttpStatusCode.Conflict);
        await ExpectAsync(await PostJsonAsync(manager, $"/api/v1/requests/{id}/approve", new { }), HttpStatusCode.Conflict);

        var second = (await RequestAsync("CQMP", cc)).GetProperty("id").GetGuid();
        await ExpectAsync(await PostJsonAsync(manager, $"/api/v1/requests/{second}/reject", new { }), HttpStatusCode.UnprocessableEntity);
        var rejected = await ExpectAsync(await PostJsonAsync(manager, $"/api/v1/requests/{second}/reject", new { comment = "not this year" }), HttpStatusCode.OK);
        Assert.Equal("rejected", rejected.GetProperty("status").GetString());
        Assert.Equal("not this year", rejected.GetProperty("decision_comment").GetString());
        Assert.Contains(await App.OutboxAsync($"request:{second}:rejected"), m => m.To == "employee@demo.local");
    }

    [ProviderFact]
    public async Task Request_RetiredCertification_Refused()
    {
        await PolicyAsync();
        var hr = await App.SignInAsAsync(Demo.Hr);
        var employee = await App.SignInAsAsync(Demo.Employee);
        var certs = await ExpectAsync(await hr.GetAsync("/api/v1/certifications?page_size=500"), HttpStatusCode.OK);
        var qamc = certs.GetProperty("items").EnumerateArray().First(c => c.GetProperty("code").GetString() == "QAMC").GetProperty("id").GetGuid();

        var employeeRetires = await employee.PostAsync($"/api/v1/certifications/{qamc}/retire", null);
        Assert.Equal(HttpStatusCode.Forbidden, employeeRetires.StatusCode);
        var retired = await ExpectAsync(await PostJsonAsync(hr, $"/api/v1/certifications/{qamc}/retire", new { }), HttpStatusCode.OK);
        Assert.NotEqual(JsonValueKind.Null, retired.GetProperty("retired_on").ValueKind);
        try
        {
            var refused = await ExpectAsync(await PostJsonAsync(employee, "/api/v1/requests", Ask("QAMC", CostCenter())), HttpStatusCode.UnprocessableEntity);
            var reason = Assert.Single(refused.GetProperty("errors").GetProperty("eligibility").EnumerateArray()).GetString();
            Assert.Contains("QAMC was retired from the catalog on", reason, StringComparison.Ordinal);
            Assert.Contains("can no longer be requested", reason, StringComparison.Ordinal);
        }
        finally
        {
            await ExpectAsync(await hr.PostAsync($"/api/v1/certifications/{qamc}/reinstate", null), HttpStatusCode.OK);
        }
        await RequestAsync("QAMC", CostCenter());
    }

    [ProviderFact]
    public async Task Request_KeepsItsPolicyVersion_WhenANewVersionIsPublished()
    {
        var v1 = await PolicyAsync();
        var hr = await App.SignInAsAsync(Demo.Hr);
        var admin = await App.SignInAsAsync(Demo.Admin);
        var employee = await App.SignInAsAsync(Demo.Employee);
        var created = await RequestAsync("CCCS", CostCenter());
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal(1, created.GetProperty("policy_version").GetInt32());

        var draft = await ExpectAsync(await hr.PostAsync($"/api/v1/policies/{v1}/versions", null), HttpStatusCode.Created);
        var v2 = draft.GetProperty("id").GetGuid();
        var change = ValidPolicy();
        change["annual_cap"] = 200_000m;
        change["name"] = "Certification tuition policy, 2027";
        await ExpectAsync(await PutJsonAsync(hr, $"/api/v1/policies/{v2}", change), HttpStatusCode.OK);
        await ExpectAsync(await admin.PostAsync($"/api/v1/policies/{v2}/publish", null), HttpStatusCode.OK);

        var kept = await ExpectAsync(await employee.GetAsync($"/api/v1/requests/{id}"), HttpStatusCode.OK);
        Assert.Equal(v1, kept.GetProperty("policy_id").GetGuid());
        Assert.Equal(1, kept.GetProperty("policy_version").GetInt32());
        Assert.Contains("version 1", await employee.GetStringAsync($"/Requests/Details/{id}"), StringComparison.Ordinal);
        // New requests are checked against the new version.
        var check = await ExpectAsync(await PostJsonAsync(employee, "/api/v1/requests/check", Ask("HDI-SCTL", CostCenter())), HttpStatusCode.OK);
        Assert.Equal(v2, check.GetProperty("policy_id").GetGuid());
    }

    [ProviderFact]
    public async Task TwoApprovals_RaceForTheLastMoney_ExactlyOneWins_TheOtherIsToldWhy()
    {
        await PolicyAsync();
        var cc = CostCenter();
        var manager = await App.SignInAsAsync(Demo.Manager);
        var ids = new List<Guid>();
        var caseIds = new List<Guid>();
        var costs = new List<decimal>();
        var year = 0;
        foreach (var code in new[] { "CCCM", "CQMP" })
        {
            var r = await RequestAsync(code, cc);
            ids.Add(r.GetProperty("id").GetGuid());
            caseIds.Add(r.GetProperty("business_case_id").GetGuid());
            costs.Add(r.GetProperty("total_cost").GetDecimal());
            year = r.GetProperty("fiscal_year").GetInt32();
            await ExpectAsync(await PostJsonAsync(manager, $"/api/v1/requests/{ids[^1]}/approve", new { }), HttpStatusCode.OK);
        }
        // Either fits alone, not both.
        await SetBudgetAsync(cc, year, costs.Max() + costs.Min() - 1m);

        var directors = await Task.WhenAll(App.BearerClientAsync(Demo.Director), App.BearerClientAsync(Demo.Director));
        var responses = await Task.WhenAll(ids.Select((id, i) => PostJsonAsync(directors[i], $"/api/v1/requests/{id}/approve", new { comment = "go" })));
        var statuses = responses.Select(r => r.StatusCode).ToList();
        Assert.Single(statuses, s => s == HttpStatusCode.OK);
        var loser = Assert.Single(responses, r => r.StatusCode != HttpStatusCode.OK);
        var problem = await ExpectAsync(loser, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("over budget", problem.GetProperty("errors").GetProperty("budget")[0].GetString(), StringComparison.Ordinal);
        // HR is mailed about the approved case only (a losing attempt that had queued its mail drops it with the refusal).
        var winner = statuses.IndexOf(HttpStatusCode.OK);
        Assert.Single(await App.OutboxAsync($"case:{caseIds[winner]}:approved"), m => m.To == "hr@demo.local");
        Assert.Empty(await App.OutboxAsync($"case:{caseIds[1 - winner]}:approved"));

        var admin = await App.SignInAsAsync(Demo.Admin);
        var budgets = await ExpectAsync(await admin.GetAsync("/api/v1/budgets?page_size=500"), HttpStatusCode.OK);
        var mine = budgets.GetProperty("items").EnumerateArray().Single(b => b.GetProperty("cost_center").GetString() == cc);
        Assert.True(mine.GetProperty("remaining").GetDecimal() >= 0, mine.ToString());
        Assert.Contains(costs, c => c == mine.GetProperty("committed").GetDecimal());
    }
}

public sealed class SqliteCertificationRequestTests(SqliteDemoApp fixture) : CertificationRequestTests(fixture), IClassFixture<SqliteDemoApp>;

public sealed class PostgresCertificationRequestTests(PostgresDemoApp fixture) : CertificationRequestTests(fixture), IClassFixture<PostgresDemoApp>, IPostgresTests;
