namespace CertDesk.Features.Requests;

public static class RequestsServices
{
    public static IServiceCollection AddRequests(this IServiceCollection services) => services.AddScoped<RequestService>()
        .AddScoped<Shared.IWorkSource, RequestsToDecide>().AddScoped<Shared.IWorkSource, OwnRequests>();
}
