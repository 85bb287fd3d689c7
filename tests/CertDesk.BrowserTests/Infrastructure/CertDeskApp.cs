using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CertDesk.BrowserTests.Infrastructure;

/// <summary>
/// The whole program on a real socket (Kestrel on a free port), with its own SQLite file seeded with the demo
/// organization. One per test class: tests read the demo data and write nothing another class depends on.
/// </summary>
public sealed class CertDeskApp : WebApplicationFactory<Program>
{
    private readonly string _directory = Directory.CreateTempSubdirectory("certdesk-browser-").FullName;
    private readonly IReadOnlyDictionary<string, string> _settings;

    /// <param name="settings">Extra settings of the app.</param>
    /// <param name="port">The port to listen on; 0 (the default) lets the system pick a free one.</param>
    public CertDeskApp(IReadOnlyDictionary<string, string>? settings = null, int port = 0)
    {
        _settings = settings ?? new Dictionary<string, string>();
        UseKestrel(port);
    }

    /// <summary>The address the server listens on, such as <c>http://127.0.0.1:41234</c>, without a trailing slash.</summary>
    public string BaseUrl { get; private set; } = "";

    public void Start()
    {
        if (BaseUrl.Length > 0)
        {
            return;
        }
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        BaseUrl = addresses.First().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal)
            .Replace("localhost", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Database", $"Data Source={Path.Combine(_directory, "certdesk.db")}");
        builder.UseSetting("SeedDemo", "true");
        // Every test of a class signs in from 127.0.0.1; on a fast machine a class passes the default 20 sign-ins a
        // minute per address and the next one is answered 429 (the staff-behind-one-address case the setting is for).
        builder.UseSetting("RateLimits:SignIn:AttemptsPerMinute", "1000");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // A file still open on some platform: the temp directory is cleaned up by the system.
            }
        }
    }
}
