using CertDesk.Features.ActionPlans;
using CertDesk.Features.Credentials;
using CertDesk.Features.Dashboards;
using CertDesk.Features.Reminders;

namespace CertDesk.Features.Enrollments;

public static class FollowServices
{
    /// <summary>Follow-through: enrollments, credentials, action plans, reminders, dashboards.</summary>
    public static IServiceCollection AddFollowThrough(this IServiceCollection services)
    {
        services.AddOptions<FollowOptions>().BindConfiguration("Follow").ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<CertificationCompletionRules>();
        services.AddScoped<ICompletionRules, AgreementCompletionRules>();
        services.AddScoped<EnrollmentService>();
        services.AddScoped<EnrollmentCosts>();
        services.AddScoped<CredentialService>();
        services.AddScoped<ActionPlanService>();
        services.AddScoped<FollowQueries>();
        services.AddScoped<DemoFollowThrough>();
        services.AddSingleton<NodeIdentity>();
        services.AddScoped<IReminderSender, InAppReminderSender>();
        services.AddScoped<IReminderSender, EmailReminderSender>();
        services.AddScoped<ReminderRun>();
        return services;
    }
}
