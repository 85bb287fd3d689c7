namespace CertDesk.Features.Competencies;

public static class CompetenciesServices
{
    /// <summary>The competency framework (with its default and CSV) and the assessments against it.</summary>
    public static IServiceCollection AddCompetencies(this IServiceCollection services)
    {
        services.AddScoped<DefaultFramework>();
        services.AddScoped<FrameworkCsv>();
        services.AddScoped<FrameworkService>();
        services.AddScoped<AssessmentService>();
        return services;
    }
}
