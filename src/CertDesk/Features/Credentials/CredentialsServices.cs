namespace CertDesk.Features.Credentials;

public static class CredentialsServices
{
    /// <summary>Credentials: the holder's log of continuing education, sharing and public verification.</summary>
    public static IServiceCollection AddCredentials(this IServiceCollection services) => services.AddScoped<CredentialService>().AddScoped<Shared.IWorkSource, CredentialClaimsToVerify>();
}
