using System.Net;
using System.Text;
using System.Text.Json;
using CertDesk.Cli;
using CertDesk.Features.Accounts;
using CertDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CertDesk.Tests.Features.Scim;

/// <summary>
/// /scim/v2/Groups driven the way Entra ID and Okta drive it (Entra: "Tutorial: Develop and plan provisioning for a
/// SCIM endpoint", its Groups examples: find by displayName with members excluded, PATCH "Add"/"Remove" of members
/// with the value; Okta: "SCIM 2.0 protocol reference", Group Push: list, POST, PATCH add, remove by
/// <c>members[value eq "..."]</c>, replace of members, PUT). A group is a CertDesk role: each test checks the accounts'
/// roles in the database, and each refusal that nothing at all was written.
/// </summary>
public abstract class ScimGroupsTests(AppFixture fixture)
{
    private const string Core = "urn:ietf:params:scim:schemas:core:2.0:User";
    private const string GroupSchema = "urn:ietf:params:scim:schemas:core:2.0:Group";
    private const string PatchOp = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    private const string ErrorSchema = "urn:ietf:params:scim:api:messages:2.0:Error";

    private CertDeskApp App => fixture.App;

    private async Task<(HttpClient Client, string Account)> DirectoryAsync(string name)
    {
        var made = (await App.RunCliAsync("directories", "add", "--name", $"{name} {Unique()}", "--json")).ShouldExit(ExitCodes.Success).Json();
        return (App.BearerClient(made.GetProperty("token").GetString()!), made.GetProperty("account").GetString()!);
    }

    private static string Unique() => Guid.NewGuid().ToString("N")[..8];

    private static StringContent Scim(string json) => new(json, Encoding.UTF8, "application/scim+json");

    private static HttpRequestMessage Patch(string path, string json) => new(HttpMethod.Patch, path) { Content = Scim(json) };

    private static string PatchBody(params string[] operations) => $"{{\"schemas\": [\"{PatchOp}\"], \"Operations\": [{string.Join(", ", operations)}]}}";

    private static async Task<JsonElement> ScimJsonAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK) =>
        await AssertHttp.JsonAsync(response, expected, "application/scim+json");

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

    /// <summary>A person the directory provisions (POST /Users), optionally with the sign-in account HR opened for them.</summary>
    private async Task<(string Id, string Email)> PersonAsync(HttpClient directory, string given, string family, string? accountRole = "employee")
    {
        var number = "GRP-" + Unique();
        var email = $"{given.ToLowerInvariant()}.{family.ToLowerInvariant()}.{number}@contoso.example";
        var created = await ScimJsonAsync(await directory.PostAsync("/scim/v2/Users", Scim($$"""
            { "schemas": ["{{Core}}"], "externalId": "{{number}}", "userName": "{{email}}", "name": { "givenName": "{{given}}", "familyName": "{{family}}" }, "active": true }
            """)), HttpStatusCode.Created);
        if (accountRole is not null)
        {
            await App.AddUserAsync(email, accountRole, "Scim-Group-Pass-9");
        }
        return (created.GetProperty("id").GetString()!, email);
    }

    /// <summary>The account's roles as stored (null: no account).</summary>
    private Task<string?> RoleAsync(string email) => App.QueryAsync(async db =>
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Email == email);
        if (user is null)
        {
            return null;
        }
        var names = await db.UserRoles.Where(r => r.UserId == user.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).ToListAsync();
        return string.Join(",", names.Order(StringComparer.Ordinal));
    });

    private static List<string?> MemberIds(JsonElement group) =>
        group.TryGetProperty("members", out var members) ? [.. members.EnumerateArray().Select(m => m.GetProperty("value").GetString())] : [];

    private static string Filter(string expression) => "/scim/v2/Groups?filter=" + Uri.EscapeDataString(expression);

    [ProviderFact]
    public async Task EntraId_MatchesAGroupByName_AddsAndRemovesMembers_AsRoleChanges()
    {
        var (entra, account) = await DirectoryAsync("Entra Groups");
        var (pat, patEmail) = await PersonAsync(entra, "Pat", "Quinn");
        var (lee, leeEmail) = await PersonAsync(entra, "Lee", "Moss", accountRole: null);

        // Entra matches the directory group to a CertDesk group by displayName, members left out.
        var found = await ScimJsonAsync(await entra.GetAsync(Filter("displayName eq \"Manager\"") + "&excludedAttributes=members"));
        Assert.Equal(1, found.GetProperty("totalResults").GetInt32());
        var group = found.GetProperty("Resources")[0];
        Assert.Equal(("manager", "Manager"), (group.GetProperty("id").GetString(), group.GetProperty("displayName").GetString()));
        Assert.False(group.TryGetProperty("members", out _));
        Assert.Equal(GroupSchema, group.GetProperty("schemas")[0].GetString());

        // "Add" a member: Pat's account becomes a manager's; Lee, who has no account yet, is invited as one.
        var added = await entra.SendAsync(Patch("/scim/v2/Groups/manager", PatchBody($$"""{ "op": "Add", "path": "members", "value": [{ "value": "{{pat}}" }, { "value": "{{lee}}" }] }""")));
        await AssertHttp.StatusAsync(added, HttpStatusCode.NoContent);
        Assert.Equal(Roles.Manager, await RoleAsync(patEmail));
        Assert.Equal(Roles.Manager, await RoleAsync(leeEmail));
        Assert.True(await App.QueryAsync(db => db.Users.AnyAsync(u => u.Email == leeEmail && u.PasswordHash == null && u.EmployeeId == Guid.Parse(lee))));

        var read = await ScimJsonAsync(await entra.GetAsync("/scim/v2/Groups/manager"));
        Assert.Contains(pat, MemberIds(read));
        var patMember = read.GetProperty("members").EnumerateArray().Single(m => m.GetProperty("value").GetString() == pat);
        Assert.Equal("Pat Quinn", patMember.GetProperty("display").GetString());
        Assert.EndsWith($"/scim/v2/Users/{pat}", patMember.GetProperty("$ref").GetString(), StringComparison.Ordinal);

        // The role change is audited like any other, as the directory's change.
        var patUser = await App.QueryAsync(db => db.Users.Where(u => u.Email == patEmail).Select(u => u.Id).SingleAsync());
        var roleChanges = await App.QueryAsync(db => db.AuditEntries.AsNoTracking()
            .Where(a => a.EntityType.StartsWith("IdentityUserRole") && a.EntityId.StartsWith(patUser)).ToListAsync());
        Assert.Contains(roleChanges, a => a.Action == "Added" && a.Actor == $"user:{account}");

        // Sent again, nothing changes and nothing fails (a retrying provider).
        await AssertHttp.StatusAsync(await entra.SendAsync(Patch("/scim/v2/Groups/manager", PatchBody($$"""{ "op": "Add", "path": "members", "value": [{ "value": "{{pat}}" }] }"""))), HttpStatusCode.NoContent);

        // Entra's "Remove": the member as the value. Pat falls back to Employee; Lee stays a manager.
        await AssertHttp.StatusAsync(await entra.SendAsync(Patch("/scim/v2/Groups/manager", PatchBody($$"""{ "op": "Remove", "path": "members", "value": [{ "value": "{{pat}}" }] }"""))), HttpStatusCode.NoContent);
        Assert.Equal(Roles.Employee, await RoleAsync(patEmail));
        Assert.Equal(Roles.Manager, await RoleAsync(leeEmail));
        Assert.DoesNotContain(pat, MemberIds(await ScimJsonAsync(await entra.GetAsync("/scim/v2/Groups/manager"))));
        Assert.Contains(pat, MemberIds(await ScimJsonAsync(await entra.GetAsync("/scim/v2/Groups/employee"))));
        var after = await App.QueryAsync(db => db.AuditEntries.AsNoTracking()
            .Where(a => a.EntityType.StartsWith("IdentityUserRole") && a.EntityId.StartsWith(patUser) && a.Actor == $"user:{account}").CountAsync());
        Assert.True(after >= 3, $"expected the grant, then the manager role removed and the employee role added, in the audit trail; got {after}");

        // The filter by the other names people give a role, and a name that is no group.
        var programManagers = await ScimJsonAsync(await entra.GetAsync(Filter("displayName eq \"Program managers\"")));
        Assert.Equal("program-manager", programManagers.GetProperty("Resources")[0].GetProperty("id").GetString());
        Assert.Equal(0, (await ScimJsonAsync(await entra.GetAsync(Filter("displayName eq \"Admin\"")))).GetProperty("totalResults").GetInt32());
        Assert.Equal(0, (await ScimJsonAsync(await entra.GetAsync(Filter("displayName eq \"Night shift\"")))).GetProperty("totalResults").GetInt32());
    }

    [ProviderFact]
    public async Task Okta_ListsPushesReplacesAndRemovesMembers()
    {
        var (okta, _) = await DirectoryAsync("Okta Groups");
        var (ana, anaEmail) = await PersonAsync(okta, "Ana", "Reyes");
        var (ben, benEmail) = await PersonAsync(okta, "Ben", "Ito");

        // The list pages over the four grantable roles; Admin is never one of them.
        var first = await ScimJsonAsync(await okta.GetAsync("/scim/v2/Groups?startIndex=1&count=2"));
        var second = await ScimJsonAsync(await okta.GetAsync("/scim/v2/Groups?startIndex=3&count=2"));
        Assert.Equal(4, first.GetProperty("totalResults").GetInt32());
        Assert.Equal((2, 3), (second.GetProperty("itemsPerPage").GetInt32(), second.GetProperty("startIndex").GetInt32()));
        var ids = first.GetProperty("Resources").EnumerateArray().Concat(second.GetProperty("Resources").EnumerateArray()).Select(g => g.GetProperty("id").GetString()).ToList();
        Assert.Equal(["employee", "manager", "approver", "program-manager"], ids);

        // Group Push: POST the group (it is the Approver role's), with a member.
        var pushed = await okta.PostAsync("/scim/v2/Groups", Scim($$"""
            { "schemas": ["{{GroupSchema}}"], "displayName": "Approver", "members": [{ "value": "{{ana}}", "display": "Ana Reyes" }] }
            """));
        var created = await ScimJsonAsync(pushed, HttpStatusCode.Created);
        Assert.Equal("approver", created.GetProperty("id").GetString());
        Assert.EndsWith("/scim/v2/Groups/approver", pushed.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Contains(ana, MemberIds(created));
        Assert.Equal(Roles.Approver, await RoleAsync(anaEmail));

        // Okta's replace of the members: Ben in, Ana back to Employee.
        await AssertHttp.StatusAsync(await okta.SendAsync(Patch("/scim/v2/Groups/approver", PatchBody($$"""{ "op": "replace", "path": "members", "value": [{ "value": "{{ben}}" }] }"""))), HttpStatusCode.NoContent);
        Assert.Equal((Roles.Employee, Roles.Approver), (await RoleAsync(anaEmail), await RoleAsync(benEmail)));

        // Okta's add, then its remove by a value filter in the path.
        await AssertHttp.StatusAsync(await okta.SendAsync(Patch("/scim/v2/Groups/approver", PatchBody($$"""{ "op": "add", "path": "members", "value": [{ "value": "{{ana}}" }] }"""))), HttpStatusCode.NoContent);
        Assert.Equal((Roles.Approver, Roles.Approver), (await RoleAsync(anaEmail), await RoleAsync(benEmail)));
        await AssertHttp.StatusAsync(await okta.SendAsync(Patch("/scim/v2/Groups/approver", PatchBody($$"""{ "op": "remove", "path": "members[value eq \"{{ben}}\"]" }"""))), HttpStatusCode.NoContent);
        Assert.Equal((Roles.Approver, Roles.Employee), (await RoleAsync(anaEmail), await RoleAsync(benEmail)));

        // Okta's rename push without a path, the name unchanged: accepted, nothing changes.
        await AssertHttp.StatusAsync(await okta.SendAsync(Patch("/scim/v2/Groups/approver", PatchBody("""{ "op": "replace", "value": { "id": "approver", "displayName": "Approver" } }"""))), HttpStatusCode.NoContent);

        // PUT replaces the members with those listed.
        var replaced = await ScimJsonAsync(await okta.PutAsync("/scim/v2/Groups/approver", Scim($$"""
            { "schemas": ["{{GroupSchema}}"], "id": "approver", "displayName": "Approver", "members": [{ "value": "{{ben}}" }] }
            """)));
        Assert.Contains(ben, MemberIds(replaced));
        Assert.DoesNotContain(ana, MemberIds(replaced));
        Assert.Equal((Roles.Employee, Roles.Approver), (await RoleAsync(anaEmail), await RoleAsync(benEmail)));

        // One role per account: added to Manager, Ben leaves Approver.
        await AssertHttp.StatusAsync(await okta.SendAsync(Patch("/scim/v2/Groups/manager", PatchBody($$"""{ "op": "add", "path": "members", "value": [{ "value": "{{ben}}" }] }"""))), HttpStatusCode.NoContent);
        Assert.Equal(Roles.Manager, await RoleAsync(benEmail));
        Assert.DoesNotContain(ben, MemberIds(await ScimJsonAsync(await okta.GetAsync("/scim/v2/Groups/approver"))));
    }

    [ProviderFact]
    public async Task Refusals_AnswerInTheErrorSchema_AndWriteNothing()
    {
        var (client, account) = await DirectoryAsync("Group Refusals");
        var (kim, kimEmail) = await PersonAsync(client, "Kim", "Ode");
        var (gone, _) = await PersonAsync(client, "Ray", "Vance");
        await ScimJsonAsync(await client.SendAsync(Patch($"/scim/v2/Users/{gone}", PatchBody("""{ "op": "replace", "path": "active", "value": false }"""))));
        var admin = (await App.EmployeeIdAsync("E0003")).ToString(); // admin@demo.local's person
        // Every person, account, role and token; the audit trail apart, where the app's own workers may write meanwhile
        // (checked below: nothing in it is the directory's).
        var before = (await App.SnapshotAsync()).Where(l => !l.StartsWith("audit ", StringComparison.Ordinal)).ToList();
        var lastAudit = await App.QueryAsync(db => db.AuditEntries.MaxAsync(a => a.Sequence));

        var cases = new (string What, Func<Task<HttpResponseMessage>> Send, HttpStatusCode Status, string? ScimType, string? Says)[]
        {
            ("POST of the Admin group", () => client.PostAsync("/scim/v2/Groups", Scim($"{{\"schemas\": [\"{GroupSchema}\"], \"displayName\": \"Admin\"}}")), HttpStatusCode.Forbidden, null, "Admin"),
            ("POST of 'Administrators'", () => client.PostAsync("/scim/v2/Groups", Scim($"{{\"schemas\": [\"{GroupSchema}\"], \"displayName\": \"Administrators\", \"members\": [{{\"value\": \"{kim}\"}}]}}")), HttpStatusCode.Forbidden, null, null),
            ("POST of a name that is no role", () => client.PostAsync("/scim/v2/Groups", Scim($"{{\"schemas\": [\"{GroupSchema}\"], \"displayName\": \"Night shift leads\"}}")), HttpStatusCode.BadRequest, "invalidValue", "Program manager"),
            ("POST with an unknown attribute", () => client.PostAsync("/scim/v2/Groups", Scim($"{{\"schemas\": [\"{GroupSchema}\"], \"displayName\": \"Manager\", \"colour\": \"teal\"}}")), HttpStatusCode.BadRequest, "invalidValue", "colour"),
            ("POST without the Group schema", () => client.PostAsync("/scim/v2/Groups", Scim("{\"displayName\": \"Manager\"}")), HttpStatusCode.BadRequest, "invalidValue", null),
            ("adding an administrator's person", () => client.SendAsync(Patch("/scim/v2/Groups/manager", PatchBody($$"""{ "op": "Add", "path": "members", "value": [{ "value": "{{admin}}" }] }"""))), HttpStatusCode.Forbidden, null, null),
            ("removing an administrator's person", () => client.SendAsync(Patch("/scim/v2/Groups/manager", PatchBody($$"""{ "op": "remove", "path": "members[value eq \"{{admin}}\"]" }"""))), HttpStatusCode.Forbidden, null, null),
            ("a good add, then an administrator: all or nothing", () => client.SendAsync(Patch("/scim/v2/Groups/approver", PatchBody($$"""{ "op": "add", "path": "members", "value": [{ "value": "{{kim}}" }] }""", $$"""{ "op": "add", "path": "members", "value": [{ "value": "{{admin}}" }] }"""))), HttpStatusCode.Forbidden, null, null),
            ("adding a separated person", () => client.SendAsync(Patch("/scim/v2/Groups/manager", PatchBody($$"""{ "op": "add", "path": "members", "value": [{ "value": "{{gone}}" }] }"""))), HttpStatusCode.BadRequest, "invalidValue", "separated"),
            ("adding an unknown person", () => client.SendAsync(Patch("/scim/v2/Groups/manager", PatchBody($$"""{ "op": "add", "path": "members", "value": [{ "value": "{{Guid.NewGuid()}}" }] }"""))), HttpStatusCode.BadRequest, "invalidValue", "No person"),
            ("a member value that is no id", () => client.SendAsync(Patch("/scim/v2/Groups/manager", PatchBody("""{ "op": "add", "path": "members", "value": [{ "value": "kim.ode" }] }"""))), HttpStatusCode.BadRequest, "invalidValue", null),
            ("a patch on an unknown attribute", () => client.SendAsync(Patch("/scim/v2/Groups/manager", PatchBody($$"""{ "op": "add", "path": "members", "value": [{ "value": "{{kim}}" }] }""", """{ "op": "replace", "path": "owner", "value": "x" }"""))), HttpStatusCode.BadRequest, "invalidPath", "owner"),
            ("renaming a group", () => client.SendAsync(Patch("/scim/v2/Groups/approver", PatchBody("""{ "op": "replace", "path": "displayName", "value": "Manager" }"""))), HttpStatusCode.BadRequest, "mutability", null),
            ("renaming a group to Admin", () => client.SendAsync(Patch("/scim/v2/Groups/approver", PatchBody("""{ "op": "replace", "value": { "displayName": "Admin" } }"""))), HttpStatusCode.Forbidden, null, null),
            ("an unknown op", () => client.SendAsync(Patch("/scim/v2/Groups/manager", PatchBody($$"""{ "op": "merge", "path": "members", "value": [{ "value": "{{kim}}" }] }"""))), HttpStatusCode.BadRequest, "invalidSyntax", null),
            ("a filter on another attribute", () => client.GetAsync(Filter("externalId eq \"abc\"")), HttpStatusCode.BadRequest, "invalidFilter", null),
            ("a filter with another operator", () => client.GetAsync(Filter("displayName co \"Man\"")), HttpStatusCode.BadRequest, "invalidFilter", null),
            ("excluding an unknown attribute", () => client.GetAsync("/scim/v2/Groups?excludedAttributes=shoeSize"), HttpStatusCode.BadRequest, "invalidValue", "shoeSize"),
            ("the Admin group by id", () => client.GetAsync("/scim/v2/Groups/admin"), HttpStatusCode.NotFound, null, null),
            ("a PUT on the Admin group", () => client.PutAsync("/scim/v2/Groups/admin", Scim($"{{\"schemas\": [\"{GroupSchema}\"], \"displayName\": \"Admin\", \"members\": []}}")), HttpStatusCode.NotFound, null, null),
            ("a DELETE (a group is a role)", () => client.DeleteAsync("/scim/v2/Groups/manager"), HttpStatusCode.MethodNotAllowed, null, null),
        };
        foreach (var (what, send, status, scimType, says) in cases)
        {
            try
            {
                var error = await ScimErrorAsync(await send(), status, scimType);
                if (says is not null)
                {
                    Assert.Contains(says, error.GetProperty("detail").GetString(), StringComparison.Ordinal);
                }
            }
            catch (Exception e) when (e is Xunit.Sdk.XunitException)
            {
                throw new Xunit.Sdk.XunitException($"{what}: {e.Message}");
            }
        }
        var written = await App.QueryAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.Sequence > lastAudit && a.Actor == $"user:{account}").ToListAsync());
        Assert.True(written.Count == 0, "written: " + string.Join("; ", written.Select(a => $"{a.Action} {a.EntityType} {a.EntityId}")));
        Assert.Equal(before, (await App.SnapshotAsync()).Where(l => !l.StartsWith("audit ", StringComparison.Ordinal)).ToList());
        Assert.Equal(Roles.Employee, await RoleAsync(kimEmail));
        Assert.Equal(Roles.Admin, await RoleAsync(Demo.Admin));
    }

    [ProviderFact]
    public async Task OnlyADirectoryToken_CallsGroups_AndDiscoveryListsThem()
    {
        var (directory, account) = await DirectoryAsync("Group Gate");
        await ScimErrorAsync(await App.AnonymousClient().GetAsync("/scim/v2/Groups"), HttpStatusCode.Unauthorized, null);
        // A token another CertDesk (another directory's installation) issued is not known here.
        using (var foreign = App.BearerClient("cdk_" + new string('7', 64)))
        {
            await ScimErrorAsync(await foreign.SendAsync(Patch("/scim/v2/Groups/manager", PatchBody("""{ "op": "remove", "path": "members" }"""))), HttpStatusCode.Unauthorized, null);
        }
        using (var hr = await App.BearerClientAsync(Demo.Hr))
        {
            await ScimErrorAsync(await hr.GetAsync("/scim/v2/Groups"), HttpStatusCode.Forbidden, null);
            await ScimErrorAsync(await hr.PostAsync("/scim/v2/Groups", Scim($"{{\"schemas\": [\"{GroupSchema}\"], \"displayName\": \"Manager\"}}")), HttpStatusCode.Forbidden, null);
        }

        var types = await ScimJsonAsync(await directory.GetAsync("/scim/v2/ResourceTypes"));
        Assert.Contains(types.GetProperty("Resources").EnumerateArray(), t => t.GetProperty("endpoint").GetString() == "/Groups" && t.GetProperty("schema").GetString() == GroupSchema);
        var schemas = await ScimJsonAsync(await directory.GetAsync("/scim/v2/Schemas"));
        Assert.Contains(schemas.GetProperty("Resources").EnumerateArray(), s => s.GetProperty("id").GetString() == GroupSchema);

        // A revoked directory token stops at once.
        await ScimJsonAsync(await directory.GetAsync("/scim/v2/Groups"));
        await App.RevokeTokensAsync(account);
        await ScimErrorAsync(await directory.GetAsync("/scim/v2/Groups"), HttpStatusCode.Unauthorized, null);
    }
}

public sealed class SqliteScimGroupsTests(SqliteDemoApp fixture) : ScimGroupsTests(fixture), IClassFixture<SqliteDemoApp>;

public sealed class PostgresScimGroupsTests(PostgresDemoApp fixture) : ScimGroupsTests(fixture), IClassFixture<PostgresDemoApp>, IPostgresTests;
