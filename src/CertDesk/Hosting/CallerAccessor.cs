namespace CertDesk.Hosting;

/// <summary>The current request's <see cref="Caller"/>.</summary>
public sealed class CallerAccessor(IHttpContextAccessor http)
{
    private Caller? _caller;

    public Caller Caller => _caller ??= Caller.From(http.HttpContext?.User ?? new System.Security.Claims.ClaimsPrincipal());
}
