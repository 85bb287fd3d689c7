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
}
