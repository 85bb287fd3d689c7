using CertDesk.Cli;
using CertDesk.Tests.Infrastructure;

namespace CertDesk.Tests.Features.Evidence;

/// <summary>The demo (five logins with a published password) only where it belongs: an empty database or the demo's own.</summary>
public abstract class DemoGuardTests(AppFixture fixture)
{
    private CertDeskApp App => fixture.App;

    [ProviderFact]
    public async Task SeedDemo_OnADatabaseWithItsOwnAdmin_IsRefused_AndAddsNothing()
    {
        var owner = $"owner-{Guid.NewGuid():N}@acme.test";
        await App.AddUserAsync(owner, "admin", "Correct-Horse-12");
        var before = await App.CountsAsync();

        var result = (await App.RunCliAsync("seed-demo")).ShouldExit(ExitCodes.Failure);

        Assert.Contains(result.ErrorLines, l => l.Contains("not empty and not the demo", StringComparison.Ordinal) && l.Contains(owner, StringComparison.Ordinal));
        Assert.Equal(before, await App.CountsAsync());
        using var client = App.AnonymousClient();
        var login = await CertDeskApp.PostLoginAsync(client, Demo.Admin, Demo.Password);
        Assert.NotEqual("/", login.Headers.Location?.OriginalString);
    }
}

public sealed class SqliteDemoGuardTests(SqliteEmptyApp fixture) : DemoGuardTests(fixture), IClassFixture<SqliteEmptyApp>;

public sealed class PostgresDemoGuardTests(PostgresEmptyApp fixture) : DemoGuardTests(fixture), IClassFixture<PostgresEmptyApp>, IPostgresTests;

/// <summary>On the demo's own database, seeding again is harmless: it says so and changes nothing.</summary>
public sealed class DemoReseedTests(SqliteDemoApp fixture) : IClassFixture<SqliteDemoApp>
{
    [Fact]
    public async Task SeedDemo_OnTheDemoDatabase_SaysAlreadySeeded()
    {
        var before = await fixture.App.CountsAsync();
        var result = (await fixture.App.RunCliAsync("seed-demo")).ShouldExit(ExitCodes.Success);
        Assert.Contains("already seeded", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(before.Employees, (await fixture.App.CountsAsync()).Employees);
    }
}
