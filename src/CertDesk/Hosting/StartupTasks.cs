using CertDesk.Features.Audit;
using CertDesk.Features.Catalog;
using CertDesk.Features.Dashboards;
using CertDesk.Features.Gaps;
using CertDesk.Features.Organization;

namespace CertDesk.Hosting;

public sealed class StartupOptions
{
    public bool SeedDemo { get; set; }
}

/// <summary>Runs before the server listens: migrations (one node at a time on PostgreSQL), then the demo seed if asked.</summary>
public sealed partial class StartupTasks(IServiceProvider services, Microsoft.Extensions.Options.IOptions<StartupOptions> options, ILogger<StartupTasks> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // The public base address is checked before anything else: a malformed PublicBaseUrl stops the start.
        var links = services.GetRequiredService<PublicLinks>();
        LogPublicBase(logger, links.BaseUrl, links.Source);
        return CertDeskServices.MigrateAsync(services, cancellationToken, SeedAsync);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Links in e-mail, badges and invites start with {BaseUrl} (from {Source}; set PublicBaseUrl to change it)")]
    private static partial void LogPublicBase(ILogger logger, string baseUrl, string source);

    /// <summary>Reference data and the demo: one node at a time (under the migration lock), each idempotent.</summary>
    private async Task SeedAsync(CancellationToken cancellationToken)
    {
        await using (var reference = services.CreateAsyncScope())
        {
            reference.ServiceProvider.GetRequiredService<AuditContext>().Actor = "system:reference-data";
            await reference.ServiceProvider.GetRequiredService<ReferenceData>().SeedAsync(cancellationToken);
        }
        if (options.Value.SeedDemo)
        {
            await using var scope = services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<AuditContext>().Actor = "system:demo-seed";
            await scope.ServiceProvider.GetRequiredService<DemoOrganization>().SeedAsync(cancellationToken);
            await scope.ServiceProvider.GetRequiredService<DemoAssessments>().SeedAsync(cancellationToken);
            await scope.ServiceProvider.GetRequiredService<PriceBook>().SeedDemoAsync(cancellationToken);
            await scope.ServiceProvider.GetRequiredService<DemoFollowThrough>().SeedAsync(cancellationToken);
            await scope.ServiceProvider.GetRequiredService<Features.Scheduling.DemoScheduling>().SeedAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
