namespace CertDesk.Features.Audit;

public sealed record AuditEntryDto(long Sequence, DateTimeOffset At, string Actor, string Action, string EntityType, string EntityId, string? Before, string? After, string Hash);

/// <summary>/api/v1/audit: the trail (admins and program managers) and its integrity check.</summary>
public static class AuditApi
{
    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder api)
    {
        var audit = api.MapGroup("/audit").WithTags("Audit").RequireAuthorization(Policies.RunsProgram);
        audit.MapGet("/", async (CertDeskDbContext db, string? entity_type, string? entity_id, int? page, int? page_size, CancellationToken ct) =>
        {
            var query = db.AuditEntries.AsNoTracking();
            if (!string.IsNullOrEmpty(entity_type))
            {
                query = query.Where(a => a.EntityType == entity_type);
            }
            if (!string.IsNullOrEmpty(entity_id))
            {
                query = query.Where(a => a.EntityId == entity_id);
            }
            return await ApiResults.PageAsync(query.OrderByDescending(a => a.Sequence)
                .Select(a => new AuditEntryDto(a.Sequence, a.At, a.Actor, a.Action, a.EntityType, a.EntityId, a.Before, a.After, a.Hash)), page, page_size, ct);
        });
        audit.MapGet("/verify", (AuditCheckpoints checkpoints, CancellationToken ct) => checkpoints.VerifyAsync(ct));
        return api;
    }
}
