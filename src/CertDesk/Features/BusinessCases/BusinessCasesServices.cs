namespace CertDesk.Features.BusinessCases;

public static class BusinessCasesServices
{
    public static IServiceCollection AddBusinessCases(this IServiceCollection services) => services.AddScoped<BusinessCaseService>()
        .AddScoped<Shared.IWorkSource, CasesToDecide>().AddScoped<Shared.IWorkSource, CasesToMoveOn>();
}
