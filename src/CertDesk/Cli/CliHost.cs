using CertDesk.Features.Audit;
using CertDesk.Observability;

namespace CertDesk.Cli;

/// <summary>Runs a database-backed command: the same services as the web app, migrations applied, one scope.</summary>
public static class CliHost
{
    public static async Task<int> RunAsync(string? database, Func<IServiceProvider, CancellationToken, Task<int>> command, CancellationToken ct)
    {
        var settings = DatabaseSettings.Resolve(database);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.AddCertDesk(settings);
        TelemetrySetup.AddTelemetryEnvironment(builder.Configuration);
        builder.AddTelemetry(settings, web: false);
        // Identity's token providers need data protection (seed-demo and users add create accounts).
        builder.Services.AddDataProtection();
        using var host = builder.Build();
        TelemetrySetup.StartWithoutHost(host.Services);
        await using var scope = host.Services.CreateAsyncScope();
        await CertDeskServices.MigrateInScopeAsync(scope.ServiceProvider, ct);
        scope.ServiceProvider.GetRequiredService<AuditContext>().Actor = $"cli:{Environment.UserName}";
        await scope.ServiceProvider.GetRequiredService<Features.Catalog.ReferenceData>().SeedAsync(ct);
        return await command(scope.ServiceProvider, ct);
    }
}
