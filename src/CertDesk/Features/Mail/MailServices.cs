namespace CertDesk.Features.Mail;

public static class MailServices
{
    public static IServiceCollection AddMail(this IServiceCollection services)
    {
        services.AddOptions<MailOptions>().BindConfiguration("Mail");
        services.AddScoped<Outbox>();
        services.AddScoped<MailDelivery>();
        services.AddScoped<AgreementReminders>();
        return services;
    }
}
