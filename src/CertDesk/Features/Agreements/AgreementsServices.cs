using CertDesk.Features.Enrollments;

namespace CertDesk.Features.Agreements;

public static class AgreementsServices
{
    public static IServiceCollection AddAgreements(this IServiceCollection services) =>
        services.AddScoped<AgreementService>().AddScoped<IExpenseFunding, AgreementFunding>()
            .AddScoped<Shared.IWorkSource, AgreementsToCountersign>().AddScoped<Shared.IWorkSource, AgreementsToSign>();
}
