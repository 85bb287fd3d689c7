using System.Text.RegularExpressions;
using CertDesk.Files;

namespace CertDesk.Features.Scheduling;

/// <summary>
/// The activity code a session kind is given in the schedule exceptions (configuration section
/// <c>Scheduling:ExceptionActivities</c>). The defaults are activities <c>import schedule</c> knows, so an export imports
/// back; a center whose WFM tool names them otherwise ("TRN", "Class room") sets its own codes.
/// </summary>
public sealed partial class SessionExceptionOptions
{
    public const string Section = "Scheduling:ExceptionActivities";

    public string Class { get; set; } = "training";
    public string Exam { get; set; } = "exam";
    public string Coaching { get; set; } = "coaching";

    public string For(SessionKind kind) => kind switch
    {
        SessionKind.Exam => Exam,
        SessionKind.Coaching => Coaching,
        _ => Class,
    };

    /// <summary>
    /// A code is a CSV cell a WFM tool matches by name: 1 to 32 letters, digits, spaces and <c>_ - . /</c>, starting with a
    /// letter or digit (so no comma, quote, line break or spreadsheet formula can come from the configuration).
    /// </summary>
    public IEnumerable<string> Problems()
    {
        foreach (var (key, code) in new[] { ("Class", Class), ("Exam", Exam), ("Coaching", Coaching) })
        {
            if (code is null || !CodePattern().IsMatch(code))
            {
                yield return $"{Section}:{key} '{code}' is not an activity code (1-32 letters, digits, spaces, _ - . /, starting with a letter or digit)";
            }
        }
    }

    /// <summary>A bad code stops the host at start, naming the setting (rather than a WFM tool meeting it in a file).</summary>
    public sealed class Check : IValidateOptions<SessionExceptionOptions>
    {
        public ValidateOptionsResult Validate(string? name, SessionExceptionOptions options)
        {
            ArgumentNullException.ThrowIfNull(options);
            var problems = options.Problems().ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9 _./-]{0,31}$")]
    private static partial Regex CodePattern();
}

/// <summary>One schedule exception: an attendee away from the floor for a session, in the local time of their site.</summary>
public sealed record SessionExceptionRow(
    string EmployeeNumber, DateOnly Date, TimeOnly Start, TimeOnly End, string Activity, Guid SessionId, DateTime StartUtc);

/// <summary>
/// Training sessions as schedule exceptions for the WFM tool: the contract's schedule CSV
/// (<c>employee_id,date,start,end,activity</c>), one row per attendee per session, so the WFM tool takes trainees off the
/// floor. Only scheduled sessions count: a cancelled session, an attendee taken off a session and a person separated on
/// or before the session's date drop out of the next export. Each row is in the time zone of the <b>attendee's</b> site
/// (the schedule format's rule; a person at Phoenix in a Columbus class is away at Phoenix's clock), and a site's
/// exceptions are those of the people of that site, wherever the session is held: the site's WFM tool schedules them.
/// </summary>
public sealed class SessionExceptions(CertDeskDbContext db, OrganizationScope scope, IOptions<SessionExceptionOptions> options, TimeProvider clock)
{
    public static readonly string Header = string.Join(',', ScheduleImport.Columns);

    /// <summary>Days before and after today (UTC) that an export without dates covers: last week's sessions and the next 13 weeks.</summary>
    public const int DefaultDaysBack = 7;
    public const int DefaultDaysAhead = 91;

    /// <summary>The longest window one export covers (a feed is polled, not a history dump).</summary>
    public const int MaxWindowDays = 400;

    /// <summary>
    /// The CSV for a caller: people who manage people get the exceptions of those they may see (managers their part of the
    /// org chart); a WFM feed account (<see cref="Roles.WfmFeed"/>) the whole of the one site it was issued for
    /// (<paramref name="feedSite"/>) and nothing else. A site that does not exist is NotFound; dates are 422.
    /// </summary>
    public async Task<Outcome<string>> CsvAsync(Caller caller, Guid? feedSite, Guid? siteId, string? from, string? to, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        IReadOnlySet<Guid>? visible = null;
        if (caller.IsIn(Roles.WfmFeed))
        {
            if (feedSite is null || siteId != feedSite)
            {
                return Outcome<string>.Forbidden();
            }
        }
        else if (caller.IsOrganizationWide || caller.IsIn(Roles.Manager))
        {
            visible = await scope.VisibleEmployeeIdsAsync(caller, ct);
        }
        else
        {
            return Outcome<string>.Forbidden();
        }
        if (siteId is { } site && !await db.Sites.AnyAsync(s => s.Id == site, ct))
        {
            return Outcome<string>.NotFound();
        }
        var (start, end, errors) = Window(from, to);
        if (errors.Count > 0)
        {
            return Outcome<string>.Invalid(errors);
        }
        return Outcome<string>.Ok(Csv(await RowsAsync(siteId, start, end, visible, ct)));
    }

    /// <summary>A site named by its name (any letter case) or id, for the command line; null with the reason otherwise.</summary>
    public async Task<(Guid? Id, string? Error)> SiteAsync(string text, CancellationToken ct)
    {
        var sites = await db.Sites.AsNoTracking().Select(s => new { s.Id, s.Name }).ToListAsync(ct);
        var found = sites.FirstOrDefault(s => Guid.TryParse(text, out var id) ? s.Id == id : string.Equals(s.Name, text.Trim(), StringComparison.OrdinalIgnoreCase));
        return found is not null ? (found.Id, null)
            : (null, $"'{text}' is not a site (the sites: {string.Join(", ", sites.Select(s => s.Name).Order(StringComparer.Ordinal))})");
    }

    /// <summary>
    /// The window from the texts given (yyyy-MM-dd; either may be empty: the default). Errors name the field as the
    /// caller wrote it (<c>from</c>/<c>to</c>; the CLI prefixes <c>--</c>).
    /// </summary>
    public (DateOnly From, DateOnly To, Dictionary<string, string[]> Errors) Window(string? from, string? to)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        DateOnly Read(string field, string? text, DateOnly fallback)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return fallback;
            }
            if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return date;
            }
            errors[field] = [$"'{text}' is not a date (yyyy-MM-dd)"];
            return fallback;
        }
        var start = Read("from", from, today.AddDays(-DefaultDaysBack));
        var end = Read("to", to, string.IsNullOrWhiteSpace(from) ? today.AddDays(DefaultDaysAhead) : start.AddDays(DefaultDaysBack + DefaultDaysAhead));
        if (errors.Count == 0 && end < start)
        {
            errors["to"] = [$"{end:yyyy-MM-dd} is before from ({start:yyyy-MM-dd})"];
        }
        else if (errors.Count == 0 && end.DayNumber - start.DayNumber + 1 > MaxWindowDays)
        {
            errors["to"] = [$"the window from {start:yyyy-MM-dd} to {end:yyyy-MM-dd} is longer than {MaxWindowDays} days"];
        }
        return (start, end, errors);
    }

    /// <summary>
    /// The exceptions whose local date (at the attendee's site) is within [from, to], of the people of <paramref name="siteId"/>
    /// (all sites when null) among <paramref name="visibleEmployees"/> (everyone when null), ordered by person and start.
    /// </summary>
    public async Task<IReadOnlyList<SessionExceptionRow>> RowsAsync(Guid? siteId, DateOnly from, DateOnly to, IReadOnlySet<Guid>? visibleEmployees, CancellationToken ct)
    {
        // Every zone is within a day of UTC: the UTC window is widened by two days and the local dates decide.
        var fromUtc = DateTime.SpecifyKind(from.AddDays(-2).ToDateTime(TimeOnly.MinValue), DateTimeKind.Utc);
        var toUtc = DateTime.SpecifyKind(to.AddDays(2).ToDateTime(TimeOnly.MinValue), DateTimeKind.Utc);
        var attendees = db.Sessions.AsNoTracking()
            .Where(s => s.Status == SessionStatus.Scheduled && s.StartUtc >= fromUtc && s.StartUtc < toUtc)
            .SelectMany(s => s.Attendees, (s, a) => new
            {
                SessionId = s.Id,
                s.Kind,
                s.StartUtc,
                s.EndUtc,
                SessionSiteId = s.SiteId,
                SessionZone = s.Site!.TimeZone,
                a.EmployeeId,
                a.Employee!.EmployeeNumber,
                a.Employee.Status,
                a.Employee.SeparationDate,
                a.Employee.SiteId,
                EmployeeZone = a.Employee.Site != null ? a.Employee.Site.TimeZone : null,
            });
        if (siteId is { } site)
        {
            // A person without a site is counted at the session's site (the only clock there is for them).
            attendees = attendees.Where(x => x.SiteId == site || (x.SiteId == null && x.SessionSiteId == site));
        }
        var found = await attendees.ToListAsync(ct);

        var codes = options.Value;
        var rows = new List<SessionExceptionRow>();
        foreach (var x in found)
        {
            if (visibleEmployees is not null && !visibleEmployees.Contains(x.EmployeeId))
            {
                continue;
            }
            var zone = SiteClock.Zone(x.EmployeeZone ?? x.SessionZone);
            var start = SiteClock.ToLocal(x.StartUtc, zone);
            var end = SiteClock.ToLocal(x.EndUtc, zone);
            var date = DateOnly.FromDateTime(start);
            if (date < from || date > to)
            {
                continue;
            }
            // Separated on or before the session's day: not there. (A separation takes people off future sessions; one dated
            // ahead is already on the record, and from its date the person is gone.)
            if (x.SeparationDate is { } leaves ? leaves <= date : x.Status == EmploymentStatus.Separated)
            {
                continue;
            }
            rows.Add(new SessionExceptionRow(x.EmployeeNumber, date, TimeOnly.FromDateTime(start), TimeOnly.FromDateTime(end), codes.For(x.Kind), x.SessionId, x.StartUtc));
        }
        return [.. rows.OrderBy(r => r.EmployeeNumber, StringComparer.Ordinal).ThenBy(r => r.StartUtc).ThenBy(r => r.SessionId)];
    }

    /// <summary>
    /// The rows as the schedule CSV. Records end in CRLF (RFC 4180), as every CSV the web application serves; the CLI
    /// writes the same bytes, so a file from either imports the same. An end at midnight is written <c>00:00</c>: an end
    /// at or before the start is the next day's, as <c>import schedule</c> reads it.
    /// </summary>
    public static string Csv(IEnumerable<SessionExceptionRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var csv = new StringBuilder(Header).Append("\r\n");
        foreach (var r in rows)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{Cell(r.EmployeeNumber)},{r.Date:yyyy-MM-dd},{r.Start:HH\\:mm},{r.End:HH\\:mm},{Cell(r.Activity)}").Append("\r\n");
        }
        return csv.ToString();
    }

    private static string Cell(string text)
    {
        var safe = CellSafety.Neutralize(text);
        return safe.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + safe.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : safe;
    }
}
