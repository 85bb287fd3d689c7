namespace CertDesk.Data;

/// <summary>
/// On SQLite, a request's database context keeps one connection open from routing to the end of the request. EF Core
/// opens and closes its connection around each query, and every open of a pooled SQLite connection registers EF Core's SQL
/// functions on it again (a dozen <c>sqlite3_create_function</c> calls, seen in a sampled profile of the home page), while a
/// page runs some twenty queries. Opened once, the heaviest pages answered 8-15 % more requests a second at 64 connections
/// (bench/RESULTS-pages.md, "2026-12-05, afternoon"). The context closes it when the request's scope ends. PostgreSQL is
/// left as it is: a server connection held through a page's rendering would be one fewer for the other requests.
/// </summary>
public static class SqliteRequestConnection
{
    public static async Task OpenAsync(HttpContext context, RequestDelegate next)
    {
        // Health checks answer for themselves (a database that cannot be opened is their answer, not an error page).
        if (context.GetEndpoint() is not null && !context.Request.Path.StartsWithSegments("/health")
            && context.RequestServices.GetRequiredService<CertDeskDbContext>() is { IsPostgres: false } db)
        {
            try
            {
                await db.Database.OpenConnectionAsync(context.RequestAborted);
            }
            catch (System.Data.Common.DbException)
            {
                // Left closed: the request's first query opens it and meets the same failure where it is handled.
            }
        }
        await next(context);
    }
}
