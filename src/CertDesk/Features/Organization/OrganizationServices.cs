namespace CertDesk.Features.Organization;

public static class OrganizationServices
{
    public static IServiceCollection AddOrganization(this IServiceCollection services)
    {
        services.AddScoped<OrganizationScope>();
        services.AddScoped<PeoplePicker>();
        services.AddScoped<RosterImport>();
        services.AddScoped<RosterExport>();
        services.AddScoped<PendingSeparations>();
        services.AddScoped<DemoOrganization>();
        return services;
    }
}
