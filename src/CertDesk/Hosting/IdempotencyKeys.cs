using System.Security.Claims;
using System.Security.Cryptography;

namespace CertDesk.Hosting;

/// <summary>
/// <c>Idempotency-Key</c> on API POSTs: the first request with a key runs and its answer is kept (per caller, in the
/// database, so any node replays it); the same key with the same request replays that answer
/// (<c>Idempotent-Replayed: true</c>); the same key with another request is 422; a copy arriving while the first is
/// still running is 409 with Retry-After. A 5xx or a failure releases the key, so the client may retry.
/// </summary>
public sealed class IdempotencyKeys(RequestDelegate next)
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    /// <summary>Answers larger than this are not kept (creation answers are a few kilobytes).</summary>
    private const int MaxKeptBody = 1 << 20;

    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    public async Task InvokeAsync(HttpContext context, IServiceScopeFactory scopes, TimeProvider clock)
    {
        var key = context.Request.Headers[Header].ToString();
        // A POST that only computes writes nothing a retry could repeat: it runs again instead of claiming the key, so it
        // never answers 409 for a copy still running (the API description declares none for it).
        if (!HttpMethods.IsPost(context.Request.Method) || key.Length == 0 || context.User.Identity?.IsAuthenticated != true
            || context.GetEndpoint()?.Metadata.GetMetadata<ComputesOnlyAttribute>() is not null)
        {
            await next(context);
            return;
        }
        if (key.Length > IdempotentRequest.MaxKeyLength || key.Any(char.IsControl))
        {
            await Results.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]>
            {
                [Header] = [$"must be 1 to {IdempotentRequest.MaxKeyLength} printable characters"],
            })
            { Status = StatusCodes.Status422UnprocessableEntity, Title = "The input is not valid." }).ExecuteAsync(context);
            return;
        }
        var caller = context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? context.User.Identity.Name ?? "";
        var hash = await RequestHashAsync(context.Request, context.RequestAborted);

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CertDeskDbContext>();
        var claim = await ClaimAsync(db, caller, "api:" + key, hash, clock.GetUtcNow(), context.RequestAborted);
        if (claim.Existing is { } first)
        {
            await AnswerFromAsync(context, first, hash);
            return;
        }

        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        var kept = false;
        try
        {
            await next(context);
            var status = context.Response.StatusCode;
            // A server failure or a request that may go through later (rate limit, conflict) is not an answer to keep.
            if (status < 500 && status is not (StatusCodes.Status408RequestTimeout or StatusCodes.Status409Conflict or StatusCodes.Status429TooManyRequests)
                && buffer.Length <= MaxKeptBody)
            {
                claim.Row!.Status = status;
                claim.Row.ContentType = context.Response.ContentType;
                claim.Row.Location = context.Response.Headers.Location.ToString() is { Length: > 0 } location ? location : null;
                claim.Row.Body = buffer.ToArray();
                await db.SaveChangesAsync(CancellationToken.None);
                kept = true;
            }
        }
        finally
        {
            context.Response.Body = original;
            if (!kept)
            {
                await ReleaseAsync(db, claim.Row!);
            }
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    }

    /// <summary>
    /// Inserts the claim for (caller, key); when it exists already, returns it instead. A claim older than
    /// <see cref="Retention"/> is forgotten and taken anew.
    /// </summary>
    public static async Task<(IdempotentRequest? Row, IdempotentRequest? Existing)> ClaimAsync(
        CertDeskDbContext db, string caller, string key, string hash, DateTimeOffset now, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var existing = await db.IdempotentRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Caller == caller && r.Key == key, ct);
            if (existing is not null && existing.CreatedAt > now - Retention)
            {
                return (null, existing);
            }
            if (existing is not null)
            {
                await db.IdempotentRequests.Where(r => r.Id == existing.Id).ExecuteDeleteAsync(ct);
            }
            var row = new IdempotentRequest { Caller = caller, Key = key, RequestHash = hash, CreatedAt = now };
            db.IdempotentRequests.Add(row);
            try
            {
                await db.SaveChangesAsync(ct);
                return (row, null);
            }
            catch (DbUpdateException e) when (DatabaseFailure.Of(e, db.Model)?.Kind == DatabaseFailureKind.Duplicate)
            {
                db.Entry(row).State = EntityState.Detached; // another copy claimed it first: read theirs
            }
        }
        throw new InvalidOperationException("idempotency claim could not be made or read");
    }

    /// <summary>Forgets a claim whose request did not produce an answer worth keeping, so the same key may be tried again.</summary>
    public static async Task ReleaseAsync(CertDeskDbContext db, IdempotentRequest row)
    {
        try
        {
            db.ChangeTracker.Clear();
            await db.IdempotentRequests.Where(r => r.Id == row.Id).ExecuteDeleteAsync(CancellationToken.None);
        }
        catch (Exception e) when (DatabaseFailure.Of(e, null) is not null)
        {
            // the database is failing too: the claim stays until it expires
        }
    }

    private static async Task AnswerFromAsync(HttpContext context, IdempotentRequest first, string hash)
    {
        if (first.RequestHash != hash)
        {
            await Results.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]>
            {
                [Header] = ["was already used with another request; use a new key for a new request"],
            })
            { Status = StatusCodes.Status422UnprocessableEntity, Title = "The input is not valid." }).ExecuteAsync(context);
            return;
        }
        if (first.Status is not { } status)
        {
            context.Response.Headers.RetryAfter = "1";
            await Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The same request is still being processed.",
                detail: "A request with this Idempotency-Key is running; ask again in a moment to get its answer.").ExecuteAsync(context);
            return;
        }
        context.Response.StatusCode = status;
        context.Response.Headers[ReplayedHeader] = "true";
        if (first.Location is { } location)
        {
            context.Response.Headers.Location = location;
        }
        if (first.ContentType is { } type)
        {
            context.Response.ContentType = type;
        }
        if (first.Body is { Length: > 0 } body)
        {
            await context.Response.Body.WriteAsync(body, context.RequestAborted);
        }
    }

    private static async Task<string> RequestHashAsync(HttpRequest request, CancellationToken ct)
    {
        request.EnableBuffering();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(System.Text.Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        var chunk = new byte[1 << 14];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            sha.AppendData(chunk, 0, read);
        }
        request.Body.Position = 0;
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
