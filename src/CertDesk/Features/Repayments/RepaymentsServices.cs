namespace CertDesk.Features.Repayments;

public static class RepaymentsServices
{
    public static IServiceCollection AddRepayments(this IServiceCollection services)
    {
        services.AddOptions<RepaymentOptions>().BindConfiguration("Repayments").ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<RepaymentService>();
        services.AddScoped<RepaymentStatement>();
        services.AddScoped<Enrollments.ICompletionListener, NotCompletedRepayments>();
        services.AddScoped<RepaymentsExport>();
        services.AddScoped<PayrollExport>();
        services.AddScoped<SeparationService>();
        services.AddScoped<ISeparationListener, SeparationHandler>();
        services.AddScoped<Shared.IWorkSource, OwnOpenRepayments>();
        return services;
    }
}
