namespace CertDesk.Features.Scheduling;

public static class SchedulingServices
{
    /// <summary>The scheduler's services. <c>Scheduling:InviteOutbox</c> (a folder) makes invites land there as .ics files;
    /// the mail feature replaces <see cref="ISessionInviteSender"/> to send them by e-mail.</summary>
    public static IServiceCollection AddScheduling(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<ForecastImport>();
        services.AddScoped<ScheduleImport>();
        services.AddScoped<SchedulingExport>();
        services.AddScoped<ImpactPlanner>();
        services.AddScoped<SessionService>();
        services.AddScoped<DemoScheduling>();
        var outbox = configuration["Scheduling:InviteOutbox"];
        if (string.IsNullOrWhiteSpace(outbox))
        {
            services.AddSingleton<ISessionInviteSender, NoSessionInviteSender>();
        }
        else
        {
            services.AddSingleton<ISessionInviteSender>(new FileSessionInviteSender(outbox));
        }
        return services;
    }
}
