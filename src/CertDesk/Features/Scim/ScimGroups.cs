using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;

namespace CertDesk.Features.Scim;

/// <summary>A CertDesk role as a SCIM Group: its fixed id, the role, and the name it is listed under.</summary>
public sealed record ScimGroup(string Id, string Role, string DisplayName);

/// <summary>A member of a group: the person (the SCIM User id is the employee's id) and their name.</summary>
public sealed record ScimMember(Guid Id, string Name);

/// <summary>
/// The roles an identity provider may grant, as SCIM Groups (RFC 7643 section 4.2). The groups are fixed: a group is a
/// role, so POST only finds the group of a known role name and nothing is ever deleted. A member is a person of the
/// roster (the SCIM User id); being a member is their account having that role. Every grant goes through
/// <see cref="UserAdministration"/>, with the rights of a program manager: Admin is never granted and an
/// administrator's account is never touched (403), and each role change is in the audit trail as the directory's
/// change. An account has one role, so adding a person to a group takes them out of the group they were in; removing
/// a person gives their account the Employee role back. A person with no account yet is invited (an account with that
/// role and a mailed link to choose a password), as HR does on the Users page.
/// </summary>
public sealed partial class ScimGroups(CertDeskDbContext db, UserAdministration administration, UserManager<AppUser> users)
{
    public const string GroupSchema = "urn:ietf:params:scim:schemas:core:2.0:Group";

    /// <summary>The grantable roles, in the order they are listed. Admin is not one of them, and never will be over SCIM.</summary>
    public static readonly IReadOnlyList<ScimGroup> All =
    [
        new("employee", Roles.Employee, "Employee"),
        new("manager", Roles.Manager, "Manager"),
        new("approver", Roles.Approver, "Approver"),
        new("program-manager", Roles.ProgramManager, "Program manager"),
    ];

    private static readonly ScimException s_adminRefused = new(StatusCodes.Status403Forbidden, null,
        "The Admin role is never granted over SCIM, and an administrator's account is not changed by a directory: an administrator does it in CertDesk (Users page). Nothing was saved.");

    public static ScimGroup Get(string id) =>
        All.FirstOrDefault(g => g.Id.Equals(id, StringComparison.OrdinalIgnoreCase))
        ?? throw ScimException.NotFound($"No group with id '{id}'; the groups are {string.Join(", ", All.Select(g => g.Id))}.");

    /// <summary>
    /// The group a name means: the role names people type (<see cref="Roles.Normalize"/>: "Manager", "program-manager",
    /// "HR", "Director"), with spaces and a plural "s" allowed ("Program managers"). Null for a name that is no role;
    /// <paramref name="admin"/> when it names the Admin role.
    /// </summary>
    public static ScimGroup? Named(string name, out bool admin)
    {
        ArgumentNullException.ThrowIfNull(name);
        var key = new string([.. name.Where(c => !char.IsWhiteSpace(c))]);
        var role = Roles.Normalize(key) ?? (key.EndsWith('s') ? Roles.Normalize(key[..^1]) : null);
        admin = role == Roles.Admin || key.Equals("Administrator", StringComparison.OrdinalIgnoreCase) || key.Equals("Administrators", StringComparison.OrdinalIgnoreCase);
        return admin ? null : All.FirstOrDefault(g => g.Role == role);
    }

    /// <summary>The group a POST or PUT names, or the refusal: 403 for Admin, 400 invalidValue for a name that is no role.</summary>
    public static ScimGroup Require(string? displayName)
    {
        if (string.IsNullOrWhiteSpace(displayName))
        {
            throw ScimException.InvalidValue("displayName is required: the CertDesk role the group grants.");
        }
        return Named(displayName, out var admin) ?? throw (admin
            ? s_adminRefused
            : ScimException.InvalidValue($"'{displayName}' is not a CertDesk role a directory may grant; name the group after one of: {string.Join(", ", All.Select(g => g.DisplayName))}. Nothing was saved."));
    }

    [GeneratedRegex("""^\s*displayName\s+eq\s+"(?<value>(?:[^"\\]|\\.)*)"\s*$""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DisplayNameFilter();

    /// <summary>
    /// The groups in order, or those a <c>displayName eq "..."</c> filter names (what Entra ID and Okta send to match a
    /// group before creating it). Any other filter is refused, as for Users: ignoring it would answer every group.
    /// </summary>
    public static IReadOnlyList<ScimGroup> Filter(string? filter)
    {
        if (string.IsNullOrWhiteSpace(filter))
        {
            return All;
        }
        var match = DisplayNameFilter().Match(filter);
        if (!match.Success)
        {
            throw ScimException.InvalidFilter($"Only 'displayName eq \"...\"' is supported on Groups; got '{filter}'.");
        }
        string value;
        try
        {
            value = System.Text.Json.JsonSerializer.Deserialize<string>("\"" + match.Groups["value"].Value + "\"")!;
        }
        catch (System.Text.Json.JsonException)
        {
            throw ScimException.InvalidFilter($"The value in '{filter}' is not a valid string.");
        }
        return Named(value, out _) is { } group ? [group] : [];
    }

    /// <summary>
    /// The group's members: the people whose account has the role, in employee-number order. An account with no role is
    /// an employee's (as on the Users page); accounts of no person (a directory, a WFM feed) are never members.
    /// </summary>
    public async Task<IReadOnlyList<ScimMember>> MembersAsync(ScimGroup group, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(group);
        var accounts = AccountsIn(group);
        var members = await (from u in accounts
                             join e in db.Employees on u.EmployeeId equals e.Id
                             orderby e.EmployeeNumber
                             select new { e.Id, e.FirstName, e.LastName }).AsNoTracking().ToListAsync(ct);
        return [.. members.DistinctBy(m => m.Id).Select(m => new ScimMember(m.Id, $"{m.FirstName} {m.LastName}"))];
    }

    private IQueryable<AppUser> AccountsIn(ScimGroup group)
    {
        var roleNames = db.UserRoles.Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name });
        if (group.Role == Roles.Employee)
        {
            var elsewhere = roleNames.Where(x => x.Name != Roles.Employee).Select(x => x.UserId);
            return db.Users.Where(u => u.EmployeeId != null && !elsewhere.Contains(u.Id));
        }
        var inRole = roleNames.Where(x => x.Name == group.Role).Select(x => x.UserId);
        return db.Users.Where(u => u.EmployeeId != null && inRole.Contains(u.Id));
    }

    /// <summary>
    /// Applies a change of membership that <paramref name="change"/> computes from the current members (a PATCH, a PUT,
    /// the members of a POST). Everything is checked before anything is written: every person named exists (a person
    /// removed who is unknown is simply not a member), none is an administrator (403), none added is separated (400).
    /// Then the role changes run in one transaction, so a failure leaves every account as it was.
    /// </summary>
    public async Task ChangeMembersAsync(Caller directory, ScimGroup group, ScimGroupChange change, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(change);
        var current = (await MembersAsync(group, ct)).Select(m => m.Id).ToHashSet();
        var wanted = change.Apply(current);
        var added = wanted.Except(current).ToList();
        var removed = current.Except(wanted).ToList();

        // Every person the request names, added or removed: unknown ids are refused where they would be added.
        var named = change.Referenced.ToHashSet();
        var people = new Dictionary<Guid, Person>();
        foreach (var id in named)
        {
            if (await PersonAsync(id, ct) is { } person)
            {
                people[id] = person;
            }
            else if (added.Contains(id))
            {
                throw ScimException.InvalidValue($"No person with id '{id}' (a member's value is the SCIM User id CertDesk gave the person). Nothing was saved.");
            }
        }
        if (people.Values.Any(p => p.Role == Roles.Admin))
        {
            throw s_adminRefused;
        }
        foreach (var id in added)
        {
            var person = people[id];
            if (person.Status == EmploymentStatus.Separated)
            {
                throw ScimException.InvalidValue(string.Create(CultureInfo.InvariantCulture,
                    $"{person.Name} ({person.EmployeeNumber}) was separated on {person.SeparationDate:yyyy-MM-dd}: a person who left is given no role. Nothing was saved."));
            }
        }
        if (added.Count == 0 && (removed.Count == 0 || group.Role == Roles.Employee))
        {
            return; // nothing changes (removing someone from Employee leaves them an employee: it is every account's floor)
        }

        // A directory has no rights on the Users page; for its own groups it acts as HR does, no more: UserAdministration
        // refuses Admin and administrators' accounts to a program manager, the same rules whoever asks.
        var asHr = directory with { Roles = new HashSet<string>(StringComparer.Ordinal) { Roles.ProgramManager } };
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            foreach (var id in added)
            {
                var person = people[id];
                if (person.Account is { EmployeeId: null } unlinked)
                {
                    // Made before the person was on the roster: linked by e-mail, as the roster import does.
                    unlinked.EmployeeId = person.Id;
                    await db.SaveChangesAsync(ct);
                }
                var granted = person.Account is { } account
                    ? await administration.SetRoleAsync(asHr, account.Id, group.Role, ct)
                    : await administration.InviteAsync(asHr, person.Email, group.Role, ct);
                Check(granted, person);
            }
            if (group.Role != Roles.Employee)
            {
                foreach (var id in removed)
                {
                    var person = people.TryGetValue(id, out var known) ? known : await PersonAsync(id, ct);
                    if (person?.Account is { } account)
                    {
                        Check(await administration.SetRoleAsync(asHr, account.Id, Roles.Employee, ct), person);
                    }
                }
            }
            await transaction.CommitAsync(ct);
        }
        catch
        {
            db.ChangeTracker.Clear();
            throw;
        }
    }

    private static void Check(Outcome<UserRow> outcome, Person person)
    {
        switch (outcome.Kind)
        {
            case OutcomeKind.Ok:
                return;
            case OutcomeKind.Forbidden:
                throw s_adminRefused;
            case OutcomeKind.NotFound:
                throw ScimException.NotFound($"The account of {person.Name} was not found; nothing was saved.");
            default:
                throw ScimException.InvalidValue($"{person.Name} ({person.EmployeeNumber}): {outcome.FirstError}. Nothing was saved.");
        }
    }

    private sealed record Person(Guid Id, string EmployeeNumber, string Name, string Email, EmploymentStatus Status, DateOnly? SeparationDate, AppUser? Account, string? Role);

    /// <summary>The person and their account: linked to them, or (made before they were on the roster) with their e-mail.</summary>
    private async Task<Person?> PersonAsync(Guid id, CancellationToken ct)
    {
        var employee = await db.Employees.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, ct);
        if (employee is null)
        {
            return null;
        }
        var account = await db.Users.Where(u => u.EmployeeId == id).OrderBy(u => u.Id).FirstOrDefaultAsync(ct)
            ?? await users.FindByEmailAsync(employee.Email);
        var role = account is null ? null : (await users.GetRolesAsync(account)).FirstOrDefault() ?? Roles.Employee;
        return new Person(employee.Id, employee.EmployeeNumber, employee.FullName, employee.Email, employee.Status, employee.SeparationDate, account, role);
    }
}
