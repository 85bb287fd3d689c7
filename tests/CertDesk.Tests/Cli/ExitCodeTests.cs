using CertDesk.Cli;
using CertDesk.Tests.Infrastructure;

namespace CertDesk.Tests.Cli;

/// <summary>The contract's exit codes: 0 success, 2 bad usage, 3 invalid input data; errors on stderr.</summary>
public sealed class ExitCodeTests(SqliteEmptyApp fixture) : IClassFixture<SqliteEmptyApp>
{
    private CertDeskApp App => fixture.App;

    [Fact]
    public async Task UnknownFlag_Bogus_Exits2()
    {
        var result = (await Infrastructure.Cli.RunAsync("--bogus")).ShouldExit(ExitCodes.BadUsage);
        Assert.Contains(result.ErrorLines, l => l.Contains("--bogus", StringComparison.Ordinal));
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task UnknownCommand_Exits2()
    {
        var result = (await Infrastructure.Cli.RunAsync("frobnicate")).ShouldExit(ExitCodes.BadUsage);
        Assert.Contains(result.ErrorLines, l => l.Contains("frobnicate", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ImportRoster_MissingFile_Exits3()
    {
        var result = (await App.RunCliAsync("import", "roster", "missing.csv")).ShouldExit(ExitCodes.InvalidInput);
        Assert.Equal(["error: missing.csv: file not found"], result.ErrorLines);
    }

    [Fact]
    public async Task Import_UnknownKind_Exits2()
    {
        using var file = TempFile.WithText("a,b\n1,2\n");
        (await App.RunCliAsync("import", "payroll", file.Path)).ShouldExit(ExitCodes.BadUsage);
    }

    [Fact]
    public async Task Import_MissingFileArgument_Exits2()
    {
        (await App.RunCliAsync("import", "roster")).ShouldExit(ExitCodes.BadUsage);
    }

    [Fact]
    public async Task UsersAdd_UnknownRole_Exits2NamingTheFlag()
    {
        var email = $"x-{Guid.NewGuid():N}@example.com";
        var result = (await App.RunCliAsync("users", "add", "--email", email, "--role", "wizard", "--password", "Correct-Horse-12")).ShouldExit(ExitCodes.BadUsage);
        Assert.Contains(result.ErrorLines, l => l.Contains("--role", StringComparison.Ordinal) && l.Contains("wizard", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UsersAdd_MissingEmail_Exits2()
    {
        (await App.RunCliAsync("users", "add", "--role", "admin")).ShouldExit(ExitCodes.BadUsage);
    }

    [Fact]
    public async Task UsersAdd_Valid_Exits0AndCanSignIn()
    {
        var email = $"x-{Guid.NewGuid():N}@example.com";
        var result = (await App.RunCliAsync("users", "add", "--email", email, "--role", "director", "--password", "Correct-Horse-12")).ShouldExit(ExitCodes.Success);
        Assert.Contains(email, result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Correct-Horse-12", result.Stdout, StringComparison.Ordinal);
        var client = await App.SignInAsAsync(email, "Correct-Horse-12");
        var me = await AssertHttp.JsonAsync(await client.GetAsync("/api/v1/me"));
        Assert.Equal(["Approver"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task UsersAdd_SameEmailTwice_Exits3()
    {
        var email = $"x-{Guid.NewGuid():N}@example.com";
        await App.AddUserAsync(email, "manager", "Correct-Horse-12");
        var result = (await App.RunCliAsync("users", "add", "--email", email, "--role", "manager", "--password", "Correct-Horse-12")).ShouldExit(ExitCodes.InvalidInput);
        Assert.Contains(result.ErrorLines, l => l.Contains("already exists", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TokensCreate_Json_PrintsExactlyOneTokenObject()
    {
        var email = $"x-{Guid.NewGuid():N}@example.com";
        await App.AddUserAsync(email, "employee", "Correct-Horse-12");

        var result = (await App.RunCliAsync("tokens", "create", "--email", email, "--json")).ShouldExit(ExitCodes.Success);

        var json = result.Json();
        var property = Assert.Single(json.EnumerateObject());
        Assert.Equal("token", property.Name);
        Assert.StartsWith("cdk_", property.Value.GetString(), StringComparison.Ordinal);
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public async Task TokensCreate_UnknownAccount_Exits3()
    {
        var result = (await App.RunCliAsync("tokens", "create", "--email", "nobody@example.com", "--json")).ShouldExit(ExitCodes.InvalidInput);
        Assert.Equal("", result.Stdout);
        Assert.Contains(result.ErrorLines, l => l.Contains("nobody@example.com", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Database_NeitherHostNorDataSource_Exits2()
    {
        var result = (await Infrastructure.Cli.RunAsync("tokens", "create", "--email", "a@example.com", "--database", "Server=x;Password=secret")).ShouldExit(ExitCodes.BadUsage);
        Assert.DoesNotContain("secret", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backup_MissingOut_Exits2()
    {
        (await App.RunCliAsync("backup")).ShouldExit(ExitCodes.BadUsage);
    }
}
