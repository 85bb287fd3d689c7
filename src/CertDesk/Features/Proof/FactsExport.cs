using CertDesk.Domain.Kpi;

namespace CertDesk.Features.Proof;

/// <summary>
/// <c>export facts</c>: the stored interval facts in the contract's <c>intervals</c> format, streamed in key order (team codes
/// ordinal, then interval start), one line a fact ended by the writer's <see cref="TextWriter.NewLine"/> (CRLF from the command).
/// </summary>
public static class FactsExport
{
    public static async Task<long> WriteAsync(CertDeskDbContext db, TextWriter writer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(writer);
        await writer.WriteLineAsync(IntervalFactCsv.Header);
        long n = 0;
        // Team codes in ordinal order (by UTF-8 bytes, as SQLite's BINARY collation and kpi aggregate sort them), whatever the
        // PostgreSQL database's default collation: the same facts give the same file on both providers.
        var facts = db.KpiIntervalFacts.AsNoTracking();
        var ordered = db.IsPostgres ? facts.OrderBy(f => EF.Functions.Collate(f.TeamCode, "C")) : facts.OrderBy(f => f.TeamCode);
        await foreach (var f in ordered.ThenBy(f => f.IntervalStart).AsAsyncEnumerable().WithCancellation(ct))
        {
            // Team codes are neutralized like every exported text cell (a code cannot start a formula on re-import either).
            var team = Files.CellSafety.Neutralize(f.TeamCode);
            await writer.WriteLineAsync(IntervalFactCsv.FormatRow(new IntervalFact(team, DateTime.SpecifyKind(f.IntervalStart, DateTimeKind.Utc), f.Offered, f.Answered,
                f.Abandoned, f.AnsweredWithinThreshold, f.WaitSecondsAnswered, f.HandleSeconds, f.HoldSeconds, f.WrapSeconds, f.Transferred,
                f.ResolvedFirstContact, f.CsatSum, f.CsatCount)));
            n++;
        }
        return n;
    }
}
