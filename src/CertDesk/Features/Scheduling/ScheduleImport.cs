using CertDesk.Files;

namespace CertDesk.Features.Scheduling;

/// <summary>
/// <c>import schedule</c>: <c>employee_id,date,start,end,activity</c> in the local time of the employee's site. An end at
/// or before the start ends the next day (a night shift); <c>24:00</c> is midnight at the end of the day. Local times are
/// converted to UTC with the site's time zone (<see cref="SiteClock"/>: a skipped local time is an error, a repeated one
/// is its first occurrence). One person's rows may not overlap, in the file or with what is stored for other dates.
/// The rows of a person and date replace what is stored for that person and date; the same file twice changes nothing.
/// </summary>
public sealed class ScheduleImport(CertDeskDbContext db)
{
    public static readonly string[] Columns = ["employee_id", "date", "start", "end", "activity"];

    private sealed record Parsed(CsvRow Row, Guid EmployeeId, string EmployeeNumber, ScheduledShift Shift);

    /// <summary>Imports the file, measured (<see cref="Observability.CertDeskTelemetry.MeasureImportAsync"/>).</summary>
    public Task<SchedulingImportResult> RunAsync(Stream file, string fileName, SchedulingImportOptions options, CancellationToken ct) =>
        Observability.CertDeskTelemetry.MeasureImportAsync("schedule", options.DryRun, () => ImportAsync(file, fileName, options, ct),
            r => new Observability.ImportTally(r.Rows, r.Failed));

    private async Task<SchedulingImportResult> ImportAsync(Stream file, string fileName, SchedulingImportOptions options, CancellationToken ct)
    {
        var (header, rows, fileError) = await CsvTable.ReadAsync(file, fileName, SchedulingCsv.MaxFileBytes, Columns, ct);
        if (fileError is not null)
        {
            return SchedulingImportResult.Fail(fileError);
        }
        var index = header.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        var people = await db.Employees.AsNoTracking()
            .Select(e => new { e.Id, e.EmployeeNumber, TimeZone = e.Site != null ? e.Site.TimeZone : null })
            .ToDictionaryAsync(e => e.EmployeeNumber, StringComparer.Ordinal, ct);

        var parsed = new List<Parsed>();
        foreach (var row in rows.Where(r => r.Errors.Count == 0))
        {
            string Field(string column) => row.Raw[index[column]].Trim();
            void Error(string column, string reason) => row.Errors.Add($"{fileName}: row {row.Number}, field {column}: {reason}");

            var number = Field("employee_id");
            var person = people.GetValueOrDefault(number);
            if (person is null)
            {
                Error("employee_id", $"{Files.ImportRules.Quote(number)} is not a known employee");
            }
            else if (person.TimeZone is null)
            {
                Error("employee_id", $"{Files.ImportRules.Quote(number)} has no site, so no time zone to read the times in");
            }
            var dateText = Field("date");
            if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                Error("date", $"{Files.ImportRules.Quote(dateText)} is not a date (yyyy-MM-dd)");
            }
            var startText = Field("start");
            var endText = Field("end");
            var start = Time(startText, allowEndOfDay: false);
            var end = Time(endText, allowEndOfDay: true);
            if (start is null)
            {
                Error("start", $"{Files.ImportRules.Quote(startText)} is not a time of day (HH:mm)");
            }
            if (end is null)
            {
                Error("end", $"{Files.ImportRules.Quote(endText)} is not a time of day (HH:mm, or 24:00)");
            }
            if (start is { } s0 && end is { } e0 && s0 == e0)
            {
                Error("end", $"{endText} equals the start: a shift has a length");
            }
            var activity = Field("activity").ToLowerInvariant();
            if (!ScheduleActivities.All.Contains(activity, StringComparer.Ordinal))
            {
                Error("activity", $"{Files.ImportRules.Quote(Field("activity"))} is not one of {string.Join(", ", ScheduleActivities.All)}");
            }
            if (row.Errors.Count > 0)
            {
                continue;
            }

            var zone = SiteClock.Zone(person!.TimeZone!);
            var startUtc = SiteClock.ToUtc(date, TimeOnly.FromTimeSpan(start!.Value), zone, out var startError);
            if (startUtc is null)
            {
                Error("start", startError!);
            }
            // The end: the same day when after the start, else the next day (a night shift); 24:00 is the next midnight.
            var endOfDay = end!.Value == TimeSpan.FromDays(1);
            var endDate = endOfDay || end.Value <= start.Value ? date.AddDays(1) : date;
            var endTime = endOfDay ? TimeOnly.MinValue : TimeOnly.FromTimeSpan(end.Value);
            var endUtc = SiteClock.ToUtc(endDate, endTime, zone, out var endError);
            if (endUtc is null)
            {
                Error("end", endError!);
            }
            if (row.Errors.Count > 0)
            {
                continue;
            }
            if (endUtc!.Value - startUtc!.Value > TimeSpan.FromHours(16))
            {
                Error("end", $"the shift from {startText} to {endText} lasts more than 16 hours");
                continue;
            }
            parsed.Add(new Parsed(row, person.Id, number, new ScheduledShift
            {
                EmployeeId = person.Id,
                LocalDate = date,
                LocalStart = TimeOnly.FromTimeSpan(start.Value),
                LocalEnd = endTime,
                StartUtc = startUtc.Value,
                EndUtc = endUtc.Value,
                Activity = activity,
            }));
        }

        // The stored shifts of the people in the file, around the file's dates (to find overlaps with other dates).
        var employeeIds = parsed.Select(p => p.EmployeeId).Distinct().ToList();
        var stored = new List<ScheduledShift>();
        if (parsed.Count > 0)
        {
            var minDate = parsed.Min(p => p.Shift.LocalDate).AddDays(-1);
            var maxDate = parsed.Max(p => p.Shift.LocalDate).AddDays(1);
            stored = await db.Shifts.Where(s => employeeIds.Contains(s.EmployeeId) && s.LocalDate >= minDate && s.LocalDate <= maxDate).ToListAsync(ct);
        }
        var replaced = parsed.Select(p => (p.EmployeeId, p.Shift.LocalDate)).ToHashSet();
        CheckOverlaps(parsed, stored.Where(s => !replaced.Contains((s.EmployeeId, s.LocalDate))).ToList(), fileName);

        var errors = rows.SelectMany(r => r.Errors).ToList();
        var rejected = rows.Count(r => r.Errors.Count > 0);
        if (errors.Count > 0 && !options.AcceptValid)
        {
            return new SchedulingImportResult(rows.Count, 0, 0, 0, 0, rejected, errors, null);
        }

        // Apply: per (person, date), the file's rows replace the stored ones; identical sets are left alone.
        var valid = parsed.Where(p => p.Row.Errors.Count == 0).ToList();
        int created = 0, updated = 0, unchanged = 0, deleted = 0;
        foreach (var group in valid.GroupBy(p => (p.EmployeeId, p.Shift.LocalDate)))
        {
            var old = stored.Where(s => s.EmployeeId == group.Key.EmployeeId && s.LocalDate == group.Key.LocalDate).ToList();
            var incoming = group.Select(p => p.Shift).ToList();
            if (SameShifts(old, incoming))
            {
                unchanged += incoming.Count;
                continue;
            }
            if (old.Count > 0)
            {
                updated += incoming.Count;
                deleted += old.Count;
                db.Shifts.RemoveRange(old);
            }
            else
            {
                created += incoming.Count;
            }
            db.Shifts.AddRange(incoming);
        }
        if (options.DryRun)
        {
            db.ChangeTracker.Clear();
        }
        else
        {
            await db.SaveChangesAsync(ct);
        }
        var rejectedCsv = errors.Count > 0 ? SchedulingCsv.RejectedCsv(header, rows.Where(r => r.Errors.Count > 0)) : null;
        return new SchedulingImportResult(rows.Count, created, updated, unchanged, deleted, rejected, errors, rejectedCsv);
    }

    private static TimeSpan? Time(string text, bool allowEndOfDay)
    {
        if (allowEndOfDay && text == "24:00")
        {
            return TimeSpan.FromDays(1);
        }
        return TimeOnly.TryParseExact(text, ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time.ToTimeSpan()
            : null;
    }

    private static void CheckOverlaps(List<Parsed> parsed, List<ScheduledShift> otherStored, string fileName)
    {
        foreach (var person in parsed.GroupBy(p => p.EmployeeId))
        {
            var ordered = person.OrderBy(p => p.Shift.StartUtc).ThenBy(p => p.Row.Number).ToList();
            for (var i = 1; i < ordered.Count; i++)
            {
                for (var j = i - 1; j >= 0; j--)
                {
                    if (ordered[j].Shift.EndUtc > ordered[i].Shift.StartUtc)
                    {
                        var (a, b) = ordered[j].Row.Number < ordered[i].Row.Number ? (ordered[j], ordered[i]) : (ordered[i], ordered[j]);
                        b.Row.Errors.Add($"{fileName}: row {b.Row.Number}, field start: {b.EmployeeNumber}'s {b.Shift.Activity} {b.Shift.LocalDate:yyyy-MM-dd} {b.Shift.LocalStart:HH\\:mm}-{b.Shift.LocalEnd:HH\\:mm} overlaps row {a.Row.Number} ({a.Shift.Activity} {a.Shift.LocalStart:HH\\:mm}-{a.Shift.LocalEnd:HH\\:mm})");
                        break;
                    }
                }
            }
            foreach (var p in person)
            {
                var clash = otherStored.FirstOrDefault(s => s.EmployeeId == p.EmployeeId && s.StartUtc < p.Shift.EndUtc && p.Shift.StartUtc < s.EndUtc);
                if (clash is not null)
                {
                    p.Row.Errors.Add($"{fileName}: row {p.Row.Number}, field start: {p.EmployeeNumber}'s {p.Shift.Activity} overlaps the stored {clash.Activity} of {clash.LocalDate:yyyy-MM-dd} {clash.LocalStart:HH\\:mm}-{clash.LocalEnd:HH\\:mm}");
                }
            }
        }
    }

    private static bool SameShifts(List<ScheduledShift> stored, List<ScheduledShift> incoming) =>
        stored.Count == incoming.Count
        && stored.OrderBy(s => s.StartUtc).Zip(incoming.OrderBy(s => s.StartUtc))
            .All(x => x.First.StartUtc == x.Second.StartUtc && x.First.EndUtc == x.Second.EndUtc && x.First.Activity == x.Second.Activity);
}
