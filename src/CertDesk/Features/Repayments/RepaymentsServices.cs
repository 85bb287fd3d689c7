using CertDesk.Features.Organization;

namespace CertDesk.Features.Repayments;

public static class RepaymentsServices
{
    public static IServiceCollection AddRepayments(this IServiceCollection services)
    {
        services.AddScoped<RepaymentService>();
        services.AddScoped<RepaymentsExport>();
        services.AddScoped<PayrollExport>();
        services.AddScoped<SeparationService>();
        services.AddScoped<ISeparationListener, SeparationHandler>();
        services.AddScoped<Shared.IWorkSource, OwnOpenRepayments>();
        return services;
    }
}
