using CertDesk.Data;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CertDesk.Tests.Infrastructure;

/// <summary>
/// One thing a client can call: an HTTP method on a route pattern, and for pages the named handler
/// (<c>?handler=Sign</c>). <see cref="Key"/> is what the authorization rule table is keyed on.
/// </summary>
public sealed record AppRoute(string Method, string Pattern, bool IsPage, string? Handler)
{
    public string Key => Handler is null ? $"{Method} {Pattern}" : $"{Method} {Pattern}?handler={Handler}";

    public bool IsMutation => Method is "POST" or "PUT" or "DELETE" or "PATCH";
}

public sealed partial class CertDeskApp
{
    /// <summary>
    /// Every route of the running app, read from its <see cref="EndpointDataSource"/>: minimal API routes with their
    /// methods, Razor pages with one entry per handler method (GET, POST, POST ?handler=X). Index aliases are folded.
    /// </summary>
    public async Task<IReadOnlyList<AppRoute>> RoutesAsync()
    {
        var endpoints = Services.GetRequiredService<EndpointDataSource>().Endpoints;
        var loader = Services.GetRequiredService<PageLoader>();
        var routes = new HashSet<AppRoute>();
        foreach (var endpoint in endpoints.OfType<RouteEndpoint>())
        {
            var pattern = Normalize(endpoint.RoutePattern.RawText ?? "");
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } page)
            {
                if (pattern.EndsWith("/Index", StringComparison.Ordinal))
                {
                    continue; // "/X/Index" is the same page as "/X"
                }
                var compiled = await loader.LoadAsync(page, endpoint.Metadata);
                if (compiled.HandlerMethods.Count == 0)
                {
                    routes.Add(new AppRoute("GET", pattern, IsPage: true, null)); // a page without a model answers GET
                }
                foreach (var handler in compiled.HandlerMethods)
                {
                    routes.Add(new AppRoute(handler.HttpMethod.ToUpperInvariant(), pattern, IsPage: true, handler.Name));
                }
                continue;
            }
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            foreach (var method in methods)
            {
                routes.Add(new AppRoute(method.ToUpperInvariant(), pattern, IsPage: false, null));
            }
        }
        return [.. routes.OrderBy(r => r.Key, StringComparer.Ordinal)];
    }

    private static string Normalize(string raw)
    {
        var path = "/" + raw.Trim('/');
        return path;
    }

    /// <summary>Reads the database as a user with a SQL prompt would (test set-up only: ids of seeded records).</summary>
    public async Task<T> QueryAsync<T>(Func<CertDeskDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<CertDeskDbContext>());
    }

    public Task<Guid> FirstIdAsync<TEntity>(Func<IQueryable<TEntity>, IQueryable<Guid>> select) where TEntity : class =>
        QueryAsync(db => select(db.Set<TEntity>().AsNoTracking()).FirstAsync());
}
