using CertDesk.Files;
using nietras.SeparatedValues;

namespace CertDesk.Features.Audit;

/// <summary>The audit trail as CSV, with the hashes so that an auditor can re-check the chain outside CertDesk.</summary>
public static class AuditExport
{
    public static async Task WriteAsync(CertDeskDbContext db, TextWriter output, CancellationToken ct)
    {
        await output.WriteLineAsync("sequence,at,actor,action,entity_type,entity_id,before,after,previous_hash,hash");
        using var writer = Sep.New(',').Writer(o => o with { Escape = true, WriteHeader = false }).To(output);
        await foreach (var e in db.AuditEntries.AsNoTracking().OrderBy(a => a.Sequence).AsAsyncEnumerable().WithCancellation(ct))
        {
            using var row = writer.NewRow();
            row["sequence"].Set(e.Sequence.ToString(CultureInfo.InvariantCulture));
            row["at"].Set(e.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
            row["actor"].Set(CellSafety.Neutralize(e.Actor));
            row["action"].Set(e.Action);
            row["entity_type"].Set(e.EntityType);
            row["entity_id"].Set(CellSafety.Neutralize(e.EntityId));
            row["before"].Set(CellSafety.Neutralize(e.Before));
            row["after"].Set(CellSafety.Neutralize(e.After));
            row["previous_hash"].Set(e.PreviousHash);
            row["hash"].Set(e.Hash);
        }
    }
}
