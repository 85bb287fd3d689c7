namespace CertDesk.Features.Enrollments;

public static class EnrollmentsServices
{
    /// <summary>Enrollments: stage moves, study hours, exam attempts, expenses, and the completion rules they are judged by.</summary>
    public static IServiceCollection AddEnrollments(this IServiceCollection services)
    {
        services.AddOptions<FollowOptions>().BindConfiguration("Follow").ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<ICompletionRules, AgreementCompletionRules>();
        services.AddScoped<EnrollmentService>();
        services.AddScoped<ExpenseService>();
        services.AddScoped<CredentialIssuance>();
        services.AddScoped<EnrollmentCosts>();
        services.AddScoped<Gaps.IOpenEnrollments, OpenEnrollments>();
        services.AddScoped<Organization.ISeparationListener, SeparatedEnrollments>();
        return services;
    }
}
