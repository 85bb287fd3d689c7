using CertDesk.Features.Catalog;
using CertDesk.Features.Dashboards;
using CertDesk.Features.Gaps;
using CertDesk.Features.Scheduling;

namespace CertDesk.Hosting;

/// <summary>The demo data, in the order each part needs the one before: one sequence for the web start-up and the CLI.</summary>
public static class DemoSeed
{
    /// <summary>Organization and logins, assessments, the demo price book, follow-through, sessions; each idempotent. True when the organization was new.</summary>
    public static async Task<bool> SeedAsync(IServiceProvider services, CancellationToken ct)
    {
        var seeded = await services.GetRequiredService<DemoOrganization>().SeedAsync(ct);
        await services.GetRequiredService<DemoAssessments>().SeedAsync(ct);
        await services.GetRequiredService<PriceBook>().SeedDemoAsync(ct);
        await services.GetRequiredService<DemoFollowThrough>().SeedAsync(ct);
        await services.GetRequiredService<DemoScheduling>().SeedAsync(ct);
        return seeded;
    }
}
