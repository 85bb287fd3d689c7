namespace CertDesk.Features.Repayments;

/// <summary>The employee's queue: their open repayments, with what is still outstanding.</summary>
public sealed class OwnOpenRepayments(CertDeskDbContext db) : IWorkSource
{
    public int Order => 40;

    public async Task<WorkList?> ListAsync(Caller caller, CancellationToken ct)
    {
        if (caller.EmployeeId is not { } self)
        {
            return null;
        }
        var rows = await db.Repayments.AsNoTracking().Where(r => r.EmployeeId == self && r.Status == RepaymentStatus.Open)
            .Select(r => new { r.Id, r.AgreementId, r.Agreement!.CertificationCode, r.Agreement.CertificationName, r.Outstanding, r.OpenedAt })
            .ToListAsync(ct);
        if (rows.Count == 0)
        {
            return null;
        }
        // Decimals sort in memory: SQLite keeps them as text.
        var items = rows.OrderBy(r => r.OpenedAt).Take(WorkQueue.Shown).Select(r => new WorkItem(
            $"{r.CertificationCode} {r.CertificationName}", "Open repayment under your tuition agreement: HR arranges how it is paid",
            $"/Agreements/Details/{r.AgreementId}", r.OpenedAt, [])
        { Amount = Labels.Money(r.Outstanding) }).ToList();
        return new WorkList("repay", "Open repayments", "", items, rows.Count, "/Agreements", "Your agreements");
    }
}
