using CertDesk.Domain.Kpi;
using CertDesk.Features.Audit;

namespace CertDesk.Features.Proof;

/// <summary>
/// The column mappings saved per source (<see cref="KpiColumnMappingRecord"/>): listed for the upload page, saved and deleted
/// by program managers and admins (every change audited by the context). A saved mapping is the same JSON document as a
/// <c>--mapping</c> file and is checked by the same reader, so a mapping that the command line would refuse is never saved.
/// </summary>
public sealed class ColumnMappings(CertDeskDbContext db, AuditContext audit, TimeProvider clock)
{
    /// <summary>The system's zone database, by IANA name (or Windows name where the system maps it).</summary>
    public static TimeZoneInfo? FindZone(string id) => TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : null;

    public static bool CanEdit(Caller caller) => caller.RunsProgram;

    public Task<List<KpiColumnMappingRecord>> ListAsync(CancellationToken ct) =>
        db.KpiColumnMappings.AsNoTracking().OrderBy(m => m.Name).ToListAsync(ct);

    public Task<KpiColumnMappingRecord?> FindAsync(Guid id, CancellationToken ct) =>
        db.KpiColumnMappings.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct);

    /// <summary>A saved mapping read back (it was checked when saved; a zone the server no longer knows is reported, not thrown).</summary>
    public static ColumnMapping? Read(KpiColumnMappingRecord record, out List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(record);
        return ColumnMapping.Parse(record.MappingJson, $"the saved mapping '{record.Name}'", FindZone, out errors);
    }

    /// <summary>
    /// Creates (<paramref name="id"/> null) or replaces a mapping. Errors are keyed by the form's field (<c>name</c>, or the
    /// mapping field such as <c>columns.wait_seconds</c>); a stale version is a conflict.
    /// </summary>
    public async Task<Outcome<KpiColumnMappingRecord>> SaveAsync(Caller caller, Guid? id, int? version, string name, string mappingJson, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!CanEdit(caller))
        {
            return Outcome<KpiColumnMappingRecord>.Forbidden();
        }
        name = (name ?? "").Trim();
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (name.Length is 0 or > 200)
        {
            errors["name"] = ["Give the source a name of 1 to 200 characters (e.g. \"Avaya CMS, Lyon site\")."];
        }
        else if (await db.KpiColumnMappings.AnyAsync(m => m.Name == name && m.Id != id, ct))
        {
            errors["name"] = ["Another saved mapping has this name: choose another, or edit that one."];
        }
        const string Label = "mapping";
        var mapping = ColumnMapping.Parse(mappingJson ?? "", Label, FindZone, out var mappingErrors);
        foreach (var group in mappingErrors.GroupBy(FieldOf))
        {
            errors[group.Key] = [.. group.Select(e => group.Key == Label ? e : e[(e.IndexOf(": ", Label.Length + 2, StringComparison.Ordinal) + 2)..])];
        }
        if (errors.Count > 0 || mapping is null)
        {
            return Outcome<KpiColumnMappingRecord>.Invalid(errors);
        }
        KpiColumnMappingRecord record;
        if (id is { } existing)
        {
            if (await db.KpiColumnMappings.FirstOrDefaultAsync(m => m.Id == existing, ct) is not { } found)
            {
                return Outcome<KpiColumnMappingRecord>.NotFound();
            }
            if (version is { } v && v != found.Version)
            {
                return Outcome<KpiColumnMappingRecord>.Stale(found); // the stored one: who saved it, when, and what it says
            }
            record = found;
            record.Name = name;
            record.Kind = mapping.Kind;
            record.MappingJson = mapping.ToJson();
        }
        else
        {
            record = new KpiColumnMappingRecord { Name = name, Kind = mapping.Kind, MappingJson = mapping.ToJson() };
            db.KpiColumnMappings.Add(record);
        }
        record.UpdatedBy = audit.Actor;
        record.UpdatedAt = clock.GetUtcNow();
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException) when (id is { } saved)
        {
            // Two saves of the same version at once both passed the check above; the version (a concurrency token) let
            // the first through and stopped this one: the first save wins, this one is stale like any other.
            db.ChangeTracker.Clear();
            return await db.KpiColumnMappings.AsNoTracking().FirstOrDefaultAsync(m => m.Id == saved, ct) is { } current
                ? Outcome<KpiColumnMappingRecord>.Stale(current)
                : Outcome<KpiColumnMappingRecord>.NotFound();
        }
        return Outcome<KpiColumnMappingRecord>.Ok(record);

        // "mapping: field columns.queue: reason" is keyed by columns.queue; a line about the whole document by "mapping".
        static string FieldOf(string error) =>
            error.StartsWith(Label + ": field ", StringComparison.Ordinal)
                ? error[(Label.Length + 8)..].Split(':')[0]
                : Label;
    }

    public async Task<Outcome<bool>> DeleteAsync(Caller caller, Guid id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!CanEdit(caller))
        {
            return Outcome<bool>.Forbidden();
        }
        if (await db.KpiColumnMappings.FirstOrDefaultAsync(m => m.Id == id, ct) is not { } found)
        {
            return Outcome<bool>.NotFound();
        }
        db.KpiColumnMappings.Remove(found);
        await db.SaveChangesAsync(ct);
        return Outcome<bool>.Ok(true);
    }
}
