using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using CertDesk.Cli;
using CertDesk.Data;
using CertDesk.Features.Accounts;
using CertDesk.Features.Audit;
using CertDesk.Features.Organization;
using CertDesk.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CertDesk.Tests.Infrastructure;

/// <summary>The demo logins of the contract.</summary>
public static class Demo
{
    public const string Admin = "admin@demo.local";
    public const string Hr = "hr@demo.local";
    public const string Director = "director@demo.local";
    public const string Manager = "manager@demo.local";
    public const string Employee = "employee@demo.local";
    public const string Password = "CertDesk-demo-1";

    public static readonly string[] Logins = [Admin, Hr, Director, Manager, Employee];
}

public sealed record DbCounts(int Employees, int AuditEntries, int Sites, int Teams);

/// <summary>
/// The real program (web host and CLI) on its own database, with intent methods so tests read as what a user does.
/// Owns its <see cref="TestDatabase"/>.
/// </summary>
public sealed partial class CertDeskApp : WebApplicationFactory<Program>
{
    private readonly bool _seedDemo;
    private readonly ConcurrentDictionary<string, HttpClient> _sessions = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _signInLock = new(1, 1);

    private readonly IReadOnlyDictionary<string, string> _settings;
    private bool _ownsDatabase;

    private CertDeskApp(TestDatabase database, bool seedDemo, IReadOnlyDictionary<string, string>? settings)
    {
        Database = database;
        _seedDemo = seedDemo;
        _settings = settings ?? new Dictionary<string, string>();
    }

    public TestDatabase Database { get; }

    /// <summary>Where this app writes mail as .eml files (Mail:PickupDirectory), unless the test's settings say otherwise.</summary>
    public string MailPickupDirectory { get; } = Path.Combine(Path.GetTempPath(), "certdesk-mail-" + Guid.NewGuid().ToString("N"));

    public DbKind Kind => Database.Kind;

    /// <summary>A fresh database, migrated (and seeded with the demo organization when asked), and a started host.</summary>
    /// <remarks>
    /// A demo database is a copy of <see cref="DemoTemplates"/>' one, and the app's own start-up then runs the seed again,
    /// which finds everything there: the same data as seeding afresh, without the seed's 12 s of a 2-core machine per app.
    /// </remarks>
    public static async Task<CertDeskApp> StartAsync(DbKind kind, bool seedDemo, IReadOnlyDictionary<string, string>? settings = null) =>
        await StartAsync(await TestDatabase.CreateAsync(kind, seedDemo ? await DemoTemplates.ForAsync(kind) : null), seedDemo, settings, ownsDatabase: true);

    /// <summary>Only the start-up tasks (migrations, reference data, the demo seed) on the database; no mail, reminder or checkpoint worker touches it.</summary>
    internal static async Task SeedOnlyAsync(TestDatabase database)
    {
        await using var app = new CertDeskApp(database, seedDemo: true, settings: null) { _startUpOnly = true };
        _ = app.Services;
    }

    private bool _startUpOnly;

    /// <summary>
    /// A started host on a given database (several hosts on one PostgreSQL database act as several nodes); unless
    /// <paramref name="ownsDatabase"/>, the caller disposes the database after the hosts.
    /// </summary>
    public static async Task<CertDeskApp> StartAsync(TestDatabase database, bool seedDemo, IReadOnlyDictionary<string, string>? settings = null, bool ownsDatabase = false)
    {
        var app = new CertDeskApp(database, seedDemo, settings) { _ownsDatabase = ownsDatabase };
        try
        {
            _ = app.Services; // starts the host: migrations and the seed run in StartupTasks
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        return app;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Database", Database.ConnectionString);
        builder.UseSetting("SeedDemo", _seedDemo ? "true" : "false");
        // Reminder passes run when a test asks (RunRemindersAsync), with the test's clock.
        builder.UseSetting("Follow:SchedulerEnabled", "false");
        // Mail without Mail:Host goes to .eml files: this app's own folder, not the source tree.
        builder.UseSetting("Mail:PickupDirectory", MailPickupDirectory);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        if (_startUpOnly)
        {
            builder.ConfigureTestServices(services =>
            {
                foreach (var worker in services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType != typeof(StartupTasks)).ToList())
                {
                    services.Remove(worker);
                }
            });
        }
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var client in _sessions.Values)
        {
            client.Dispose();
        }
        await base.DisposeAsync();
        if (_ownsDatabase)
        {
            await Database.DisposeAsync();
        }
        if (Directory.Exists(MailPickupDirectory))
        {
            Directory.Delete(MailPickupDirectory, recursive: true);
        }
        _signInLock.Dispose();
    }

    // ---- HTTP ----

    /// <summary>A browser-like client: cookies kept, redirects not followed.</summary>
    public HttpClient AnonymousClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>A signed-in session for the account (cached per app: the sign-in page is rate limited).</summary>
    public async Task<HttpClient> SignInAsAsync(string email, string password = Demo.Password)
    {
        if (_sessions.TryGetValue(email, out var cached))
        {
            return cached;
        }
        await _signInLock.WaitAsync();
        try
        {
            if (_sessions.TryGetValue(email, out cached))
            {
                return cached;
            }
            var client = AnonymousClient();
            var response = await PostLoginAsync(client, email, password);
            await AssertHttp.RedirectsToAsync(response, "/");
            Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("certdesk=", StringComparison.Ordinal));
            _sessions[email] = client;
            return client;
        }
        finally
        {
            _signInLock.Release();
        }
    }

    /// <summary>GET the login page, then POST the form with its antiforgery token.</summary>
    public static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string email, string password)
    {
        var token = await AntiforgeryTokenAsync(client, "/Accounts/Login");
        return await client.PostAsync("/Accounts/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["__RequestVerificationToken"] = token,
        }));
    }

    /// <summary>The antiforgery token of the first form on a page.</summary>
    public static async Task<string> AntiforgeryTokenAsync(HttpClient client, string page)
    {
        var html = await AssertHttp.StatusAsync(await client.GetAsync(page), HttpStatusCode.OK);
        var match = AntiforgeryField().Match(html);
        Assert.True(match.Success, $"no __RequestVerificationToken on {page}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    /// <summary>An API client with a fresh bearer token for the account, made by <c>certdesk tokens create --json</c>.</summary>
    public async Task<HttpClient> BearerClientAsync(string email)
    {
        var token = await CreateTokenAsync(email);
        return BearerClient(token);
    }

    public HttpClient BearerClient(string token)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task<string> CreateTokenAsync(string email)
    {
        var result = (await RunCliAsync("tokens", "create", "--email", email, "--json")).ShouldExit(ExitCodes.Success);
        return result.Json().GetProperty("token").GetString()!;
    }

    // ---- CLI ----

    /// <summary>Runs <c>certdesk ARGS --database THIS-DATABASE</c> in-process.</summary>
    public Task<CliResult> RunCliAsync(params string[] args) => Cli.RunAsync([.. args, "--database", Database.ConnectionString]);

    /// <summary>Writes the CSV to a temporary file and runs <c>certdesk import roster FILE --json [options]</c>.</summary>
    public async Task<CliResult> ImportRosterAsync(string csv, params string[] options)
    {
        using var file = TempFile.WithText(csv);
        return await ImportRosterFileAsync(file.Path, options);
    }

    public Task<CliResult> ImportRosterFileAsync(string path, params string[] options) =>
        RunCliAsync(["import", "roster", path, "--json", .. options]);

    // ---- The database, as a user with a SQL prompt would see it ----

    public async Task<DbCounts> CountsAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CertDeskDbContext>();
        return new DbCounts(await db.Employees.CountAsync(), await db.AuditEntries.CountAsync(), await db.Sites.CountAsync(), await db.Teams.CountAsync());
    }

    /// <summary>The row count of every table an import writes to: equal counts before and after a refused import mean nothing half-written.</summary>
    public async Task<string> ImportedRowCountsAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CertDeskDbContext>();
        return $"employees {await db.Employees.CountAsync()}, teams {await db.Teams.CountAsync()}, sites {await db.Sites.CountAsync()}, " +
            $"audit {await db.AuditEntries.CountAsync()}, issuers {await db.Issuers.CountAsync()}, certifications {await db.Certifications.CountAsync()}, " +
            $"certification-competencies {await db.CertificationCompetencies.CountAsync()}, competencies {await db.Competencies.CountAsync()}, " +
            $"role-requirements {await db.RoleRequirements.CountAsync()}, assessments {await db.Assessments.CountAsync()}, " +
            $"kpi-facts {await db.KpiIntervalFacts.CountAsync()}, qa {await db.QaScores.CountAsync()}, kpi-imports {await db.KpiImports.CountAsync()}, " +
            $"queues {await db.Queues.CountAsync()}, forecasts {await db.Forecasts.CountAsync()}, shifts {await db.Shifts.CountAsync()}";
    }

    /// <summary>Every person, team, site, account and audit entry as text: equal snapshots mean equal data.</summary>
    public async Task<IReadOnlyList<string>> SnapshotAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CertDeskDbContext>();
        var lines = new List<string>();
        lines.AddRange((await db.Employees.AsNoTracking().ToListAsync()).Select(e =>
            $"employee {e.Id} {e.EmployeeNumber} {e.FirstName} {e.LastName} {e.Email} {e.Title} {e.JobRole} {e.TeamId} {e.SiteId} {e.ManagerId} {e.HireDate:O} {e.Status} {e.SeparationDate:O} {e.SeparationReason} {e.HourlyLoadedCost.ToString(System.Globalization.CultureInfo.InvariantCulture)} v{e.Version}"));
        lines.AddRange((await db.Teams.AsNoTracking().ToListAsync()).Select(t => $"team {t.Id} {t.Code} {t.Name} {t.SiteId} {t.ManagerId} v{t.Version}"));
        lines.AddRange((await db.Sites.AsNoTracking().ToListAsync()).Select(s => $"site {s.Id} {s.Name} {s.TimeZone} v{s.Version}"));
        lines.AddRange((await db.Users.AsNoTracking().ToListAsync()).Select(u => $"user {u.Id} {u.Email} {u.PasswordHash} {u.EmployeeId}"));
        lines.AddRange((await db.UserRoles.AsNoTracking().ToListAsync()).Select(r => $"user-role {r.UserId} {r.RoleId}"));
        lines.AddRange((await db.ApiTokens.AsNoTracking().ToListAsync()).Select(t => $"token {t.Id} {t.TokenHash} {t.Revoked}"));
        lines.AddRange((await db.AuditEntries.AsNoTracking().ToListAsync()).Select(a => $"audit {a.Sequence} {a.Hash}"));
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    public async Task<Employee?> EmployeeAsync(string employeeNumber)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CertDeskDbContext>();
        return await db.Employees.AsNoTracking().Include(e => e.Manager).FirstOrDefaultAsync(e => e.EmployeeNumber == employeeNumber);
    }

    public async Task<Guid> EmployeeIdAsync(string employeeNumber) =>
        (await EmployeeAsync(employeeNumber))?.Id ?? throw new InvalidOperationException($"no employee {employeeNumber}");

    public async Task<Guid> TeamIdAsync(string code)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CertDeskDbContext>();
        return await db.Teams.Where(t => t.Code == code).Select(t => t.Id).SingleAsync();
    }

    public async Task<(Guid Id, int Version)> SiteAsync(string name)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CertDeskDbContext>();
        var site = await db.Sites.AsNoTracking().SingleAsync(s => s.Name == name);
        return (site.Id, site.Version);
    }

    public async Task<IReadOnlyList<AuditEntry>> AuditEntriesAsync(string entityType, string entityId)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CertDeskDbContext>();
        return await db.AuditEntries.AsNoTracking().Where(a => a.EntityType == entityType && a.EntityId == entityId).OrderBy(a => a.Sequence).ToListAsync();
    }

    public async Task<AuditEntry> AuditEntryAsync(long sequence)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CertDeskDbContext>();
        return await db.AuditEntries.AsNoTracking().SingleAsync(a => a.Sequence == sequence);
    }

    public async Task<AuditVerification> VerifyAuditAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AuditCheckpoints>().VerifyAsync(CancellationToken.None);
    }

    /// <summary>Raw SQL, as an attacker with database access would run it (table names are the same on both providers).</summary>
    public async Task<int> ExecuteSqlAsync(string sqlWithQuotedIdentifiers)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CertDeskDbContext>();
#pragma warning disable EF1002 // test-authored SQL
        return await db.Database.ExecuteSqlRawAsync(sqlWithQuotedIdentifiers);
#pragma warning restore EF1002
    }

    /// <summary>Creates a sign-in account the way an administrator does (<c>users add</c>).</summary>
    public async Task AddUserAsync(string email, string role, string password)
    {
        (await RunCliAsync("users", "add", "--email", email, "--role", role, "--password", password)).ShouldExit(ExitCodes.Success);
    }

    /// <summary>Links the account to an employee record (as a roster import matching its e-mail would).</summary>
    public async Task LinkAccountAsync(string email, Guid employeeId)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CertDeskDbContext>();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        user.EmployeeId = employeeId;
        await db.SaveChangesAsync();
    }

    /// <summary>Moves the expiry of the account's tokens into the past (as time passing would).</summary>
    public async Task ExpireTokensAsync(string email)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CertDeskDbContext>();
        var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        var past = DateTimeOffset.UtcNow.AddMinutes(-1);
        await db.ApiTokens.Where(t => t.UserId == userId).ExecuteUpdateAsync(s => s.SetProperty(t => t.ExpiresAt, past));
    }

    public async Task RevokeTokensAsync(string email)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CertDeskDbContext>();
        var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        await db.ApiTokens.Where(t => t.UserId == userId).ExecuteUpdateAsync(s => s.SetProperty(t => t.Revoked, true));
    }
}

/// <summary>Runs the <c>certdesk</c> entry point in-process with captured output.</summary>
public static class Cli
{
    public static async Task<CliResult> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(args, stdout, stderr);
        return new CliResult(args, exit, stdout.ToString(), stderr.ToString());
    }
}

/// <summary>A temporary file deleted on dispose (with the .rejected.csv an import may write beside it).</summary>
public sealed class TempFile : IDisposable
{
    private TempFile(string path) => Path = path;

    public string Path { get; }

    public static TempFile Create(string extension = ".csv") =>
        new(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "certdesk-test-" + Guid.NewGuid().ToString("N") + extension));

    public static TempFile WithText(string text, string extension = ".csv")
    {
        var file = Create(extension);
        File.WriteAllText(file.Path, text, new System.Text.UTF8Encoding(false));
        return file;
    }

    public static TempFile WithBytes(byte[] bytes, string extension = ".csv")
    {
        var file = Create(extension);
        File.WriteAllBytes(file.Path, bytes);
        return file;
    }

    public void Dispose()
    {
        File.Delete(Path);
        File.Delete(Path + ".rejected.csv");
        File.Delete(Path + ".tmp");
    }
}

/// <summary>One started app per test class (<see cref="IClassFixture{TFixture}"/>); none for PostgreSQL without a server.</summary>
public abstract class AppFixture(DbKind kind, bool seedDemo) : IAsyncLifetime
{
    private CertDeskApp? _app;

    public CertDeskApp App => _app ?? throw new InvalidOperationException($"{TestDatabase.PostgresVariable} is not set");

    public async Task InitializeAsync()
    {
        if (kind == DbKind.Postgres && TestDatabase.PostgresServer is null)
        {
            return;
        }
        _app = await CertDeskApp.StartAsync(kind, seedDemo);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}

public sealed class SqliteDemoApp() : AppFixture(DbKind.Sqlite, seedDemo: true);

public sealed class PostgresDemoApp() : AppFixture(DbKind.Postgres, seedDemo: true);

public sealed class SqliteEmptyApp() : AppFixture(DbKind.Sqlite, seedDemo: false);

public sealed class PostgresEmptyApp() : AppFixture(DbKind.Postgres, seedDemo: false);
