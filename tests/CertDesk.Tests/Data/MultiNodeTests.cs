using System.Net;
using CertDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CertDesk.Tests.Data;

/// <summary>
/// Two app instances (two "nodes") on one PostgreSQL database, started at the same moment: one migrates while the
/// other waits, and the data-protection keys kept in the database make a session cookie from node A good on node B.
/// </summary>
public sealed class MultiNodeTests : IPostgresTests
{
    [ProviderFact]
    public async Task TwoNodes_StartedTogether_MigrateOnce_AndShareSignInCookies()
    {
        await using var database = await TestDatabase.CreateAsync(DbKind.Postgres);
        // Create the database's schema race: both hosts start at once (migrations under the advisory lock).
        var starting = new[]
        {
            Task.Run(() => CertDeskApp.StartAsync(database, seedDemo: true)),
            Task.Run(() => CertDeskApp.StartAsync(database, seedDemo: false)),
        };
        var nodes = await Task.WhenAll(starting);
        await using var nodeA = nodes[0];
        await using var nodeB = nodes[1];

        var (applied, known) = await nodeA.QueryAsync(async db => ((await db.Database.GetAppliedMigrationsAsync()).Count(), db.Database.GetMigrations().Count()));
        Assert.Equal(known, applied);
        var historyRows = await nodeB.QueryAsync(db => db.Database.SqlQueryRaw<int>("SELECT count(*)::int AS \"Value\" FROM \"__EFMigrationsHistory\"").SingleAsync());
        Assert.Equal(known, historyRows);

        // Sign in on node A; present the cookie to node B.
        using var browserA = nodeA.AnonymousClient();
        var login = await CertDeskApp.PostLoginAsync(browserA, Demo.Hr, Demo.Password);
        await AssertHttp.RedirectsToAsync(login, "/");
        var cookie = login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("certdesk=", StringComparison.Ordinal));

        using var browserB = nodeB.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
        request.Headers.Add("Cookie", cookie);
        var me = await AssertHttp.JsonAsync(await browserB.SendAsync(request));
        Assert.Equal(Demo.Hr, me.GetProperty("email").GetString());

        var page = new HttpRequestMessage(HttpMethod.Get, "/Organization/Employees");
        page.Headers.Add("Cookie", cookie);
        await AssertHttp.StatusAsync(await browserB.SendAsync(page), HttpStatusCode.OK);

        // One key ring for both nodes.
        var keys = await nodeB.QueryAsync(db => db.DataProtectionKeys.CountAsync());
        Assert.True(keys >= 1, "no data-protection key in the database");
    }

    /// <summary>Disabling a user through node A ends, at the next request on node B, both their session and their API token.</summary>
    [ProviderFact]
    public async Task DisableOnNodeA_EndsSessionAndToken_OnNodeB()
    {
        await using var database = await TestDatabase.CreateAsync(DbKind.Postgres);
        await using var nodeA = await CertDeskApp.StartAsync(database, seedDemo: false);
        await using var nodeB = await CertDeskApp.StartAsync(database, seedDemo: false);
        var email = $"two-nodes-{Guid.NewGuid():N}@example.com";
        await nodeA.AddUserAsync(email, "manager", "Two-Nodes-Pass-8");
        var adminEmail = $"two-nodes-admin-{Guid.NewGuid():N}@example.com";
        await nodeA.AddUserAsync(adminEmail, "admin", "Two-Nodes-Pass-8");

        var login = await CertDeskApp.PostLoginAsync(nodeA.AnonymousClient(), email, "Two-Nodes-Pass-8");
        await AssertHttp.RedirectsToAsync(login, "/");
        var cookie = login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("certdesk=", StringComparison.Ordinal));
        using var tokenOnB = nodeB.BearerClient(await nodeA.CreateTokenAsync(email));
        using var browserB = nodeB.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        async Task<HttpStatusCode> CookieOnBAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
            request.Headers.Add("Cookie", cookie);
            using var response = await browserB.SendAsync(request);
            return response.StatusCode;
        }
        Assert.Equal(HttpStatusCode.OK, await CookieOnBAsync());
        await AssertHttp.StatusAsync(await tokenOnB.GetAsync("/api/v1/me"), HttpStatusCode.OK);

        using var adminOnA = await nodeA.BearerClientAsync(adminEmail);
        var users = await AssertHttp.JsonAsync(await adminOnA.GetAsync("/api/v1/users"));
        var id = users.EnumerateArray().Single(u => u.GetProperty("email").GetString() == email).GetProperty("id").GetString();
        await AssertHttp.StatusAsync(await adminOnA.PostAsync($"/api/v1/users/{id}/disable", null), HttpStatusCode.OK);

        // The very next request on node B: no waiting, no message between the nodes.
        Assert.Equal(HttpStatusCode.Unauthorized, await CookieOnBAsync());
        await AssertHttp.StatusAsync(await tokenOnB.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized);
    }
}
