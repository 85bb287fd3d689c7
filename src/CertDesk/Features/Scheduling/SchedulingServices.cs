namespace CertDesk.Features.Scheduling;

public static class SchedulingServices
{
    /// <summary>The scheduler's services. Invites are e-mailed by the mail feature's <see cref="ISessionInviteSender"/>;
    /// <c>Scheduling:InviteOutbox</c> (a folder) also writes a copy of each there as an .ics file.</summary>
    public static IServiceCollection AddScheduling(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<ForecastImport>();
        services.AddScoped<ScheduleImport>();
        services.AddScoped<SchedulingExport>();
        services.AddScoped<SessionExceptions>();
        services.AddScoped<WfmFeeds>();
        services.AddOptions<SessionExceptionOptions>().BindConfiguration(SessionExceptionOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SessionExceptionOptions>, SessionExceptionOptions.Check>();
        services.AddScoped<ImpactPlanner>();
        services.AddScoped<SessionService>();
        services.AddScoped<Organization.ISeparationListener, SeparatedAttendees>();
        services.AddScoped<SessionPlanning>();
        services.AddScoped<QueueService>();
        services.AddScoped<CoverageRuleService>();
        services.AddScoped<DemoScheduling>();
        var outbox = configuration["Scheduling:InviteOutbox"];
        if (!string.IsNullOrWhiteSpace(outbox))
        {
            services.AddSingleton<ISessionInviteSender>(new FileSessionInviteSender(outbox));
        }
        return services;
    }
}
