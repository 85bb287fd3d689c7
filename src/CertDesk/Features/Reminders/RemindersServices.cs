namespace CertDesk.Features.Reminders;

public static class RemindersServices
{
    /// <summary>Reminders: the run that claims due reminders once across nodes, and its senders (in-app, e-mail).</summary>
    public static IServiceCollection AddReminders(this IServiceCollection services)
    {
        services.AddSingleton<NodeIdentity>();
        services.AddScoped<IReminderSender, InAppReminderSender>();
        services.AddScoped<IReminderSender, EmailReminderSender>();
        services.AddScoped<ReminderRun>();
        return services;
    }
}
