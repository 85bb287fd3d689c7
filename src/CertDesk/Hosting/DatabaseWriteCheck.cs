using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CertDesk.Hosting;

/// <summary>
/// Readiness is a real write: this node's row in <c>HealthProbes</c> is upserted and committed (one small statement),
/// so a full disk, a read-only file or server, or a database held past the busy timeout makes the node unready, with
/// the reason in the answer.
/// </summary>
public sealed class DatabaseWriteCheck(CertDeskDbContext db, TimeProvider clock) : IHealthCheck
{
    /// <summary>A probe does not wait as long as a person's write would: a load balancer asks again soon.</summary>
    private const int TimeoutSeconds = 5;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var node = Environment.MachineName;
        var at = clock.GetUtcNow();
        try
        {
            db.Database.SetCommandTimeout(TimeoutSeconds);
            await db.Database.ExecuteSqlAsync(
                $"""INSERT INTO "HealthProbes" ("Node", "At") VALUES ({node}, {at}) ON CONFLICT ("Node") DO UPDATE SET "At" = excluded."At" """,
                cancellationToken);
            return HealthCheckResult.Healthy("the database can be written");
        }
        catch (Exception e) when (DatabaseFailure.Of(e, db.Model) is { } failure)
        {
            return HealthCheckResult.Unhealthy(failure.Detail);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"the database cannot be written: {e.GetBaseException().Message}");
        }
    }

    /// <summary>The answer's body: "Healthy", or "Unhealthy: " and each failing check's reason.</summary>
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        var reasons = report.Entries.Values.Where(e => e.Status != HealthStatus.Healthy).Select(e => e.Description).OfType<string>().ToList();
        return context.Response.WriteAsync(reasons.Count == 0 ? report.Status.ToString() : $"{report.Status}: {string.Join("; ", reasons)}");
    }
}
