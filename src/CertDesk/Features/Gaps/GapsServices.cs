using CertDesk.Features.Catalog;
using CertDesk.Features.Competencies;

namespace CertDesk.Features.Gaps;

public static class GapsServices
{
    /// <summary>The catalog, the competency framework, assessments, gap analysis and the cohort plan.</summary>
    public static IServiceCollection AddGaps(this IServiceCollection services)
    {
        services.AddOptions<GapsOptions>().BindConfiguration("Gaps").ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<CatalogService>();
        services.AddScoped<CatalogCsv>();
        services.AddScoped<CatalogSeed>();
        services.AddScoped<PriceBook>();
        services.AddScoped<DefaultFramework>();
        services.AddScoped<ReferenceData>();
        services.AddScoped<FrameworkCsv>();
        services.AddScoped<AssessmentService>();
        services.AddScoped<FrameworkService>();
        services.AddScoped<DemoAssessments>();
        services.AddScoped<GapAnalysis>();
        services.AddScoped<CohortPlanning>();
        return services;
    }
}
