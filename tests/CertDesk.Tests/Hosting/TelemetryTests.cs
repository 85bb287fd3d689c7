using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using CertDesk.Tests.Infrastructure;
using CertDesk.Tests.Infrastructure.Builders;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace CertDesk.Tests.Hosting;

/// <summary>
/// The telemetry hosts run one at a time: OpenTelemetry listens to every meter named "CertDesk" in the process, so two
/// such hosts side by side would share one outbox gauge series, and the first host to stop would end it for both.
/// </summary>
[CollectionDefinition(Name)]
public sealed class TelemetryCollection
{
    public const string Name = "Telemetry";
}

/// <summary>
/// Off by default: no scrape endpoint and no OpenTelemetry provider; every answer still carries its request id, which is
/// the id of the request's log scope, shown on the error page and in API problem details. Traces, turned on in a second
/// host on the same database, put each import in a span inside its request's span.
/// </summary>
public abstract class TelemetryOffTests(AppFixture fixture)
{
    private CertDeskApp App => fixture.App;

    [ProviderFact]
    public async Task TelemetryOff_MetricsIsNotFound_AndNoProviderIsBuilt()
    {
        var admin = await App.SignInAsAsync(Demo.Admin);
        await AssertHttp.StatusAsync(await admin.GetAsync("/metrics"), HttpStatusCode.NotFound);
        Assert.Null(App.Services.GetService<MeterProvider>());
        Assert.Null(App.Services.GetService<TracerProvider>());
    }

    [ProviderFact]
    public async Task EveryAnswer_CarriesItsRequestId_WhichIsTheRequestsLogScope()
    {
        var logs = new ScopeCapture();
        await using var host = App.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(logs)));
        using var client = host.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync("/Accounts/Login");
        await AssertHttp.StatusAsync(response, HttpStatusCode.OK);
        var id = Assert.Single(response.Headers.GetValues("X-Request-Id"));
        Assert.False(string.IsNullOrWhiteSpace(id));
        Assert.Contains(id, logs.RequestIds);

        // Another request, another id.
        var next = await client.GetAsync("/Accounts/Login");
        Assert.NotEqual(id, Assert.Single(next.Headers.GetValues("X-Request-Id")));
    }

    [ProviderFact]
    public async Task ErrorPageAndProblemDetails_NameTheRequestId()
    {
        var admin = await App.SignInAsAsync(Demo.Admin);
        var page = await admin.GetAsync("/no-such-page");
        var html = await AssertHttp.StatusAsync(page, HttpStatusCode.NotFound);
        var pageId = Assert.Single(page.Headers.GetValues("X-Request-Id"));
        Assert.Contains($"quote the request id <code class=\"request-id\">{pageId}</code>", html, StringComparison.Ordinal);

        using var api = await App.BearerClientAsync(Demo.Admin);
        var problem = await api.GetAsync("/api/v1/no-such-thing");
        var body = await AssertHttp.StatusAsync(problem, HttpStatusCode.NotFound);
        var apiId = Assert.Single(problem.Headers.GetValues("X-Request-Id"));
        Assert.Contains($"\"request_id\":\"{apiId}\"", body, StringComparison.Ordinal);
    }

    [ProviderFact]
    public async Task TracesOn_AnImportIsASpanInsideItsRequest_WithItsKindRowsAndOutcome()
    {
        var spans = new List<Activity>();
        // Traces on (OTLP/HTTP to a closed port), read from an in-memory exporter added beside the app's own.
        await using var host = App.WithWebHostBuilder(b => b
            .UseSetting("Telemetry:Otlp:Endpoint", "http://127.0.0.1:9")
            .UseSetting("Telemetry:Otlp:Protocol", "http/protobuf")
            .ConfigureServices(s => s.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans))));
        using var client = host.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        await AssertHttp.RedirectsToAsync(await CertDeskApp.PostLoginAsync(client, Demo.Hr, Demo.Password), "/");
        var roster = new RosterCsv().SmallTeam().Person(4, manager: "NOBODY-7");
        // The upload continues a trace of the test's own (W3C traceparent), so its spans are told from other tests' spans.
        var trace = ActivityTraceId.CreateRandom();
        var caller = ActivitySpanId.CreateRandom();
        await AssertHttp.StatusAsync(await TelemetryOnTests.UploadRosterAsync(client, roster.ToString(), $"00-{trace.ToHexString()}-{caller.ToHexString()}-01"), HttpStatusCode.OK);

        // The refused file (an unknown manager) is a failed import of 4 rows, a span inside the upload's request span.
        Activity[] ours;
        lock (spans)
        {
            ours = [.. spans.Where(a => a.TraceId == trace)];
        }
        var import = Assert.Single(ours, a => a.DisplayName == "import roster");
        Assert.Equal(4L, import.GetTagItem("certdesk.import.rows"));
        Assert.Equal("roster", import.GetTagItem("certdesk.import.kind"));
        Assert.Equal("failed", import.GetTagItem("certdesk.import.outcome"));
        Assert.Equal(ActivityStatusCode.Error, import.Status);
        // Its parent is the request's server span (ASP.NET Core's, itself a child of the caller's span), not the caller's
        // span: the server span itself ends after the answer reaches the client, so it is not waited for here.
        Assert.NotEqual(default, import.ParentSpanId);
        Assert.NotEqual(caller, import.ParentSpanId);
    }

    /// <summary>A logger provider that keeps the RequestId of every log scope begun (ASP.NET Core begins one per request).</summary>
    private sealed class ScopeCapture : ILoggerProvider
    {
        public ConcurrentBag<string> RequestIds { get; } = [];

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(ScopeCapture owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull
            {
                if (state is IEnumerable<KeyValuePair<string, object?>> values)
                {
                    foreach (var (key, value) in values)
                    {
                        if (key == "RequestId" && value is string id)
                        {
                            owner.RequestIds.Add(id);
                        }
                    }
                }
                return null;
            }

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
            }
        }
    }
}

/// <summary>A host with the Prometheus endpoint (token only: the in-process test client has no address).</summary>
public abstract class TelemetryApp(DbKind kind) : IAsyncLifetime
{
    public const string Token = "scrape-token-0123456789abcdef";

    private CertDeskApp? _app;

    public CertDeskApp App => _app ?? throw new InvalidOperationException($"{TestDatabase.PostgresVariable} is not set");

    public async Task InitializeAsync()
    {
        if (kind == DbKind.Postgres && TestDatabase.PostgresServer is null)
        {
            return;
        }
        _app = await CertDeskApp.StartAsync(kind, seedDemo: true, new Dictionary<string, string>
        {
            ["Telemetry:Prometheus:Enabled"] = "true",
            ["Telemetry:Prometheus:Token"] = Token,
            // The background sender waits an hour after its first round: the test decides when mail goes out.
            ["Mail:PollSeconds"] = "3600",
        });
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}

public sealed class SqliteTelemetryApp() : TelemetryApp(DbKind.Sqlite);

public sealed class PostgresTelemetryApp() : TelemetryApp(DbKind.Postgres);

/// <summary>With Prometheus on: who may scrape, and what a scrape holds after a page view, an import and queued mail.</summary>
public abstract partial class TelemetryOnTests(TelemetryApp fixture)
{
    private CertDeskApp App => fixture.App;

    private HttpClient Scraper()
    {
        var client = App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TelemetryApp.Token);
        return client;
    }

    private async Task<string> ScrapeAsync()
    {
        using var scraper = Scraper();
        var response = await scraper.GetAsync("/metrics");
        var text = await AssertHttp.StatusAsync(response, HttpStatusCode.OK);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        return text;
    }

    [ProviderFact]
    public async Task Metrics_WithoutTheToken_IsNotServed()
    {
        using var anonymous = App.AnonymousClient();
        var response = await anonymous.GetAsync("/metrics");
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("# TYPE", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var wrong = App.BearerClient("not-the-scrape-token-at-all");
        Assert.NotEqual(HttpStatusCode.OK, (await wrong.GetAsync("/metrics")).StatusCode);

        // A signed-in administrator is no scraper either: the endpoint is for the monitoring system's token.
        var admin = await App.SignInAsAsync(Demo.Admin);
        await AssertHttp.StatusAsync(await admin.GetAsync("/metrics"), HttpStatusCode.NotFound);
    }

    [ProviderFact]
    public async Task Metrics_AfterAPageViewAndAnImport_HoldRequestDurationDatabaseTimeAndImportRows()
    {
        var hr = await App.SignInAsAsync(Demo.Hr);
        await AssertHttp.StatusAsync(await hr.GetAsync("/"), HttpStatusCode.OK);
        var roster = new RosterCsv().SmallTeam();
        await AssertHttp.StatusAsync(await UploadRosterAsync(hr, roster.ToString()), HttpStatusCode.OK);

        var text = await ScrapeAsync();

        Assert.Matches(new Regex("^http_server_request_duration_seconds_bucket\\{[^}]*http_request_method=\"GET\"", RegexOptions.Multiline), text);
        Assert.Matches(new Regex("^certdesk_db_command_duration_seconds_bucket\\{[^}]*db_system_name=\"" + (App.Kind == DbKind.Postgres ? "postgresql" : "sqlite") + "\"", RegexOptions.Multiline), text);
        Assert.True(Sample(text, "certdesk_import_rows_total", "kind=\"roster\"", "outcome=\"imported\"") >= 3, text);
        Assert.True(Sample(text, "certdesk_import_duration_seconds_count", "kind=\"roster\"", "outcome=\"imported\"") >= 1, text);
        Assert.Matches(new Regex("^certdesk_import_throughput_[a-z_]*count\\{[^}]*kind=\"roster\"", RegexOptions.Multiline), text);
    }

    [ProviderFact]
    public async Task OutboxGauge_CountsTheQueuedMail()
    {
        await App.DeliverMailAsync(); // whatever the seed queued goes out first
        for (var i = 0; i < 3; i++)
        {
            await App.QueueMailAsync($"telemetry-{Guid.NewGuid():N}", "someone@example.com", "Outbox depth", "A queued message.");
        }
        Assert.Equal(3, Sample(await ScrapeAsync(), "certdesk_mail_outbox_depth", "state=\"queued\""));

        await App.DeliverMailAsync();
        Assert.Equal(0, Sample(await ScrapeAsync(), "certdesk_mail_outbox_depth", "state=\"queued\""));
    }

    /// <summary>The value of the first sample of <paramref name="metric"/> whose labels include every one given.</summary>
    private static double Sample(string text, string metric, params string[] labels)
    {
        foreach (Match line in SampleLine().Matches(text))
        {
            if (line.Groups["name"].Value == metric && labels.All(l => line.Groups["labels"].Value.Contains(l, StringComparison.Ordinal)))
            {
                return double.Parse(line.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }
        Assert.Fail($"no sample {metric} with {string.Join(", ", labels)} in:\n{text}");
        return 0;
    }

    [GeneratedRegex("^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)\\{(?<labels>[^}]*)\\} (?<value>[^ \\n]+)", RegexOptions.Multiline)]
    private static partial Regex SampleLine();

    internal static async Task<HttpResponseMessage> UploadRosterAsync(HttpClient client, string csv, string? traceParent = null)
    {
        var token = await CertDeskApp.AntiforgeryTokenAsync(client, "/Organization/Roster/Import");
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "Upload", "roster.csv");
        form.Add(new StringContent(token), "__RequestVerificationToken");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/Organization/Roster/Import") { Content = form };
        if (traceParent is not null)
        {
            request.Headers.Add("traceparent", traceParent);
        }
        return await client.SendAsync(request);
    }
}

[Collection(TelemetryCollection.Name)]
public sealed class SqliteTelemetryOffTests(SqliteDemoApp fixture) : TelemetryOffTests(fixture), IClassFixture<SqliteDemoApp>;

[Collection(TelemetryCollection.Name)]
public sealed class PostgresTelemetryOffTests(PostgresDemoApp fixture) : TelemetryOffTests(fixture), IClassFixture<PostgresDemoApp>, IPostgresTests;

[Collection(TelemetryCollection.Name)]
public sealed class SqliteTelemetryOnTests(SqliteTelemetryApp fixture) : TelemetryOnTests(fixture), IClassFixture<SqliteTelemetryApp>;

[Collection(TelemetryCollection.Name)]
public sealed class PostgresTelemetryOnTests(PostgresTelemetryApp fixture) : TelemetryOnTests(fixture), IClassFixture<PostgresTelemetryApp>, IPostgresTests;
