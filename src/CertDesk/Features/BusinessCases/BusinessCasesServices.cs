namespace CertDesk.Features.BusinessCases;

public static class BusinessCasesServices
{
    public static IServiceCollection AddBusinessCases(this IServiceCollection services)
    {
        services.AddOptions<ApprovalOptions>().BindConfiguration(ApprovalOptions.Section);
        return services.AddScoped<BusinessCaseService>()
            .AddScoped<Shared.IWorkSource, CasesToDecide>().AddScoped<Shared.IWorkSource, CasesToMoveOn>();
    }
}
