namespace CertDesk.Features.Proof;

public static class ProofServices
{
    /// <summary>KPI imports and queries, ROI studies and their reports, the large demo data set.</summary>
    public static IServiceCollection AddProof(this IServiceCollection services)
    {
        services.AddScoped<KpiImport>();
        services.AddScoped<KpiQueries>();
        services.AddScoped<ColumnMappings>();
        services.AddScoped<RoiStudies>();
        services.AddScoped<ProgramSummary>();
        services.AddScoped<DemoKpiData>();
        services.AddScoped<Scheduling.IHistoryForecasts, QueueHistoryForecasts>();
        return services;
    }
}
