using CertDesk.Features.Audit;

namespace CertDesk.Hosting;

/// <summary>Names the signed-in user as the actor of every change this request makes.</summary>
public sealed class AuditActor(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context, AuditContext audit)
    {
        if (context.User.Identity?.IsAuthenticated == true)
        {
            var email = context.User.FindFirst(System.Security.Claims.ClaimTypes.Email)?.Value ?? context.User.Identity.Name;
            audit.Actor = $"user:{email}";
        }
        else
        {
            audit.Actor = "anonymous";
        }
        return next(context);
    }
}
