namespace CertDesk.Features.ActionPlans;

public static class ActionPlansServices
{
    /// <summary>Action plans after a pass: items, check-ins with evidence and rating, the survey.</summary>
    public static IServiceCollection AddActionPlans(this IServiceCollection services) => services.AddScoped<ActionPlanService>();
}
