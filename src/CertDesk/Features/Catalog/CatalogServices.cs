namespace CertDesk.Features.Catalog;

public static class CatalogServices
{
    /// <summary>The catalog of certifications and issuers, its CSV import and export, and the reference data it is seeded with.</summary>
    public static IServiceCollection AddCatalog(this IServiceCollection services)
    {
        services.AddScoped<CatalogService>();
        services.AddScoped<IssuerService>();
        services.AddScoped<CatalogCsv>();
        services.AddScoped<CatalogSeed>();
        services.AddScoped<PriceBook>();
        services.AddScoped<ReferenceData>();
        return services;
    }
}
