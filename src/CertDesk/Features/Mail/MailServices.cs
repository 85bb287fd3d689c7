namespace CertDesk.Features.Mail;

public static class MailServices
{
    public static IServiceCollection AddMail(this IServiceCollection services)
    {
        services.AddOptions<MailOptions>().BindConfiguration("Mail").Validate(o => o.Problem() is null, "Mail settings: Mail:Security=None is only allowed for a loopback relay (see docs/operations.md).").ValidateOnStart();
        services.AddScoped<Outbox>();
        services.AddScoped<MailDelivery>();
        services.AddScoped<AgreementReminders>();
        services.AddScoped<Scheduling.ISessionInviteSender, SessionInviteMail>();
        return services;
    }
}
