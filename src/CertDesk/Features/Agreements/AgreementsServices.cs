using CertDesk.Features.Enrollments;

namespace CertDesk.Features.Agreements;

public static class AgreementsServices
{
    public static IServiceCollection AddAgreements(this IServiceCollection services) =>
        services.AddScoped<AgreementService>().AddScoped<IExpenseFunding, AgreementFunding>()
            .AddScoped<Home.IWorkSource, AgreementsToCountersign>().AddScoped<Home.IWorkSource, AgreementsToSign>();
}
