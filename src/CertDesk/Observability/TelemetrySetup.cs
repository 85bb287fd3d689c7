using System.Net;
using System.Security.Cryptography;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CertDesk.Observability;

/// <summary>
/// Section <c>Telemetry</c>: metrics and traces for whoever runs CertDesk, all off by default. Nothing of OpenTelemetry
/// is registered while it is off: no provider, no listener, no exporter, so the start and every request cost what they
/// did before. docs/operations.md, "Metrics and traces".
/// </summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>The standard OpenTelemetry variable: set, it turns the OTLP exporter on as <c>Telemetry:Otlp:Endpoint</c> does.</summary>
    public const string StandardOtlpEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary><c>Telemetry:Prometheus:Enabled</c>: answer scrapes at <see cref="PrometheusPath"/>.</summary>
    public bool PrometheusEnabled { get; init; }

    public string PrometheusPath { get; init; } = "/metrics";

    /// <summary>Who may scrape without a token (<c>Telemetry:Prometheus:AllowFrom</c>); unset: this machine only (loopback).</summary>
    public IReadOnlyList<IPNetwork> PrometheusAllowFrom { get; init; } = Loopback;

    /// <summary><c>Telemetry:Prometheus:Token</c>: a scrape with <c>Authorization: Bearer TOKEN</c> is let in from any address.</summary>
    public string? PrometheusToken { get; init; }

    /// <summary><c>Telemetry:Otlp:Endpoint</c>; null with <see cref="OtlpEnabled"/>: the standard OTEL_EXPORTER_OTLP_* variables say where.</summary>
    public Uri? OtlpEndpoint { get; init; }

    public OtlpExportProtocol OtlpProtocol { get; init; } = OtlpExportProtocol.Grpc;

    public bool OtlpEnabled { get; init; }

    /// <summary><c>Telemetry:JsonLogs</c>: console logs as one JSON object a line, with each request's scope (its request id).</summary>
    public bool JsonLogs { get; init; }

    public bool AnyExporter => PrometheusEnabled || OtlpEnabled;

    public static readonly IReadOnlyList<IPNetwork> Loopback = [new(IPAddress.Loopback, 8), new(IPAddress.IPv6Loopback, 128)];

    /// <summary>Reads the section; a value that cannot work stops the start with a message naming the setting.</summary>
    public static TelemetryOptions From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(Section);
        var path = section["Prometheus:Path"] is { Length: > 0 } p ? p : "/metrics";
        if (!path.StartsWith('/') || path.Contains('?', StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Telemetry:Prometheus:Path: '{path}' is not a path such as /metrics");
        }
        var token = section["Prometheus:Token"] is { Length: > 0 } t ? t : null;
        if (token is not null && token.Length < 16)
        {
            throw new InvalidOperationException("Telemetry:Prometheus:Token: use at least 16 random characters");
        }
        var endpointText = section["Otlp:Endpoint"];
        Uri? endpoint = null;
        if (!string.IsNullOrWhiteSpace(endpointText)
            && (!Uri.TryCreate(endpointText.Trim(), UriKind.Absolute, out endpoint) || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps)))
        {
            throw new InvalidOperationException($"Telemetry:Otlp:Endpoint: '{endpointText}' is not an http:// or https:// address such as http://collector:4317");
        }
        var protocol = section["Otlp:Protocol"]?.Trim().ToLowerInvariant() switch
        {
            null or "" or "grpc" => OtlpExportProtocol.Grpc,
            "http/protobuf" or "http" => OtlpExportProtocol.HttpProtobuf,
            var other => throw new InvalidOperationException($"Telemetry:Otlp:Protocol: '{other}' is neither grpc nor http/protobuf"),
        };
        return new TelemetryOptions
        {
            PrometheusEnabled = ReadBool(section, "Prometheus:Enabled"),
            PrometheusPath = path,
            PrometheusAllowFrom = ReadNetworks(section["Prometheus:AllowFrom"]),
            PrometheusToken = token,
            OtlpEndpoint = endpoint,
            OtlpProtocol = protocol,
            OtlpEnabled = endpoint is not null || !string.IsNullOrWhiteSpace(configuration[StandardOtlpEndpoint]),
            JsonLogs = ReadBool(section, "JsonLogs"),
        };
    }

    private static bool ReadBool(IConfiguration section, string key) => section[key] switch
    {
        null or "" => false,
        var text when bool.TryParse(text, out var value) => value,
        var text => throw new InvalidOperationException($"Telemetry:{key}: '{text}' is neither true nor false"),
    };

    /// <summary>Addresses and CIDR networks separated by commas or semicolons; "" lets nobody in without the token.</summary>
    private static List<IPNetwork> ReadNetworks(string? text)
    {
        if (text is null)
        {
            return [.. Loopback];
        }
        var networks = new List<IPNetwork>();
        foreach (var part in text.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (IPNetwork.TryParse(part, out var network))
            {
                networks.Add(network);
            }
            else if (IPAddress.TryParse(part, out var address))
            {
                networks.Add(new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            }
            else
            {
                throw new InvalidOperationException($"Telemetry:Prometheus:AllowFrom: '{part}' is neither an address nor a network such as 10.0.0.0/8");
            }
        }
        return networks;
    }

    /// <summary>A scrape is let in with the token from anywhere, or without it from an allowed address (after the proxy rules).</summary>
    public bool MayScrape(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (PrometheusToken is not null
            && context.Request.Headers.Authorization.ToString() is var authorization
            && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(authorization[7..].Trim()), Encoding.UTF8.GetBytes(PrometheusToken)))
        {
            return true;
        }
        if (context.Connection.RemoteIpAddress is not { } address)
        {
            return false; // no address (an in-process or Unix socket caller): only the token lets it in
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        return PrometheusAllowFrom.Any(n => n.Contains(address));
    }
}

/// <summary>Registers and maps what <see cref="TelemetryOptions"/> turns on; called by the web app and the CLI.</summary>
public static class TelemetrySetup
{
    /// <summary>The service name in every exported resource (overridable with the standard OTEL_SERVICE_NAME).</summary>
    public const string ServiceName = "certdesk";

    public static IHostApplicationBuilder AddTelemetry(this IHostApplicationBuilder builder, DatabaseSettings database, bool web)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(database);
        var options = TelemetryOptions.From(builder.Configuration);
        builder.Services.AddSingleton(options);
        // Console logs in the web app only: a CLI command's standard output is its result (JSON for scripts).
        if (options.JsonLogs && web)
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            });
        }
        // A scrape endpoint is a web thing; a CLI command exports over OTLP only (flushed when the command's host ends).
        var prometheus = options.PrometheusEnabled && web;
        if (!prometheus && !options.OtlpEnabled)
        {
            return builder;
        }

        var timing = new DatabaseTiming(database.Provider == DatabaseProvider.Postgres ? "postgresql" : "sqlite");
        builder.Services.ConfigureDbContext<SqliteCertDeskDbContext>(o => o.AddInterceptors(timing));
        builder.Services.ConfigureDbContext<PostgresCertDeskDbContext>(o => o.AddInterceptors(timing));
        if (web)
        {
            builder.Services.AddSingleton<MailOutboxGauge>().AddHostedService<GaugeStarter>();
        }

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(ServiceName, serviceVersion: typeof(TelemetrySetup).Assembly.GetName().Version?.ToString()));
        telemetry.WithMetrics(metrics =>
        {
            metrics.AddMeter(CertDeskTelemetry.Name).AddRuntimeInstrumentation();
            if (web)
            {
                metrics.AddAspNetCoreInstrumentation();
            }
            if (prometheus)
            {
                // Every scrape reads afresh (the outbox is counted then): Prometheus scrapes every few seconds at most.
                metrics.AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
            }
            if (options.OtlpEnabled)
            {
                metrics.AddOtlpExporter(o => Point(o, options, "v1/metrics"));
            }
        });
        if (options.OtlpEnabled)
        {
            // Traces go to a collector only (Prometheus takes metrics): requests, EF Core's commands, imports and solver runs.
            telemetry.WithTracing(tracing =>
            {
                tracing.AddSource(CertDeskTelemetry.Name).AddEntityFrameworkCoreInstrumentation();
                if (web)
                {
                    tracing.AddAspNetCoreInstrumentation(o => o.Filter = c => !(prometheus && c.Request.Path == options.PrometheusPath));
                }
                tracing.AddOtlpExporter(o => Point(o, options, "v1/traces"));
            });
        }
        return builder;
    }

    /// <summary>With <c>Telemetry:Otlp:Endpoint</c> set, it wins; else the exporter reads OTEL_EXPORTER_OTLP_* itself.</summary>
    private static void Point(OtlpExporterOptions exporter, TelemetryOptions options, string signalPath)
    {
        if (options.OtlpEndpoint is not { } endpoint)
        {
            return;
        }
        exporter.Protocol = options.OtlpProtocol;
        // OTLP over HTTP posts each signal to its own path under the collector's address; gRPC takes the address alone.
        exporter.Endpoint = options.OtlpProtocol == OtlpExportProtocol.HttpProtobuf
            ? new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/" + signalPath)
            : endpoint;
    }

    /// <summary>
    /// The scrape endpoint, first in the pipeline after the proxy headers (so the client's address is known, and no
    /// sign-in, cookie or antiforgery work runs for a scrape). A caller it does not let in goes on into the app, which
    /// answers it as any unknown address: a sign-in redirect or 404.
    /// </summary>
    public static void UseTelemetry(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<TelemetryOptions>();
        if (!options.PrometheusEnabled)
        {
            return;
        }
        app.UseOpenTelemetryPrometheusScrapingEndpoint(c => c.Request.Path == options.PrometheusPath && options.MayScrape(c));
    }

    /// <summary>Builds the providers of a host that is never started (a CLI command), so that its imports are measured.</summary>
    public static void StartWithoutHost(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        _ = services.GetService<MeterProvider>();
        _ = services.GetService<TracerProvider>();
    }

    /// <summary>
    /// A CLI command's host reads no environment (its settings are its options); the telemetry settings are taken from
    /// it all the same (<c>Telemetry__...</c> and the standard <c>OTEL_...</c> variables), so an import run by cron is measured.
    /// </summary>
    public static void AddTelemetryEnvironment(IConfigurationBuilder configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (System.Collections.DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            var name = (string)variable.Key;
            if (name.StartsWith("OTEL_", StringComparison.Ordinal))
            {
                values[name] = (string?)variable.Value;
            }
            else if (name.StartsWith(TelemetryOptions.Section + "__", StringComparison.OrdinalIgnoreCase))
            {
                values[name.Replace("__", ":", StringComparison.Ordinal)] = (string?)variable.Value;
            }
        }
        configuration.AddInMemoryCollection(values);
    }

    /// <summary>The gauge reads the database: created once the host has started (after the migrations' hosted service).</summary>
    internal sealed class GaugeStarter(IServiceProvider services) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            _ = services.GetService<MailOutboxGauge>();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
