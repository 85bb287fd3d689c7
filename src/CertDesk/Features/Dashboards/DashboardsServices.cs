namespace CertDesk.Features.Dashboards;

public static class DashboardsServices
{
    /// <summary>The follow-through dashboards' queries and their demo data.</summary>
    public static IServiceCollection AddDashboards(this IServiceCollection services)
    {
        services.AddScoped<FollowQueries>();
        services.AddScoped<DemoFollowThrough>();
        return services;
    }
}
