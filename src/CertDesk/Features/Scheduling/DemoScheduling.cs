namespace CertDesk.Features.Scheduling;

/// <summary>
/// The demo scheduler data for the Columbus site: five queues (one per line, served by its two teams), a site coverage
/// rule (1 supervisor per 15 agents, at least 2), a forecast and staggered schedules for three weeks of weekdays from
/// the Monday of the current week. Deterministic for a given week; it goes in through the same imports a customer uses.
/// </summary>
public sealed class DemoScheduling(CertDeskDbContext db, ForecastImport forecasts, ScheduleImport schedules, TimeProvider clock)
{
    public const string SiteName = "Columbus";
    public const int Weeks = 3;

    /// <summary>
    /// Weekday arrival shape, Monday to Friday, 07:00-21:00 in 15-minute intervals, in percent of the busiest interval:
    /// the mean of the real bank call-arrival series (Weinberg, Brown and Stroud 2007; R package fpp3, data set
    /// bank_calls, GPL-3; shared/data/fpp3_bank_calls_5min.csv), three 5-minute slots summed to 15 minutes.
    /// </summary>
    private static readonly int[][] s_shape =
    [
        [21, 19, 22, 27, 40, 47, 56, 64, 84, 93, 98, 99, 98, 100, 99, 99, 98, 98, 95, 95, 93, 92, 92, 91, 88, 88, 87, 86, 86, 85, 85, 84, 82, 82, 80, 80, 76, 74, 69, 65, 57, 55, 50, 48, 44, 43, 40, 38, 36, 34, 33, 32, 30, 28, 28, 26],
        [26, 24, 26, 30, 40, 46, 53, 62, 77, 84, 89, 89, 90, 89, 89, 88, 87, 87, 85, 84, 82, 82, 80, 80, 78, 77, 77, 76, 74, 74, 74, 73, 71, 71, 70, 68, 66, 64, 60, 58, 52, 49, 46, 42, 39, 38, 36, 34, 32, 30, 29, 28, 27, 25, 25, 23],
        [25, 23, 25, 29, 37, 43, 50, 56, 70, 77, 82, 81, 81, 82, 82, 82, 80, 80, 79, 80, 77, 76, 75, 74, 75, 72, 72, 72, 70, 71, 71, 70, 69, 67, 68, 66, 63, 62, 58, 55, 49, 47, 43, 41, 38, 37, 35, 33, 30, 29, 28, 27, 25, 25, 24, 22],
        [27, 23, 26, 30, 38, 43, 50, 56, 70, 77, 80, 81, 82, 82, 81, 80, 80, 80, 77, 77, 74, 75, 75, 73, 72, 72, 72, 72, 70, 71, 72, 71, 68, 69, 68, 69, 65, 63, 59, 57, 50, 48, 44, 42, 38, 38, 35, 33, 30, 29, 28, 26, 25, 23, 23, 22],
        [30, 27, 29, 33, 43, 49, 55, 62, 76, 84, 85, 86, 86, 87, 87, 87, 83, 84, 81, 81, 78, 78, 78, 78, 76, 76, 76, 75, 74, 74, 75, 74, 73, 73, 71, 69, 67, 65, 60, 57, 51, 49, 45, 42, 38, 37, 33, 31, 28, 27, 25, 23, 21, 20, 19, 17],
    ];

    // Line (team number modulo 5) -> queue: busiest-interval contacts and AHT; Retention has a known patience (Erlang A).
    private static readonly (string Line, decimal Peak, int Aht, int? Patience)[] s_queues =
    [
        ("Billing", 34m, 300, null),
        ("Tech Support", 22m, 420, null),
        ("Sales", 26m, 360, null),
        ("Retention", 20m, 480, 180),
        ("Claims", 24m, 390, null),
    ];

    // Agent start times per team (8-hour shifts): the floor follows the morning peak and the long evening tail.
    private static readonly int[] s_agentStarts = [7, 7, 7, 8, 8, 8, 9, 9, 9, 11, 11, 13, 13, 13];

    public async Task<bool> SeedAsync(CancellationToken ct)
    {
        var site = await db.Sites.FirstOrDefaultAsync(s => s.Name == SiteName, ct);
        if (site is null || await db.Queues.AnyAsync(ct))
        {
            return false;
        }
        var teams = await db.Teams.Where(t => t.SiteId == site.Id).OrderBy(t => t.Code).ToListAsync(ct);
        for (var q = 0; q < s_queues.Length; q++)
        {
            var (line, _, _, patience) = s_queues[q];
            db.Queues.Add(new Queue
            {
                Name = $"{SiteName} {line}",
                SiteId = site.Id,
                Teams = teams.Where(t => (int.Parse(t.Code[^2..], CultureInfo.InvariantCulture) - 1) % 5 == q).ToList(),
                ServiceLevel = 0.8m,
                TargetSeconds = 20,
                PatienceSeconds = patience,
                MaxOccupancy = 0.9m,
                Shrinkage = 0.3m,
            });
        }
        db.CoverageRules.Add(new CoverageRule { SiteId = site.Id, AgentsPerSupervisor = 15, MinimumSupervisors = 2 });
        await db.SaveChangesAsync(ct);

        var zone = SiteClock.Zone(site.TimeZone);
        var today = DateOnly.FromDateTime(SiteClock.ToLocal(clock.GetUtcNow().UtcDateTime, zone));
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var days = Enumerable.Range(0, Weeks * 7).Select(monday.AddDays).Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)).ToList();

        await ImportAsync(forecasts.RunAsync, ForecastCsv(days, zone), "demo-forecast.csv", ct);
        var people = await db.Employees.AsNoTracking()
            .Where(e => e.SiteId == site.Id && e.Status == EmploymentStatus.Active && (e.JobRole == "Agent" || e.JobRole == "Supervisor" || e.JobRole == "Manager"))
            .Select(e => new { e.EmployeeNumber, e.JobRole, TeamCode = e.Team != null ? e.Team.Code : null })
            .OrderBy(e => e.EmployeeNumber).ToListAsync(ct);
        var csv = new StringBuilder("employee_id,date,start,end,activity\n");
        var agentIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var person in people)
        {
            int start, end;
            if (person.JobRole == "Agent" && person.TeamCode is { } team)
            {
                var i = agentIndex.GetValueOrDefault(team);
                agentIndex[team] = i + 1;
                start = s_agentStarts[i % s_agentStarts.Length];
                end = start + 8;
            }
            else if (person.JobRole == "Supervisor" && person.TeamCode is { } code)
            {
                // Odd teams' supervisors open, even teams' close.
                start = int.Parse(code[^2..], CultureInfo.InvariantCulture) % 2 == 1 ? 7 : 13;
                end = start + 8;
            }
            else
            {
                (start, end) = (8, 17);
            }
            foreach (var day in days)
            {
                csv.Append(CultureInfo.InvariantCulture, $"{person.EmployeeNumber},{day:yyyy-MM-dd},{start:00}:00,{end:00}:00,work\n");
            }
        }
        await ImportAsync(schedules.RunAsync, csv.ToString(), "demo-schedule.csv", ct);
        return true;
    }

    private static string ForecastCsv(List<DateOnly> days, TimeZoneInfo zone)
    {
        var random = new Random(20261201);
        var csv = new StringBuilder("queue,interval_start,calls,aht_seconds\n");
        foreach (var day in days)
        {
            var shape = s_shape[((int)day.DayOfWeek + 6) % 7];
            for (var slot = 0; slot < shape.Length; slot++)
            {
                var utc = SiteClock.ToUtc(day, new TimeOnly(7, 0).AddMinutes(slot * 15), zone, out _);
                if (utc is null)
                {
                    continue;
                }
                foreach (var (line, peak, aht, _) in s_queues)
                {
                    var calls = Math.Round(peak * shape[slot] / 100m * (0.95m + (decimal)random.Next(0, 11) / 100m), 1);
                    csv.Append(CultureInfo.InvariantCulture, $"{SiteName} {line},{utc:yyyy-MM-dd'T'HH:mm:ss}Z,{calls},{aht}\n");
                }
            }
        }
        return csv.ToString();
    }

    private static async Task ImportAsync(Func<Stream, string, SchedulingImportOptions, CancellationToken, Task<SchedulingImportResult>> import, string csv, string name, CancellationToken ct)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv));
        var result = await import(stream, name, new SchedulingImportOptions(), ct);
        if (result.Errors.Count > 0)
        {
            throw new InvalidOperationException($"The demo {name} does not validate: " + string.Join("; ", result.Errors.Take(3)));
        }
    }
}
