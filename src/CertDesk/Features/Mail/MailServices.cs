namespace CertDesk.Features.Mail;

public static class MailServices
{
    public static IServiceCollection AddMail(this IServiceCollection services)
    {
        services.AddOptions<MailOptions>().BindConfiguration("Mail");
        services.AddScoped<Outbox>();
        services.AddScoped<MailDelivery>();
        services.AddScoped<AgreementReminders>();
        services.AddScoped<Scheduling.ISessionInviteSender, SessionInviteMail>();
        return services;
    }
}
