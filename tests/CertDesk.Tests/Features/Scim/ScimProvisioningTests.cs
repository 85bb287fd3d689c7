using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CertDesk.Cli;
using CertDesk.Features.Organization;
using CertDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CertDesk.Tests.Features.Scim;

/// <summary>
/// /scim/v2 driven the way Microsoft Entra ID and Okta drive it: the requests are those their provisioning guides
/// document (Entra: "Tutorial: Develop and plan provisioning for a SCIM endpoint", its request/response examples;
/// Okta: "SCIM 2.0 protocol reference"), written out here as a scripted client. Each test checks the roster in the
/// database, not only the answer, and each refusal checks that nothing was written.
/// </summary>
public abstract class ScimProvisioningTests(AppFixture fixture)
{
    private const string Core = "urn:ietf:params:scim:schemas:core:2.0:User";
    private const string Enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private const string PatchOp = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    private const string ErrorSchema = "urn:ietf:params:scim:api:messages:2.0:Error";

    private CertDeskApp App => fixture.App;

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    /// <summary>A directory made as the docs say (<c>certdesk directories add</c>), and a client sending its token.</summary>
    private async Task<(HttpClient Client, string Account)> DirectoryAsync(string name)
    {
        var made = (await App.RunCliAsync("directories", "add", "--name", $"{name} {Guid.NewGuid():N}"[..(name.Length + 9)], "--json")).ShouldExit(ExitCodes.Success).Json();
        return (App.BearerClient(made.GetProperty("token").GetString()!), made.GetProperty("account").GetString()!);
    }

    private static StringContent Scim(string json) => new(json, Encoding.UTF8, "application/scim+json");

    private static async Task<JsonElement> ScimJsonAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK) =>
        await AssertHttp.JsonAsync(response, expected, "application/scim+json");

    /// <summary>A refusal in the RFC 7644 error schema, with the status as a string and the scimType given.</summary>
    private static async Task<JsonElement> ScimErrorAsync(HttpResponseMessage response, HttpStatusCode expected, string? scimType)
    {
        var error = await ScimJsonAsync(response, expected);
        Assert.Equal(ErrorSchema, error.GetProperty("schemas")[0].GetString());
        Assert.Equal(((int)expected).ToString(System.Globalization.CultureInfo.InvariantCulture), error.GetProperty("status").GetString());
        if (scimType is not null)
        {
            Assert.Equal(scimType, error.GetProperty("scimType").GetString());
        }
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("detail").GetString()));
        return error;
    }

    private static HttpRequestMessage Patch(string path, string json) => new(HttpMethod.Patch, path) { Content = Scim(json) };

    private static string Filter(string expression) => "/scim/v2/Users?filter=" + Uri.EscapeDataString(expression);

    private Task<Employee?> PersonAsync(string number) => App.EmployeeAsync(number);

    private static string Unique() => Guid.NewGuid().ToString("N")[..8];

    [ProviderFact]
    public async Task EntraId_Creates_Finds_Patches_AndDeactivates_EndingTheSignIn()
    {
        var (entra, account) = await DirectoryAsync("Entra ID");
        var number = "ENT-" + Unique();
        var upn = $"alex.wu.{number}@contoso.example";

        // Entra first asks whether the person exists, by the matching attribute (userName).
        var none = await ScimJsonAsync(await entra.GetAsync(Filter($"userName eq \"{upn}\"")));
        Assert.Equal(0, none.GetProperty("totalResults").GetInt32());

        // Then creates them with every attribute its default mapping sends, most of which the roster does not keep.
        var created = await ScimJsonAsync(await entra.PostAsync("/scim/v2/Users", Scim($$"""
            {
              "schemas": ["{{Core}}", "{{Enterprise}}"],
              "externalId": "{{number}}",
              "userName": "{{upn}}",
              "active": true,
              "displayName": "Alex Wu",
              "emails": [{ "primary": true, "type": "work", "value": "{{upn}}" }],
              "meta": { "resourceType": "User" },
              "name": { "formatted": "Alex Wu", "familyName": "Wu", "givenName": "Alex" },
              "title": "Customer Service Agent",
              "preferredLanguage": "en-US",
              "addresses": [{ "type": "work", "locality": "Columbus", "country": "US", "primary": true }],
              "phoneNumbers": [{ "type": "work", "value": "+1 614 555 0100" }],
              "{{Enterprise}}": { "employeeNumber": "{{number}}", "department": "Care", "manager": { "value": "" } }
            }
            """)), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString()!;
        Assert.True(created.GetProperty("active").GetBoolean());
        Assert.Equal(number, created.GetProperty("externalId").GetString());
        Assert.EndsWith($"/scim/v2/Users/{id}", created.GetProperty("meta").GetProperty("location").GetString(), StringComparison.Ordinal);

        var person = await PersonAsync(number);
        Assert.NotNull(person);
        Assert.Equal(("Alex", "Wu", upn, "Customer Service Agent", EmploymentStatus.Active, Today), (person.FirstName, person.LastName, person.Email, person.Title, person.Status, person.HireDate));

        // Found by userName (without regard to case, as the schema says) and by externalId; read by id.
        var byName = await ScimJsonAsync(await entra.GetAsync(Filter($"userName eq \"{upn.ToUpperInvariant()}\"")));
        Assert.Equal(1, byName.GetProperty("totalResults").GetInt32());
        Assert.Equal(id, byName.GetProperty("Resources")[0].GetProperty("id").GetString());
        var byNumber = await ScimJsonAsync(await entra.GetAsync(Filter($"externalId eq \"{number}\"")));
        Assert.Equal(id, byNumber.GetProperty("Resources")[0].GetProperty("id").GetString());
        Assert.Equal(upn, (await ScimJsonAsync(await entra.GetAsync($"/scim/v2/Users/{id}"))).GetProperty("userName").GetString());

        // Entra's PATCH: one operation per changed attribute, with paths, "Replace" and "Add" capitalized.
        var renamed = $"alex.wu-lee.{number}@contoso.example";
        var patched = await ScimJsonAsync(await entra.SendAsync(Patch($"/scim/v2/Users/{id}", $$"""
            {
              "schemas": ["{{PatchOp}}"],
              "Operations": [
                { "op": "Replace", "path": "title", "value": "Team Lead" },
                { "op": "Replace", "path": "name.familyName", "value": "Wu-Lee" },
                { "op": "Replace", "path": "userName", "value": "{{renamed}}" },
                { "op": "Add", "path": "emails[type eq \"work\"].value", "value": "{{renamed}}" },
                { "op": "Replace", "path": "phoneNumbers[type eq \"mobile\"].value", "value": "+1 614 555 0199" }
              ]
            }
            """)));
        Assert.Equal("Team Lead", patched.GetProperty("title").GetString());
        person = await PersonAsync(number);
        Assert.Equal(("Wu-Lee", renamed, "Team Lead"), (person!.LastName, person.Email, person.Title));

        // History kept: every change is in the audit trail, made by the directory's account.
        var history = await App.AuditEntriesAsync("Employee", id);
        Assert.True(history.Count >= 2, $"expected the creation and the change in the audit trail, got {history.Count}");
        Assert.All(history, h => Assert.Equal($"user:{account}", h.Actor));

        // The person signs in (an account linked by e-mail, as HR makes one); deactivation ends it.
        await App.AddUserAsync(renamed, "employee", "Scim-Person-Pass-9");
        using var own = await App.BearerClientAsync(renamed);
        await AssertHttp.StatusAsync(await own.GetAsync("/api/v1/me"), HttpStatusCode.OK);

        // Entra's deactivation: active as the string "False" unless the app opted into its RFC-compliant behaviour.
        var deactivated = await ScimJsonAsync(await entra.SendAsync(Patch($"/scim/v2/Users/{id}", $$"""
            { "schemas": ["{{PatchOp}}"], "Operations": [{ "op": "Replace", "path": "active", "value": "False" }] }
            """)));
        Assert.False(deactivated.GetProperty("active").GetBoolean());
        person = await PersonAsync(number);
        Assert.Equal((EmploymentStatus.Separated, (DateOnly?)Today, (string?)null), (person!.Status, person.SeparationDate, person.SeparationReason));
        await AssertHttp.StatusAsync(await own.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized);

        // Sent again it changes nothing and is not an error; a change to a separated person is refused, nothing written.
        await ScimJsonAsync(await entra.SendAsync(Patch($"/scim/v2/Users/{id}", $$"""
            { "schemas": ["{{PatchOp}}"], "Operations": [{ "op": "Replace", "path": "active", "value": false }] }
            """)));
        var before = await App.CountsAsync();
        var refused = await ScimErrorAsync(await entra.SendAsync(Patch($"/scim/v2/Users/{id}", $$"""
            { "schemas": ["{{PatchOp}}"], "Operations": [{ "op": "Replace", "path": "title", "value": "Supervisor" }] }
            """)), HttpStatusCode.BadRequest, "mutability");
        Assert.Contains("separated", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await ScimErrorAsync(await entra.SendAsync(Patch($"/scim/v2/Users/{id}", $$"""
            { "schemas": ["{{PatchOp}}"], "Operations": [{ "op": "Replace", "path": "active", "value": true }] }
            """)), HttpStatusCode.BadRequest, "mutability");
        Assert.Equal(before, await App.CountsAsync());
        Assert.Equal(("Team Lead", EmploymentStatus.Separated), ((await PersonAsync(number))!.Title, (await PersonAsync(number))!.Status));
    }

    [ProviderFact]
    public async Task Okta_Creates_Replaces_DeactivatesWithoutAPath_AndPagesTheList()
    {
        var (okta, _) = await DirectoryAsync("Okta");
        var number = "OKT-" + Unique();
        var login = $"sam.ortiz.{number}@example.org";

        var search = await ScimJsonAsync(await okta.GetAsync(Filter($"userName eq \"{login}\"") + "&startIndex=1&count=100"));
        Assert.Equal(0, search.GetProperty("totalResults").GetInt32());

        // Okta's create: core schema only, a password and groups it expects the app to ignore or handle.
        var created = await ScimJsonAsync(await okta.PostAsync("/scim/v2/Users", Scim($$"""
            {
              "schemas": ["{{Core}}"],
              "userName": "{{login}}",
              "name": { "givenName": "Sam", "familyName": "Ortiz" },
              "emails": [{ "primary": true, "value": "{{login}}", "type": "work" }],
              "displayName": "Sam Ortiz",
              "locale": "en-US",
              "externalId": "{{number}}",
              "groups": [],
              "password": "1mz050nq",
              "active": true
            }
            """)), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString()!;

        // Okta's profile push is a PUT of the whole resource.
        var replaced = await ScimJsonAsync(await okta.PutAsync($"/scim/v2/Users/{id}", Scim($$"""
            {
              "schemas": ["{{Core}}"],
              "id": "{{id}}",
              "userName": "{{login}}",
              "name": { "givenName": "Samantha", "familyName": "Ortiz" },
              "emails": [{ "primary": true, "value": "{{login}}", "type": "work" }],
              "title": "Quality Analyst",
              "externalId": "{{number}}",
              "active": true
            }
            """)));
        Assert.Equal("Samantha", replaced.GetProperty("name").GetProperty("givenName").GetString());
        var person = await PersonAsync(number);
        Assert.Equal(("Samantha", "Quality Analyst", EmploymentStatus.Active), (person!.FirstName, person.Title, person.Status));

        // Okta's deactivation: replace without a path, the value an object of attributes.
        var deactivated = await ScimJsonAsync(await okta.SendAsync(Patch($"/scim/v2/Users/{id}", $$"""
            { "schemas": ["{{PatchOp}}"], "Operations": [{ "op": "replace", "value": { "active": false } }] }
            """)));
        Assert.False(deactivated.GetProperty("active").GetBoolean());
        Assert.Equal(EmploymentStatus.Separated, (await PersonAsync(number))!.Status);

        // HR gives the reason through the roster import (docs/scim.md), the person's row as the import takes it.
        var today = Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        (await App.ImportRosterAsync(
            "employee_id,first_name,last_name,email,title,role,team_id,site,manager_employee_id,hire_date,status,separation_date,separation_reason,hourly_loaded_cost\n"
            + $"{number},Samantha,Ortiz,{login},Quality Analyst,Quality Analyst,,,,{today},separated,{today},layoff,\n")).ShouldExit(ExitCodes.Success);
        person = await PersonAsync(number);
        Assert.Equal((EmploymentStatus.Separated, (DateOnly?)Today, "layoff"), (person!.Status, person.SeparationDate, person.SeparationReason));

        // The list pages with startIndex (1-based) and count, over the whole roster in employee-number order.
        var total = await App.QueryAsync(db => db.Employees.CountAsync());
        var first = await ScimJsonAsync(await okta.GetAsync("/scim/v2/Users?startIndex=1&count=2"));
        var second = await ScimJsonAsync(await okta.GetAsync("/scim/v2/Users?startIndex=3&count=2"));
        Assert.Equal(total, first.GetProperty("totalResults").GetInt32());
        Assert.Equal(2, first.GetProperty("itemsPerPage").GetInt32());
        Assert.Equal(3, second.GetProperty("startIndex").GetInt32());
        var ids = first.GetProperty("Resources").EnumerateArray().Concat(second.GetProperty("Resources").EnumerateArray()).Select(r => r.GetProperty("id").GetString()).ToList();
        Assert.Equal(4, ids.Distinct().Count());
        var last = await ScimJsonAsync(await okta.GetAsync($"/scim/v2/Users?startIndex={total}&count=10"));
        Assert.Equal(1, last.GetProperty("itemsPerPage").GetInt32());
    }

    /// <summary>
    /// What is owed depends on why the person left, so a deactivation (no reason) opens no repayment record; the
    /// roster import that gives the reason does. The agreement is signed by the employee (signature recorded below the API).
    /// </summary>
    [ProviderFact]
    public async Task Deactivation_OpensNoRepayment_UntilHrGivesTheReason()
    {
        var (client, _) = await DirectoryAsync("Repayment");
        var number = "REP-" + Unique();
        var email = $"kim.lee.{number}@example.org";
        var created = await ScimJsonAsync(await client.PostAsync("/scim/v2/Users", Scim($$"""
            { "schemas": ["{{Core}}"], "userName": "{{email}}", "externalId": "{{number}}", "name": { "givenName": "Kim", "familyName": "Lee" }, "title": "Agent" }
            """)), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString()!;
        var hr = await App.SignInAsAsync(Demo.Hr);
        var agreement = await CertDeskApp.ExpectAsync(await CertDeskApp.PostJsonAsync(hr, "/api/v1/agreements", new
        {
            employee_id = Guid.Parse(id),
            policy_id = await App.PublishedPolicyAsync(),
            certification_code = "CWMP",
            certification_name = "Workforce Management Professional",
            funded_amount = 2400m,
        }), HttpStatusCode.Created);
        var agreementId = agreement.GetProperty("id").GetGuid();
        await App.SimulateEmployeeSignatureAsync(agreementId, number);

        await ScimJsonAsync(await client.SendAsync(Patch($"/scim/v2/Users/{id}", $$"""
            { "schemas": ["{{PatchOp}}"], "Operations": [{ "op": "replace", "path": "active", "value": false }] }
            """)));
        Assert.Equal(0, await App.QueryAsync(db => db.Repayments.CountAsync(r => r.AgreementId == agreementId)));

        var today = Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        (await App.ImportRosterAsync(
            "employee_id,first_name,last_name,email,title,role,team_id,site,manager_employee_id,hire_date,status,separation_date,separation_reason,hourly_loaded_cost\n"
            + $"{number},Kim,Lee,{email},Agent,Agent,,,,{today},separated,{today},resignation,\n")).ShouldExit(ExitCodes.Success);
        var reasons = await App.QueryAsync(db => db.Repayments.Where(r => r.AgreementId == agreementId).Select(r => r.Reason).ToListAsync());
        Assert.Equal(["resignation"], reasons);
    }

    [ProviderFact]
    public async Task BadRequests_AreRefusedInTheErrorSchema_AndWriteNothing()
    {
        var (client, _) = await DirectoryAsync("Refusals");
        var existing = (await PersonAsync("E0020"))!;
        var number = "BAD-" + Unique();
        string User(string extra, string userName = "", string externalId = "") => $$"""
            {
              "schemas": ["{{Core}}"],
              "userName": "{{(userName.Length > 0 ? userName : $"new.{number}@example.org")}}",
              "externalId": "{{(externalId.Length > 0 ? externalId : number)}}",
              "name": { "givenName": "Robin", "familyName": "Hale" }{{extra}}
            }
            """;
        var created = await ScimJsonAsync(await client.PostAsync("/scim/v2/Users", Scim(User(""))), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString()!;
        // Mail the class's earlier tests queued goes now: the sender's 30-second round would otherwise mark it sent (an
        // audited change) in the middle of the requests below, whenever its tick falls there.
        await App.DeliverMailAsync();
        var before = await App.CountsAsync();

        var cases = new (string What, Func<Task<HttpResponseMessage>> Send, HttpStatusCode Status, string? ScimType)[]
        {
            ("an unknown attribute", () => client.PostAsync("/scim/v2/Users", Scim(User(", \"favoriteColour\": \"teal\"", $"other.{number}@example.org", number + "-2"))), HttpStatusCode.BadRequest, "invalidValue"),
            ("an unknown name part", () => client.PostAsync("/scim/v2/Users", Scim($"{{\"schemas\": [\"{Core}\"], \"userName\": \"part.{number}@example.org\", \"externalId\": \"{number}-1\", \"name\": {{\"givenName\": \"A\", \"familyName\": \"B\", \"nick\": \"C\"}}}}")), HttpStatusCode.BadRequest, "invalidValue"),
            ("a duplicate userName (another person's e-mail, in other letter case)", () => client.PostAsync("/scim/v2/Users", Scim(User("", existing.Email.ToUpperInvariant(), number + "-3"))), HttpStatusCode.Conflict, "uniqueness"),
            ("a duplicate externalId", () => client.PostAsync("/scim/v2/Users", Scim(User("", $"third.{number}@example.org", "E0020"))), HttpStatusCode.Conflict, "uniqueness"),
            ("a malformed body", () => client.PostAsync("/scim/v2/Users", Scim("{\"schemas\": [\"" + Core + "\"], \"userName\": ")), HttpStatusCode.BadRequest, "invalidSyntax"),
            ("an attribute given twice", () => client.PostAsync("/scim/v2/Users", Scim(User(", \"USERNAME\": \"x@example.org\""))), HttpStatusCode.BadRequest, "invalidSyntax"),
            ("a body that is not an object", () => client.PostAsync("/scim/v2/Users", Scim("[1, 2]")), HttpStatusCode.BadRequest, "invalidSyntax"),
            ("no schemas", () => client.PostAsync("/scim/v2/Users", Scim($"{{\"userName\": \"x.{number}@example.org\", \"externalId\": \"{number}-4\", \"name\": {{\"givenName\": \"A\", \"familyName\": \"B\"}}}}")), HttpStatusCode.BadRequest, "invalidValue"),
            ("a userName that is not an e-mail", () => client.PostAsync("/scim/v2/Users", Scim(User("", "robin.hale", number + "-5"))), HttpStatusCode.BadRequest, "invalidValue"),
            ("externalId and employeeNumber that differ", () => client.PostAsync("/scim/v2/Users", Scim(User($", \"{Enterprise}\": {{ \"employeeNumber\": \"{number}-7\" }}", $"fourth.{number}@example.org", number + "-6"))), HttpStatusCode.BadRequest, "invalidValue"),
            ("a patch on an unknown path", () => client.SendAsync(Patch($"/scim/v2/Users/{id}", $"{{\"schemas\": [\"{PatchOp}\"], \"Operations\": [{{\"op\": \"replace\", \"path\": \"title\", \"value\": \"Lead\"}}, {{\"op\": \"replace\", \"path\": \"shoeSize\", \"value\": 9}}]}}")), HttpStatusCode.BadRequest, "invalidPath"),
            ("a patch with an unknown op", () => client.SendAsync(Patch($"/scim/v2/Users/{id}", $"{{\"schemas\": [\"{PatchOp}\"], \"Operations\": [{{\"op\": \"move\", \"path\": \"title\", \"value\": \"Lead\"}}]}}")), HttpStatusCode.BadRequest, "invalidSyntax"),
            ("a patch removing a required attribute", () => client.SendAsync(Patch($"/scim/v2/Users/{id}", $"{{\"schemas\": [\"{PatchOp}\"], \"Operations\": [{{\"op\": \"remove\", \"path\": \"name.familyName\"}}]}}")), HttpStatusCode.BadRequest, "mutability"),
            ("a patch giving active a non-boolean", () => client.SendAsync(Patch($"/scim/v2/Users/{id}", $"{{\"schemas\": [\"{PatchOp}\"], \"Operations\": [{{\"op\": \"replace\", \"path\": \"active\", \"value\": \"maybe\"}}]}}")), HttpStatusCode.BadRequest, "invalidValue"),
            ("a patch taking another person's externalId", () => client.SendAsync(Patch($"/scim/v2/Users/{id}", $"{{\"schemas\": [\"{PatchOp}\"], \"Operations\": [{{\"op\": \"replace\", \"path\": \"externalId\", \"value\": \"E0020\"}}]}}")), HttpStatusCode.Conflict, "uniqueness"),
            ("a filter on another attribute", () => client.GetAsync(Filter("displayName eq \"Robin Hale\"")), HttpStatusCode.BadRequest, "invalidFilter"),
            ("a filter with another operator", () => client.GetAsync(Filter($"userName co \"{number}\"")), HttpStatusCode.BadRequest, "invalidFilter"),
            ("two filters joined", () => client.GetAsync(Filter($"userName eq \"a@b.org\" or externalId eq \"{number}\"")), HttpStatusCode.BadRequest, "invalidFilter"),
            ("a count that is not a number", () => client.GetAsync("/scim/v2/Users?count=ten"), HttpStatusCode.BadRequest, "invalidValue"),
            ("an unknown id", () => client.GetAsync($"/scim/v2/Users/{Guid.NewGuid()}"), HttpStatusCode.NotFound, null),
            ("an id that is not one", () => client.GetAsync("/scim/v2/Users/not-an-id"), HttpStatusCode.NotFound, null),
            ("a DELETE (people are deactivated, never deleted)", () => client.DeleteAsync($"/scim/v2/Users/{id}"), HttpStatusCode.MethodNotAllowed, null),
        };
        foreach (var (what, send, status, scimType) in cases)
        {
            try
            {
                await ScimErrorAsync(await send(), status, scimType);
            }
            catch (Exception e) when (e is Xunit.Sdk.XunitException)
            {
                throw new Xunit.Sdk.XunitException($"{what}: {e.Message}");
            }
        }
        Assert.Equal(before, await App.CountsAsync());
        var person = await PersonAsync(number);
        Assert.Equal(("Robin", "Hale", "", EmploymentStatus.Active), (person!.FirstName, person.LastName, person.Title, person.Status));
    }

    [ProviderFact]
    public async Task OnlyADirectoryToken_CallsScim_AndItCallsNothingElse()
    {
        var (directory, _) = await DirectoryAsync("Gatekeeping");
        await ScimErrorAsync(await App.AnonymousClient().GetAsync("/scim/v2/Users"), HttpStatusCode.Unauthorized, null);
        using (var admin = await App.BearerClientAsync(Demo.Admin))
        {
            await ScimErrorAsync(await admin.GetAsync("/scim/v2/Users"), HttpStatusCode.Forbidden, null);
            await ScimErrorAsync(await admin.PostAsync("/scim/v2/Users", Scim("{}")), HttpStatusCode.Forbidden, null);
        }
        await ScimErrorAsync(await (await App.SignInAsAsync(Demo.Hr)).GetAsync("/scim/v2/ServiceProviderConfig"), HttpStatusCode.Forbidden, null);
        using (var revoked = App.BearerClient("cdk_" + new string('0', 64)))
        {
            await ScimErrorAsync(await revoked.GetAsync("/scim/v2/Users"), HttpStatusCode.Unauthorized, null);
        }

        // The directory's token reads nothing else: neither the API nor the pages.
        await AssertHttp.StatusAsync(await directory.GetAsync("/api/v1/employees"), HttpStatusCode.Forbidden);
        await AssertHttp.StatusAsync(await directory.GetAsync("/api/v1/me"), HttpStatusCode.Forbidden);
        await AssertHttp.StatusAsync(await directory.PostAsync("/api/v1/tokens", new StringContent("{}", Encoding.UTF8, "application/json")), HttpStatusCode.Forbidden);

        // Discovery answers what the provider supports.
        var config = await ScimJsonAsync(await directory.GetAsync("/scim/v2/ServiceProviderConfig"));
        Assert.True(config.GetProperty("patch").GetProperty("supported").GetBoolean());
        Assert.False(config.GetProperty("bulk").GetProperty("supported").GetBoolean());
        Assert.Equal("oauthbearertoken", config.GetProperty("authenticationSchemes")[0].GetProperty("type").GetString());
        var types = await ScimJsonAsync(await directory.GetAsync("/scim/v2/ResourceTypes"));
        Assert.Equal("/Users", types.GetProperty("Resources")[0].GetProperty("endpoint").GetString());
        var schemas = await ScimJsonAsync(await directory.GetAsync("/scim/v2/Schemas"));
        Assert.Contains(schemas.GetProperty("Resources").EnumerateArray(), s => s.GetProperty("id").GetString() == Core);
    }

    [ProviderFact]
    public async Task DirectoriesAdd_RefusesAnEmptyName_AndASecondDirectoryOfTheSameName()
    {
        (await App.RunCliAsync("directories", "add", "--name", "  ")).ShouldExit(ExitCodes.InvalidInput);
        var name = "Twice " + Unique();
        (await App.RunCliAsync("directories", "add", "--name", name)).ShouldExit(ExitCodes.Success);
        (await App.RunCliAsync("directories", "add", "--name", name)).ShouldExit(ExitCodes.InvalidInput);
    }
}

public sealed class SqliteScimProvisioningTests(SqliteDemoApp fixture) : ScimProvisioningTests(fixture), IClassFixture<SqliteDemoApp>;

public sealed class PostgresScimProvisioningTests(PostgresDemoApp fixture) : ScimProvisioningTests(fixture), IClassFixture<PostgresDemoApp>, IPostgresTests;
