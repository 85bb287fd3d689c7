namespace CertDesk.Features.BusinessCases;

public static class BusinessCasesServices
{
    public static IServiceCollection AddBusinessCases(this IServiceCollection services) => services.AddScoped<BusinessCaseService>()
        .AddScoped<Home.IWorkSource, CasesToDecide>().AddScoped<Home.IWorkSource, CasesToMoveOn>();
}
