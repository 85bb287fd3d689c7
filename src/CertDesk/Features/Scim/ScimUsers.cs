using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CertDesk.Features.Scim;

/// <summary>
/// The roster as SCIM Users, by the roster import's rules: one person per employee number (<c>externalId</c>), history
/// kept by the audit trail (every write is the directory account's change), nothing deleted. Deactivation
/// (<c>active: false</c>) is a separation dated today without a reason, until HR adds one through the roster import;
/// it ends the person's sign-in and tokens as every separation does. A separated person is not changed over SCIM.
/// Every request is checked whole before anything is written, and written in one save.
/// </summary>
public sealed partial class ScimUsers(CertDeskDbContext db, PendingSeparations separations, TimeProvider clock)
{
    /// <summary>The most a page may hold, whatever count asks for (RFC 7644 section 3.4.2.4 lets the server cap it).</summary>
    public const int MaxPage = 200;

    /// <summary>JobRole is HR's (competency profiles key on it); a person the directory creates starts with their title, or this.</summary>
    public const string NoJobRole = "Unassigned";

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public async Task<Employee> GetAsync(string id, CancellationToken ct) =>
        await FindAsync(id, tracked: false, ct);

    public async Task<Employee> CreateAsync(JsonObject body, CancellationToken ct)
    {
        var state = ScimUserDocument.FromResource(body, current: null);
        state.Validate();
        await CheckUniqueAsync(state, except: null, ct);
        var employee = new Employee
        {
            EmployeeNumber = state.EmployeeNumber!,
            FirstName = state.GivenName!,
            LastName = state.FamilyName!,
            Email = state.Email!,
            Title = state.Title,
            JobRole = state.Title.Length is > 0 and <= 64 ? state.Title : NoJobRole,
            HireDate = Today,
            Status = EmploymentStatus.Active,
        };
        db.Employees.Add(employee);
        var separated = !state.Active && Separate(employee);
        await SaveAsync(state, employee.Id, ct);
        if (separated)
        {
            await separations.TellAsync(ct);
        }
        return employee;
    }

    public Task<Employee> ReplaceAsync(string id, JsonObject body, CancellationToken ct) =>
        ChangeAsync(id, current => ScimUserDocument.FromResource(body, current), ct);

    public Task<Employee> PatchAsync(string id, JsonObject body, CancellationToken ct) =>
        ChangeAsync(id, current => ScimUserDocument.Patch(body, current), ct);

    private async Task<Employee> ChangeAsync(string id, Func<ScimUserState, ScimUserState> change, CancellationToken ct)
    {
        var employee = await FindAsync(id, tracked: true, ct);
        var current = ScimUserState.Of(employee);
        var next = change(current);
        if (next == current)
        {
            return employee; // nothing to write (an identity provider repeating itself, a separated person deactivated again)
        }
        if (employee.Status == EmploymentStatus.Separated)
        {
            throw ScimException.Mutability(string.Create(CultureInfo.InvariantCulture,
                $"{employee.FullName} ({employee.EmployeeNumber}) was separated on {employee.SeparationDate:yyyy-MM-dd}; the roster keeps a separated person as they left. A rehire is HR's, through the roster import. Nothing was saved."));
        }
        next.Validate();
        await CheckUniqueAsync(next, except: employee.Id, ct);
        employee.EmployeeNumber = next.EmployeeNumber!;
        employee.Email = next.Email!;
        employee.FirstName = next.GivenName!;
        employee.LastName = next.FamilyName!;
        employee.Title = next.Title;
        var separated = !next.Active && Separate(employee);
        await SaveAsync(next, employee.Id, ct);
        if (separated)
        {
            await separations.TellAsync(ct);
        }
        return employee;
    }

    /// <summary>
    /// Separated today. A separation HR already scheduled keeps its reason (they said why); otherwise there is none until
    /// HR gives one, and no repayment is computed before then (<c>SeparationHandler</c> waits for the reason).
    /// </summary>
    private bool Separate(Employee employee)
    {
        employee.Status = EmploymentStatus.Separated;
        employee.SeparationDate = Today;
        return true;
    }

    public async Task<(int Total, IReadOnlyList<Employee> Page)> ListAsync(string? filter, int startIndex, int count, CancellationToken ct)
    {
        var query = db.Employees.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter))
        {
            var (attribute, value) = ParseFilter(filter);
            var lower = value.ToLowerInvariant();
#pragma warning disable CA1304, CA1311 // translated to SQL lower(): no .NET culture is involved
            query = attribute == "externalId"
                ? query.Where(e => e.EmployeeNumber == value)
                : query.Where(e => e.Email.ToLower() == lower);
#pragma warning restore CA1304, CA1311
        }
        var total = await query.CountAsync(ct);
        var page = count == 0 ? [] : await query.OrderBy(e => e.EmployeeNumber).Skip(startIndex - 1).Take(count).ToListAsync(ct);
        return (total, page);
    }

    [GeneratedRegex("""^\s*(?<attribute>userName|externalId)\s+eq\s+"(?<value>(?:[^"\\]|\\.)*)"\s*$""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EqualityFilter();

    /// <summary>
    /// The filters identity providers send to find a person before creating them: <c>userName eq "..."</c> and
    /// <c>externalId eq "..."</c>. Any other filter is refused (400 invalidFilter) rather than ignored: an ignored filter
    /// would answer with the whole roster, and the provider would match the wrong person.
    /// </summary>
    public static (string Attribute, string Value) ParseFilter(string filter)
    {
        var match = EqualityFilter().Match(filter);
        if (!match.Success)
        {
            throw ScimException.InvalidFilter($"Only 'userName eq \"...\"' and 'externalId eq \"...\"' are supported; got '{filter}'.");
        }
        string value;
        try
        {
            value = JsonSerializer.Deserialize<string>("\"" + match.Groups["value"].Value + "\"")!;
        }
        catch (JsonException)
        {
            throw ScimException.InvalidFilter($"The value in '{filter}' is not a valid string.");
        }
        return (match.Groups["attribute"].Value.Equals("externalId", StringComparison.OrdinalIgnoreCase) ? "externalId" : "userName", value);
    }

    private async Task<Employee> FindAsync(string id, bool tracked, CancellationToken ct)
    {
        var query = tracked ? db.Employees : db.Employees.AsNoTracking();
        return Guid.TryParse(id, out var key) && await query.FirstOrDefaultAsync(e => e.Id == key, ct) is { } employee
            ? employee
            : throw ScimException.NotFound($"No person with id '{id}'.");
    }

    /// <summary>The employee number and the e-mail each name one person (e-mail without regard to case, as userName).</summary>
    private async Task CheckUniqueAsync(ScimUserState state, Guid? except, CancellationToken ct)
    {
        var number = state.EmployeeNumber!;
        var byNumber = await db.Employees.AsNoTracking().Where(e => e.EmployeeNumber == number && e.Id != except).Select(e => new { e.Id, e.FirstName, e.LastName }).FirstOrDefaultAsync(ct);
        if (byNumber is not null)
        {
            throw ScimException.Uniqueness($"externalId '{number}' is already {byNumber.FirstName} {byNumber.LastName} (id {byNumber.Id}); nothing was saved.");
        }
        var email = state.Email!.ToLowerInvariant();
#pragma warning disable CA1304, CA1311 // translated to SQL lower(): no .NET culture is involved
        var byEmail = await db.Employees.AsNoTracking().Where(e => e.Email.ToLower() == email && e.Id != except).Select(e => new { e.Id, e.EmployeeNumber }).FirstOrDefaultAsync(ct);
#pragma warning restore CA1304, CA1311
        if (byEmail is not null)
        {
            throw ScimException.Uniqueness($"userName '{state.Email}' is already the e-mail of employee {byEmail.EmployeeNumber} (id {byEmail.Id}); nothing was saved.");
        }
    }

    /// <summary>One save; a write that lost a race with another (the same number created twice, a concurrent edit) is a 409.</summary>
    private async Task SaveAsync(ScimUserState state, Guid id, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            throw new ScimException(StatusCodes.Status409Conflict, null, "The person was changed by another request at the same time; nothing was saved. Send the change again.");
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            // The unique employee number: another request created the same person between the check and the save.
            await CheckUniqueAsync(state, except: id, ct);
            throw;
        }
    }
}
