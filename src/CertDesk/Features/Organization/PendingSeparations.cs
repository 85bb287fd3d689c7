namespace CertDesk.Features.Organization;

/// <summary>
/// Separations take effect on their date. A separation recorded ahead keeps the person active with the date and
/// reason on file; the background run (the reminder pass) applies it once its date has come, then tells every
/// <see cref="ISeparationListener"/> (repayments and statement, enrollments closed, future sessions left). The
/// listeners are idempotent, so the run also finishes any side effect an earlier save did not get to.
/// </summary>
public sealed class PendingSeparations(CertDeskDbContext db, IEnumerable<ISeparationListener> listeners)
{
    /// <summary>Applies the separations dated on or before <paramref name="today"/>; the number of people separated now.</summary>
    public async Task<int> ApplyDueAsync(DateOnly today, CancellationToken ct)
    {
        var due = await db.Employees.Where(e => e.Status == EmploymentStatus.Active && e.SeparationDate != null && e.SeparationDate <= today).ToListAsync(ct);
        foreach (var employee in due)
        {
            employee.Status = EmploymentStatus.Separated;
        }
        var applied = 0;
        if (due.Count > 0)
        {
            try
            {
                await db.SaveChangesAsync(ct);
                applied = due.Count;
            }
            catch (DbUpdateException)
            {
                // Another node applied them first (the versions moved): its listeners run too.
            }
            db.ChangeTracker.Clear();
        }
        await TellAsync(ct);
        return applied;
    }

    /// <summary>Every listener, after separations were saved (the page, the API, the roster import and this run).</summary>
    public async Task TellAsync(CancellationToken ct)
    {
        foreach (var listener in listeners)
        {
            await listener.OnSeparationsAsync(ct);
        }
    }
}
