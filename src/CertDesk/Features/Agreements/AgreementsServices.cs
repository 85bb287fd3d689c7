namespace CertDesk.Features.Agreements;

public static class AgreementsServices
{
    public static IServiceCollection AddAgreements(this IServiceCollection services) => services.AddScoped<AgreementService>()
        .AddScoped<Home.IWorkSource, AgreementsToCountersign>().AddScoped<Home.IWorkSource, AgreementsToSign>();
}
