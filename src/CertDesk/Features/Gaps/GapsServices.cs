namespace CertDesk.Features.Gaps;

public static class GapsServices
{
    /// <summary>Gap analysis, recommendations and the cohort plan, with their planning assumptions.</summary>
    public static IServiceCollection AddGaps(this IServiceCollection services)
    {
        services.AddOptions<GapsOptions>().BindConfiguration("Gaps").ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<DemoAssessments>();
        services.AddScoped<GapAnalysis>();
        services.AddScoped<CohortPlanning>();
        return services;
    }
}
