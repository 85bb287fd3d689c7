namespace CertDesk.Features.TuitionPolicies;

public static class PoliciesServices
{
    public static IServiceCollection AddTuitionPolicies(this IServiceCollection services) =>
        services.AddScoped<PolicyService>().AddScoped<TaxReport>().AddScoped<Shared.IWorkSource, PolicyDraftsToPublish>();
}
