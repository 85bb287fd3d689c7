using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using CertDesk.Data;
using CertDesk.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CertDesk.Tests.Agreements;

/// <summary>
/// A local host for the agreements tests (until the shared test infrastructure lands): the real app on a temporary
/// SQLite file with the demo organization, sign-in per demo role, and JSON helpers that print the body on failure.
/// </summary>
public sealed partial class AgreementsHost : WebApplicationFactory<Program>
{
    public const string Password = "CertDesk-demo-1";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "certdesk-agr-" + Guid.NewGuid().ToString("N"));

    public string DatabasePath => Path.Combine(_dir, "test.db");
    public string Connection => $"Data Source={DatabasePath}";
    public string PickupDirectory => Path.Combine(_dir, "pickup");

    public AgreementsHost()
    {
        Directory.CreateDirectory(_dir);
    }

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        builder.UseSetting("Database", Connection);
        builder.UseSetting("SeedDemo", "true");
        builder.UseSetting("Mail:PollSeconds", "3600");
        builder.UseSetting("Mail:PickupDirectory", PickupDirectory);
        builder.UseSetting("PublicBaseUrl", "https://certdesk.example/hr/");
    }

    private readonly Dictionary<string, HttpClient> _clients = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _signIn = new(1, 1);

    /// <summary>A signed-in client per demo role, reused (sign-in is rate limited per address).</summary>
    public async Task<HttpClient> SignInAsync(string who)
    {
        await _signIn.WaitAsync();
        try
        {
            if (!_clients.TryGetValue(who, out var client))
            {
                client = await NewSessionAsync(who);
                _clients[who] = client;
            }
            return client;
        }
        finally
        {
            _signIn.Release();
        }
    }

    private async Task<HttpClient> NewSessionAsync(string who)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var form = await client.GetStringAsync("/Accounts/Login");
        var token = TokenPattern().Match(form).Groups[1].Value;
        var response = await client.PostAsync("/Accounts/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = $"{who}@demo.local",
            ["Input.Password"] = Password,
            ["__RequestVerificationToken"] = token,
        }));
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"sign-in as {who} failed: {response.StatusCode}");
        return client;
    }

    public T Scoped<T>(Func<CertDeskDbContext, T> action)
    {
        using var scope = Services.CreateScope();
        return action(scope.ServiceProvider.GetRequiredService<CertDeskDbContext>());
    }

    public async Task ScopedAsync(Func<IServiceProvider, Task> action)
    {
        await using var scope = Services.CreateAsyncScope();
        await action(scope.ServiceProvider);
    }

    public static async Task<JsonElement> ExpectAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    public static Task<HttpResponseMessage> PostJsonAsync(HttpClient client, string url, object body) =>
        client.PostAsJsonAsync(url, body, CertDeskJson.Options);

    public static Task<HttpResponseMessage> PutJsonAsync(HttpClient client, string url, object body) =>
        client.PutAsJsonAsync(url, body, CertDeskJson.Options);

    /// <summary>Creates and publishes a policy (unique code) and returns its id.</summary>
    public async Task<Guid> PublishedPolicyAsync(object? overrides = null)
    {
        var hr = await SignInAsync("hr");
        var admin = await SignInAsync("admin");
        var created = await ExpectAsync(await PostJsonAsync(hr, "/api/v1/policies", overrides ?? ValidPolicy()), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        await ExpectAsync(await admin.PostAsync($"/api/v1/policies/{id}/publish", null), HttpStatusCode.OK);
        return id;
    }

    public static Dictionary<string, object?> ValidPolicy(string? code = null) => new()
    {
        ["code"] = code ?? "TP-" + Guid.NewGuid().ToString("N")[..8],
        ["name"] = "Certification tuition policy",
        ["annual_cap"] = 5250m,
        ["commitment_months"] = 24,
        ["commitment_start"] = "completion",
        ["proration"] = "tiers",
        ["tiers"] = new[] { new { from_month = 0, until_month = 12, percent = 100m }, new { from_month = 12, until_month = 24, percent = 50m } },
    };

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            foreach (var client in _clients.Values)
            {
                client.Dispose();
            }
            _signIn.Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_dir, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
