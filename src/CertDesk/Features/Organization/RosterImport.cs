using System.Net.Mail;
using CertDesk.Files;
using nietras.SeparatedValues;

namespace CertDesk.Features.Organization;

public sealed record RosterImportOptions(bool DryRun = false, bool AcceptValid = false);

public sealed record RosterImportResult(
    int Rows, int Created, int Updated, int Unchanged, int Separated, int Rejected,
    IReadOnlyList<string> Errors, string? RejectedCsv)
{
    /// <summary>True when nothing was written because of errors (all-or-nothing mode).</summary>
    public bool Failed => Errors.Count > 0 && RejectedCsv is null;
}

/// <summary>
/// The HRIS roster import of the contract: every row validated (row, field, reason), all-or-nothing unless
/// accept-valid, idempotent (an unchanged row changes nothing), separations recorded, never deleted.
/// Row numbers are spreadsheet rows: the header is row 1.
/// </summary>
public sealed class RosterImport(CertDeskDbContext db, IEnumerable<ISeparationListener> separationListeners, TimeProvider clock)
{
    public const long MaxFileBytes = 20L * 1024 * 1024;

    public static readonly string[] Columns =
    [
        "employee_id", "first_name", "last_name", "email", "title", "role", "team_id", "site",
        "manager_employee_id", "hire_date", "status", "separation_date", "separation_reason", "hourly_loaded_cost",
    ];

    private static readonly HashSet<string> s_separationReasons = new(StringComparer.Ordinal)
    {
        "resignation", "for_cause", "not_completed", "layoff", "death", "disability", "retirement", "other",
    };

    /// <summary>Imports the roster, measured (<see cref="Observability.CertDeskTelemetry.MeasureImportAsync"/>).</summary>
    public Task<RosterImportResult> RunAsync(Stream file, string fileName, RosterImportOptions options, CancellationToken ct) =>
        Observability.CertDeskTelemetry.MeasureImportAsync("roster", options.DryRun, () => ImportAsync(file, fileName, options, ct),
            r => new Observability.ImportTally(r.Rows, r.Failed));

    private async Task<RosterImportResult> ImportAsync(Stream file, string fileName, RosterImportOptions options, CancellationToken ct)
    {
        var (source, openError) = await OpenAsync(file, fileName, ct);
        if (source is null)
        {
            return Fail(openError!);
        }
        await using var copied = source == file ? null : source; // a copy of ours (the caller closes its stream)
        var start = source.Position;

        var parsed = Parse(source, fileName, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        if (parsed.FileError is not null)
        {
            return Fail(parsed.FileError);
        }

        var existing = await db.Employees.AsNoTracking().ToDictionaryAsync(e => e.EmployeeNumber, StringComparer.Ordinal, ct);
        var rows = parsed.Rows;
        CheckManagers(rows, existing, fileName);

        var errors = rows.Where(r => r.Errors.Count > 0).SelectMany(r => r.Errors).ToList();
        var valid = rows.Where(r => r.Errors.Count == 0).ToList();
        if (errors.Count > 0 && !options.AcceptValid)
        {
            return new RosterImportResult(rows.Count, 0, 0, 0, 0, rows.Count(r => r.Errors.Count > 0), errors, null);
        }

        var counts = await ApplyAsync(valid, existing, options.DryRun, ct);
        string? rejectedCsv = null;
        if (errors.Count > 0)
        {
            source.Position = start;
            rejectedCsv = RejectedCsv(source, parsed.Header, rows.Where(r => r.Errors.Count > 0).ToList());
        }
        return new RosterImportResult(rows.Count, counts.Created, counts.Updated, counts.Unchanged, counts.Separated,
            rows.Count(r => r.Errors.Count > 0), errors, rejectedCsv);

        static RosterImportResult Fail(string error) => new(0, 0, 0, 0, 0, 0, [error], null);
    }

    /// <summary>
    /// The file as a stream that can be read twice, of at most <see cref="MaxFileBytes"/>: as given when it can seek (a
    /// named file, an upload the form reader buffered), else copied into memory up to the limit. The rows are streamed
    /// through the CSV reader and only their checked values kept; the rejected file reads the rejected rows' cells again.
    /// </summary>
    private static async Task<(Stream? Source, string? Error)> OpenAsync(Stream file, string fileName, CancellationToken ct)
    {
        var tooLarge = $"{fileName}: the file is larger than the limit of {MaxFileBytes / (1024 * 1024)} MB";
        var empty = $"{fileName}: the file is empty (a header row is required)";
        if (file.CanSeek)
        {
            var length = file.Length - file.Position;
            return length > MaxFileBytes ? (null, tooLarge) : length == 0 ? (null, empty) : (file, null);
        }
        var copy = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await file.ReadAsync(chunk, ct)) > 0)
        {
            if (copy.Length + read > MaxFileBytes)
            {
                await copy.DisposeAsync();
                return (null, tooLarge);
            }
            copy.Write(chunk, 0, read);
        }
        if (copy.Length == 0)
        {
            await copy.DisposeAsync();
            return (null, empty);
        }
        copy.Position = 0;
        return (copy, null);
    }

    /// <summary>A row's checked values: what validation, the manager checks and the write need (not its raw cells).</summary>
    private sealed class Row
    {
        public int Number { get; init; }
        public List<string> Errors { get; } = [];
        public string EmployeeId = "", FirstName = "", LastName = "", Email = "", Title = "", Role = "", TeamId = "", Site = "", ManagerId = "";
        public DateOnly HireDate;
        public EmploymentStatus Status;
        public DateOnly? SeparationDate;
        public string? SeparationReason;
        public decimal HourlyCost;
    }

    private sealed record ParsedFile(string[] Header, List<Row> Rows, string? FileError);

    private static SepReader OpenCsv(Stream source) =>
        Sep.New(',').Reader(o => o with { Unescape = true, DisableColCountCheck = true }).From(ImportRules.StrictUtf8(source, leaveOpen: true));

    private static string[] Cells(SepReader.Row record, int columns)
    {
        var raw = new string[columns];
        for (var i = 0; i < columns && i < record.ColCount; i++)
        {
            raw[i] = record[i].ToString();
        }
        return raw;
    }

    private static ParsedFile Parse(Stream source, string fileName, DateOnly today)
    {
        var rows = new List<Row>();
        var nul = $"{fileName}: the file holds NUL characters; save it as UTF-8 CSV text";
        try
        {
            using var reader = OpenCsv(source);
            var header = reader.Header.ColNames.Select(c => c.Trim()).ToArray();
            if (header.Any(c => c.Contains('\0', StringComparison.Ordinal)))
            {
                return new ParsedFile(header, rows, nul);
            }
            var missing = Columns.Where(c => !header.Contains(c, StringComparer.Ordinal)).ToList();
            if (missing.Count > 0 && Files.ImportRules.Separator(fileName, header, [.. Columns]) is { } separator)
            {
                return new ParsedFile(header, rows, separator);
            }
            if (missing.Count > 0)
            {
                return new ParsedFile(header, rows, $"{fileName}: row 1: missing column(s) {string.Join(", ", missing)}; expected {string.Join(",", Columns)}");
            }
            var index = Columns.ToDictionary(c => c, c => Array.IndexOf(header, c), StringComparer.Ordinal);
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var record in reader)
            {
                if (record.Span.Contains('\0'))
                {
                    return new ParsedFile(header, [], nul);
                }
                var number = record.LineNumberFrom;
                var row = new Row { Number = number };
                if (record.ColCount != header.Length)
                {
                    row.Errors.Add($"{fileName}: row {number}: has {record.ColCount} fields, the header has {header.Length}");
                    rows.Add(row);
                    continue;
                }
                Validate(row, Cells(record, header.Length), index, fileName, today);
                if (row.EmployeeId.Length > 0)
                {
                    if (seen.TryGetValue(row.EmployeeId, out var first))
                    {
                        row.Errors.Add($"{fileName}: row {number}, field employee_id: '{row.EmployeeId}' is a duplicate of row {first}");
                    }
                    else
                    {
                        seen[row.EmployeeId] = number;
                    }
                }
                rows.Add(row);
            }
        }
        catch (DecoderFallbackException)
        {
            return new ParsedFile([], [], ImportRules.NotUtf8(fileName));
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or ArgumentException)
        {
            return new ParsedFile([], rows, $"{fileName}: not a readable CSV file: {e.Message}");
        }
        if (rows.Count == 0)
        {
            return new ParsedFile([], rows, $"{fileName}: the file has a header but no rows");
        }
        return new ParsedFile(Columns, rows, null);
    }

    private static void Validate(Row row, string[] raw, Dictionary<string, int> index, string fileName, DateOnly today)
    {
        string Field(string column) => raw[index[column]].Trim();
        void Error(string column, string reason) => row.Errors.Add($"{fileName}: row {row.Number}, field {column}: {reason}");

        foreach (var column in Columns)
        {
            if (CellSafety.LooksLikeFormula(raw[index[column]]))
            {
                Error(column, $"'{raw[index[column]]}' looks like a spreadsheet formula; remove the leading character");
            }
        }
        if (row.Errors.Count > 0)
        {
            return;
        }

        row.EmployeeId = Field("employee_id");
        if (row.EmployeeId.Length is 0 or > 64)
        {
            Error("employee_id", "is required (at most 64 characters)");
        }
        row.FirstName = Field("first_name");
        row.LastName = Field("last_name");
        if (row.FirstName.Length is 0 or > 100)
        {
            Error("first_name", "is required (at most 100 characters)");
        }
        if (row.LastName.Length is 0 or > 100)
        {
            Error("last_name", "is required (at most 100 characters)");
        }
        row.Email = Field("email");
        if (!IsEmail(row.Email))
        {
            Error("email", $"'{row.Email}' is not an e-mail address");
        }
        row.Title = Field("title");
        if (row.Title.Length > 120)
        {
            Error("title", "has more than 120 characters");
        }
        row.Role = Field("role");
        if (row.Role.Length is 0 or > 64)
        {
            Error("role", "is required (the job role, e.g. Agent, Supervisor, Manager)");
        }
        row.TeamId = Field("team_id");
        row.Site = Field("site");
        if (row.TeamId.Length > 64)
        {
            Error("team_id", "has more than 64 characters");
        }
        if (row.Site.Length > 120)
        {
            Error("site", "has more than 120 characters");
        }
        if (row.TeamId.Length > 0 && row.Site.Length == 0)
        {
            Error("site", $"is required when team_id is given (team '{row.TeamId}')");
        }
        row.ManagerId = Field("manager_employee_id");
        if (row.ManagerId.Length > 0 && row.ManagerId == row.EmployeeId)
        {
            Error("manager_employee_id", "an employee cannot be their own manager");
        }

        var hire = Field("hire_date");
        if (!DateOnly.TryParseExact(hire, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out row.HireDate))
        {
            Error("hire_date", $"'{hire}' is not a date (yyyy-MM-dd)");
        }

        var status = Field("status").ToLowerInvariant();
        switch (status)
        {
            case "active":
                row.Status = EmploymentStatus.Active;
                break;
            case "separated":
                row.Status = EmploymentStatus.Separated;
                break;
            default:
                Error("status", $"'{Field("status")}' is not 'active' or 'separated'");
                break;
        }

        var separation = Field("separation_date");
        if (separation.Length > 0)
        {
            if (DateOnly.TryParseExact(separation, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                row.SeparationDate = date;
                if (date < row.HireDate)
                {
                    Error("separation_date", $"{separation} is before the hire date {hire}");
                }
            }
            else
            {
                Error("separation_date", $"'{separation}' is not a date (yyyy-MM-dd)");
            }
        }
        var reason = Field("separation_reason").ToLowerInvariant();
        if (reason.Length > 0)
        {
            if (s_separationReasons.Contains(reason))
            {
                row.SeparationReason = reason;
            }
            else
            {
                Error("separation_reason", $"'{Field("separation_reason")}' is not one of {string.Join(", ", s_separationReasons)}");
            }
        }
        if (row.Status == EmploymentStatus.Separated && (row.SeparationDate is null || row.SeparationReason is null))
        {
            Error("separation_date", "a separated employee needs a separation_date and a separation_reason");
        }
        // An active row with a future date and a reason is a scheduled separation (as the Separate page records it, and as
        // the roster export writes it): the person stays active and PendingSeparations applies it on its date.
        if (row.Status == EmploymentStatus.Active && (separation.Length > 0 || reason.Length > 0))
        {
            if (row.SeparationDate is not { } leaving || row.SeparationReason is null)
            {
                Error("separation_date", "a separation scheduled ahead needs both a separation_date and a separation_reason");
            }
            else if (leaving <= today)
            {
                Error("status", string.Create(CultureInfo.InvariantCulture, $"the separation date {leaving:yyyy-MM-dd} has come: the status must be 'separated' (an active person may only have a separation scheduled after today)"));
            }
            else if (leaving > today.AddYears(1))
            {
                Error("separation_date", string.Create(CultureInfo.InvariantCulture, $"{leaving:yyyy-MM-dd} is more than a year ahead; a separation can be scheduled up to {today.AddYears(1):yyyy-MM-dd}"));
            }
        }

        var cost = Field("hourly_loaded_cost");
        if (cost.Length == 0)
        {
            row.HourlyCost = 0m;
        }
        else if (!decimal.TryParse(cost, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out row.HourlyCost) || row.HourlyCost > 100000m)
        {
            Error("hourly_loaded_cost", $"'{cost}' is not a non-negative amount (e.g. 42.50)");
        }
    }

    private static bool IsEmail(string text) =>
        text.Length is > 3 and <= 254 && !text.Contains(' ', StringComparison.Ordinal)
        && MailAddress.TryCreate(text, out var address) && address.Address == text && text.Contains('.', StringComparison.Ordinal);

    /// <summary>Managers must exist (in the file or already) and the chain must not loop.</summary>
    private static void CheckManagers(List<Row> rows, Dictionary<string, Employee> existing, string fileName)
    {
        var fileIds = rows.Where(r => r.Errors.Count == 0).ToDictionary(r => r.EmployeeId, StringComparer.Ordinal);
        var anyRowIds = rows.Select(r => r.EmployeeId).ToHashSet(StringComparer.Ordinal);
        foreach (var row in rows.Where(r => r.Errors.Count == 0 && r.ManagerId.Length > 0))
        {
            if (!fileIds.ContainsKey(row.ManagerId) && !existing.ContainsKey(row.ManagerId))
            {
                var invalid = anyRowIds.Contains(row.ManagerId);
                row.Errors.Add($"{fileName}: row {row.Number}, field manager_employee_id: '{row.ManagerId}' is {(invalid ? "a rejected row" : "not a known employee")}");
            }
        }

        // The chain after the import: file rows override what the database has.
        var managerOf = existing.Values.ToDictionary(e => e.EmployeeNumber, e => (string?)null, StringComparer.Ordinal);
        var idToNumber = existing.Values.ToDictionary(e => e.Id, e => e.EmployeeNumber);
        foreach (var e in existing.Values)
        {
            managerOf[e.EmployeeNumber] = e.ManagerId is { } m && idToNumber.TryGetValue(m, out var number) ? number : null;
        }
        foreach (var row in rows.Where(r => r.Errors.Count == 0))
        {
            managerOf[row.EmployeeId] = row.ManagerId.Length > 0 ? row.ManagerId : null;
        }
        // People whose chain is known to end at someone without a manager: a later walk stops there, so a valid
        // roster costs one step per person however deep the chart is.
        var reachesTop = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows.Where(r => r.Errors.Count == 0 && r.ManagerId.Length > 0))
        {
            var visited = new List<string> { row.EmployeeId };
            var seen = new HashSet<string>(StringComparer.Ordinal) { row.EmployeeId };
            var current = row.ManagerId;
            var loops = false;
            while (current is not null && !reachesTop.Contains(current))
            {
                if (!seen.Add(current))
                {
                    row.Errors.Add($"{fileName}: row {row.Number}, field manager_employee_id: the manager chain {row.EmployeeId} -> {string.Join(" -> ", visited.Skip(1))} -> {current} loops back");
                    loops = true;
                    break;
                }
                visited.Add(current);
                current = managerOf.GetValueOrDefault(current);
            }
            if (!loops)
            {
                reachesTop.UnionWith(visited);
            }
        }
        // Rows that report to a rejected row cannot be imported either (accept-valid mode), nor those below them.
        var reports = rows.Where(r => r.Errors.Count == 0 && r.ManagerId.Length > 0)
            .ToLookup(r => r.ManagerId, StringComparer.Ordinal);
        var rejected = new Queue<string>(rows.Where(r => r.Errors.Count > 0).Select(r => r.EmployeeId).Distinct(StringComparer.Ordinal));
        while (rejected.TryDequeue(out var id))
        {
            if (existing.ContainsKey(id))
            {
                continue; // the person stays as the database has them; their reports keep a valid manager
            }
            foreach (var row in reports[id].Where(r => r.Errors.Count == 0))
            {
                row.Errors.Add($"{fileName}: row {row.Number}, field manager_employee_id: '{row.ManagerId}' is a rejected row");
                rejected.Enqueue(row.EmployeeId);
            }
        }
    }

    private sealed record Counts(int Created, int Updated, int Unchanged, int Separated);

    /// <summary>Rows written per flush: nothing is held longer, so memory does not grow with the file.</summary>
    private const int ChunkRows = 1000;

    /// <summary>
    /// Writes the valid rows in one transaction, a chunk at a time, managers before their reports (the manager
    /// reference is checked by the database). Unchanged people are not touched at all, so an unchanged re-import
    /// writes nothing but reads the roster once.
    /// </summary>
    private async Task<Counts> ApplyAsync(List<Row> rows, Dictionary<string, Employee> existing, bool dryRun, CancellationToken ct)
    {
        var sites = await db.Sites.AsNoTracking().ToDictionaryAsync(s => s.Name, StringComparer.OrdinalIgnoreCase, ct);
        var teams = await db.Teams.AsNoTracking().ToDictionaryAsync(t => t.Code, StringComparer.Ordinal, ct);
        var numberOf = existing.Values.ToDictionary(e => e.Id, e => e.EmployeeNumber);
        int created = 0, updated = 0, unchanged = 0, separated = 0;

        await using var transaction = dryRun ? null : await db.Database.BeginTransactionAsync(ct);
        var employees = new Dictionary<string, Employee>(existing, StringComparer.Ordinal);
        // New sites, teams and people are written by BulkInsert, outside the change tracker (a first import of 100,000
        // people spent most of its time tracking them); changed people are attached and saved as usual, so their audit
        // entries show what changed.
        var newSites = new List<Site>();
        var newTeams = new List<Team>();
        var newEmployees = new List<Employee>();
        var pending = 0;
        foreach (var row in ManagersFirst(rows))
        {
            Site? site = null;
            if (row.Site.Length > 0 && !sites.TryGetValue(row.Site, out site))
            {
                site = new Site { Name = row.Site };
                sites[row.Site] = site;
                Write(newSites, site);
            }
            Team? team = null;
            if (row.TeamId.Length > 0 && !teams.TryGetValue(row.TeamId, out team))
            {
                team = new Team { Code = row.TeamId, Name = row.TeamId, SiteId = site!.Id };
                teams[row.TeamId] = team;
                Write(newTeams, team);
            }
            var managerId = row.ManagerId.Length > 0 ? employees[row.ManagerId].Id : (Guid?)null;

            if (!employees.TryGetValue(row.EmployeeId, out var employee))
            {
                employee = new Employee { EmployeeNumber = row.EmployeeId, FirstName = row.FirstName, LastName = row.LastName, Email = row.Email };
                employees[row.EmployeeId] = employee;
                Assign(employee, row, site, team, managerId);
                Write(newEmployees, employee);
                created++;
                if (row.Status == EmploymentStatus.Separated)
                {
                    separated++;
                }
            }
            else if (Differs(employee, row, site, team, numberOf))
            {
                updated++;
                if (row.Status == EmploymentStatus.Separated && employee.Status != EmploymentStatus.Separated)
                {
                    separated++;
                }
                if (!dryRun)
                {
                    db.Employees.Attach(employee); // tracked from its loaded values: the audit entry shows what changed
                    Assign(employee, row, site, team, managerId);
                    pending++;
                }
            }
            else
            {
                unchanged++;
            }
            if (pending >= ChunkRows)
            {
                await FlushAsync();
            }
        }

        if (!dryRun)
        {
            await FlushAsync();
            await transaction!.CommitAsync(ct);
            if (rows.Any(r => r.Status == EmploymentStatus.Separated))
            {
                foreach (var listener in separationListeners)
                {
                    await listener.OnSeparationsAsync(ct);
                }
            }
        }
        return new Counts(created, updated, unchanged, separated);

        void Write<T>(List<T> batch, T entity)
        {
            if (!dryRun)
            {
                batch.Add(entity);
                pending++;
            }
        }

        // The new rows first, sites before the teams at them before the people in them (an update may point at any of
        // them); then the changes, whose audit entries follow theirs in the chain.
        async Task FlushAsync()
        {
            await BulkInsert.AddAuditedAsync(db, newSites, ct);
            await BulkInsert.AddAuditedAsync(db, newTeams, ct);
            await BulkInsert.AddAuditedAsync(db, newEmployees, ct);
            newSites.Clear();
            newTeams.Clear();
            newEmployees.Clear();
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            pending = 0;
        }
    }

    private static void Assign(Employee employee, Row row, Site? site, Team? team, Guid? managerId)
    {
        employee.FirstName = row.FirstName;
        employee.LastName = row.LastName;
        employee.Email = row.Email;
        employee.Title = row.Title;
        employee.JobRole = row.Role;
        employee.SiteId = site?.Id;
        employee.TeamId = team?.Id;
        employee.HireDate = row.HireDate;
        employee.Status = row.Status;
        employee.SeparationDate = row.SeparationDate;
        employee.SeparationReason = row.SeparationReason;
        employee.HourlyLoadedCost = row.HourlyCost;
        employee.ManagerId = managerId;
    }

    /// <summary>The rows ordered so that a manager given in the file comes before everyone who reports to them.</summary>
    private static List<Row> ManagersFirst(List<Row> rows)
    {
        var byId = rows.ToDictionary(r => r.EmployeeId, StringComparer.Ordinal);
        var placed = new HashSet<string>(StringComparer.Ordinal);
        var ordered = new List<Row>(rows.Count);
        var chain = new Stack<Row>();
        foreach (var row in rows)
        {
            for (var current = row; current is not null && placed.Add(current.EmployeeId);
                 current = current.ManagerId.Length > 0 ? byId.GetValueOrDefault(current.ManagerId) : null)
            {
                chain.Push(current);
            }
            while (chain.TryPop(out var next))
            {
                ordered.Add(next);
            }
        }
        return ordered;
    }

    private static bool Differs(Employee e, Row row, Site? site, Team? team, Dictionary<Guid, string> numberOf)
    {
        var managerNumber = e.ManagerId is { } id ? numberOf.GetValueOrDefault(id) : null;
        return e.FirstName != row.FirstName || e.LastName != row.LastName || e.Email != row.Email || e.Title != row.Title
            || e.JobRole != row.Role || e.SiteId != site?.Id || e.TeamId != team?.Id || e.HireDate != row.HireDate
            || e.Status != row.Status || e.SeparationDate != row.SeparationDate || e.SeparationReason != row.SeparationReason
            || e.HourlyLoadedCost != row.HourlyCost || (managerNumber ?? "") != row.ManagerId;
    }

    /// <summary>The rejected rows with their cells as the file has them (read again: the first pass kept only checked values).</summary>
    private static string RejectedCsv(Stream source, string[] header, List<Row> rejected)
    {
        var wanted = rejected.Select(r => r.Number).ToHashSet();
        var cells = new Dictionary<int, string[]>();
        using (var reader = OpenCsv(source))
        {
            var columns = reader.Header.ColNames.Count;
            foreach (var record in reader)
            {
                if (wanted.Contains(record.LineNumberFrom))
                {
                    cells[record.LineNumberFrom] = Cells(record, columns);
                }
            }
        }
        return CsvTable.Rejected(header, rejected.Select(r => (cells[r.Number], (IEnumerable<string>)r.Errors)));
    }
}
