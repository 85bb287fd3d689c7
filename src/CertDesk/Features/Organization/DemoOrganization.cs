using Microsoft.AspNetCore.Identity;

namespace CertDesk.Features.Organization;

/// <summary>
/// The demo organization: three sites in three time zones, 30 teams, 450 people, the five demo logins.
/// Deterministic (fixed seed, fixed dates) so screenshots, tests and docs agree. It goes in through the same
/// roster import a customer uses.
/// </summary>
public sealed class DemoOrganization(CertDeskDbContext db, RosterImport roster, AccountService accounts, UserManager<AppUser> users)
{
    public const string Password = "CertDesk-demo-1";

    public static readonly IReadOnlyList<(string Email, string Role, string EmployeeNumber)> Logins =
    [
        ("admin@demo.local", Roles.Admin, "E0003"),
        ("hr@demo.local", Roles.ProgramManager, "E0002"),
        ("director@demo.local", Roles.Approver, "E0001"),
        ("manager@demo.local", Roles.Manager, "E0009"),
        ("employee@demo.local", Roles.Employee, "E0020"),
    ];

    private static readonly (string Name, string TimeZone, string Code)[] s_sites =
    [
        ("Columbus", "America/New_York", "COL"),
        ("Phoenix", "America/Phoenix", "PHX"),
        ("Manila", "Asia/Manila", "MNL"),
    ];

    private static readonly string[] s_lines = ["Billing", "Tech Support", "Sales", "Retention", "Claims"];

    private static readonly string[] s_first =
    [
        "James", "Maria", "Robert", "Linda", "Michael", "Patricia", "David", "Jennifer", "William", "Elizabeth",
        "Carlos", "Aisha", "Wei", "Priya", "Joseph", "Susan", "Daniel", "Jessica", "Thomas", "Sarah",
        "Kevin", "Angela", "Brian", "Nicole", "Jose", "Grace", "Anthony", "Rachel", "Mark", "Laura",
        "Andre", "Mei", "Rafael", "Fatima", "Steven", "Olivia", "Paul", "Hannah", "Juan", "Emily",
        "Marco", "Chloe", "Tyrone", "Rosa", "Samuel", "Isabel", "Hiroshi", "Ana", "Victor", "Megan",
    ];

    private static readonly string[] s_last =
    [
        "Smith", "Johnson", "Garcia", "Reyes", "Brown", "Santos", "Miller", "Davis", "Cruz", "Martinez",
        "Wilson", "Anderson", "Taylor", "Thomas", "Mendoza", "Moore", "Jackson", "Martin", "Lee", "Bautista",
        "Thompson", "White", "Lopez", "Harris", "Clark", "Ramos", "Lewis", "Robinson", "Walker", "Young",
        "Allen", "King", "Wright", "Flores", "Scott", "Torres", "Nguyen", "Hill", "Villanueva", "Adams",
        "Baker", "Gonzalez", "Nelson", "Carter", "Mitchell", "Perez", "Roberts", "Aquino", "Campbell", "Patel",
    ];

    public async Task<bool> IsSeededAsync(CancellationToken ct) => await db.Users.AnyAsync(u => u.Email == "director@demo.local", ct);

    /// <summary>
    /// Why the demo may not be seeded here, or null: the demo goes only into an empty database or one that holds only
    /// the demo, never beside real accounts and people (its logins share a published password).
    /// </summary>
    public async Task<string?> RefusalAsync(CancellationToken ct)
    {
        var foreignUsers = await db.Users.Where(u => u.Email == null || !u.Email.EndsWith("@demo.local")).OrderBy(u => u.Email).Select(u => u.Email).Take(3).ToListAsync(ct);
        if (foreignUsers.Count > 0)
        {
            return $"the database is not empty and not the demo: it has sign-in accounts of its own ({string.Join(", ", foreignUsers)}); " +
                "the demo (five logins with a published password) is seeded only into an empty database or one holding only the demo";
        }
        if (!await IsSeededAsync(ct) && await db.Employees.AnyAsync(ct))
        {
            return $"the database is not empty and not the demo: it holds {await db.Employees.CountAsync(ct)} people; " +
                "seed the demo into an empty database (e.g. --database \"Data Source=data/demo.db\")";
        }
        return null;
    }

    /// <summary>Seeds once; returns false when the demo organization is already there; refuses a database that is not the demo's.</summary>
    public async Task<bool> SeedAsync(CancellationToken ct)
    {
        if (await RefusalAsync(ct) is { } refusal)
        {
            throw new DemoRefusedException(refusal);
        }
        if (await IsSeededAsync(ct))
        {
            return false;
        }
        var csv = RosterCsv();
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv));
        var result = await roster.RunAsync(stream, "demo-roster.csv", new RosterImportOptions(), ct);
        if (result.Errors.Count > 0)
        {
            throw new InvalidOperationException("The demo roster does not validate: " + string.Join("; ", result.Errors.Take(3)));
        }

        foreach (var (name, timeZone, _) in s_sites)
        {
            var site = await db.Sites.SingleAsync(s => s.Name == name, ct);
            site.TimeZone = timeZone;
        }
        // Each team's manager is its supervisor; team names read like the floor calls them.
        var employees = await db.Employees.ToListAsync(ct);
        foreach (var team in await db.Teams.Include(t => t.Site).ToListAsync(ct))
        {
            var number = int.Parse(team.Code[^2..], CultureInfo.InvariantCulture);
            team.Name = $"{team.Site!.Name} {s_lines[(number - 1) % s_lines.Length]} {(number + 1) / 2}";
            team.ManagerId = employees.FirstOrDefault(e => e.TeamId == team.Id && e.JobRole == "Supervisor")?.Id;
        }
        await db.SaveChangesAsync(ct);

        await accounts.EnsureRolesAsync();
        foreach (var (email, role, number) in Logins)
        {
            var employee = employees.Single(e => e.EmployeeNumber == number);
            var user = new AppUser
            {
                UserName = email,
                Email = email,
                EmailConfirmed = true,
                EmployeeId = employee.Id,
                DisplayName = employee.FullName,
            };
            var created = await users.CreateAsync(user, Password);
            if (!created.Succeeded)
            {
                throw new InvalidOperationException($"Cannot create {email}: {created.Errors.First().Description}");
            }
            await users.AddToRoleAsync(user, role);
        }
        return true;
    }

    /// <summary>The demo roster as the contract's CSV; fixed seed, so the same 450 people every time.</summary>
    public static string RosterCsv()
    {
        var random = new Random(20261125);
        var sb = new StringBuilder(string.Join(",", RosterImport.Columns)).Append('\n');
        var number = 0;
        var usedNames = new HashSet<string>(StringComparer.Ordinal);

        string Add(string title, string role, string team, string site, string manager, decimal cost, int earliestYear, string? email = null)
        {
            number++;
            var id = $"E{number:0000}";
            string first, last;
            do
            {
                first = s_first[random.Next(s_first.Length)];
                last = s_last[random.Next(s_last.Length)];
            }
            while (!usedNames.Add(first + " " + last) && usedNames.Count < s_first.Length * s_last.Length);
            var hire = new DateOnly(earliestYear, 1, 1).AddDays(random.Next((new DateOnly(2026, 6, 30).DayNumber) - new DateOnly(earliestYear, 1, 1).DayNumber));
            var separated = role == "Agent" && random.Next(30) == 0;
            var separation = separated ? hire.AddDays(120 + random.Next(400)) : (DateOnly?)null;
            if (separation > new DateOnly(2026, 11, 1))
            {
                separation = new DateOnly(2026, 10, 15);
            }
            var reason = separated ? (random.Next(4) == 0 ? "for_cause" : "resignation") : "";
            var mail = email ?? $"{first}.{last}.{id}@demo.local".ToLowerInvariant();
            var costText = (cost + (decimal)random.Next(-300, 301) / 100m).ToString("0.00", CultureInfo.InvariantCulture);
            sb.Append(CultureInfo.InvariantCulture, $"{id},{first},{last},{mail},{title},{role},{team},{site},{manager},{hire:yyyy-MM-dd},{(separated ? "separated" : "active")},{separation:yyyy-MM-dd},{reason},{costText}\n");
            return id;
        }

        var director = Add("Director of Contact Center Operations", "Director", "", "Columbus", "", 92m, 2012, "director@demo.local");
        Add("Learning & Development Program Manager", "HR", "", "Columbus", director, 58m, 2016, "hr@demo.local");
        Add("Contact Center Systems Administrator", "Admin", "", "Columbus", director, 55m, 2017, "admin@demo.local");
        var siteManagers = s_sites.Select(s => Add("Site Director", "Manager", "", s.Name, director, 78m, 2013)).ToArray();
        Add("HR Business Partner", "HR", "", "Phoenix", director, 50m, 2018);
        Add("Workforce Management Analyst", "Analyst", "", "Columbus", director, 46m, 2019);
        // E0009: the demo manager (manager@demo.local) leads five Columbus teams.
        var managers = new List<(string Id, int Site)>();
        for (var s = 0; s < s_sites.Length; s++)
        {
            for (var m = 0; m < 2; m++)
            {
                var email = number + 1 == 9 ? "manager@demo.local" : null;
                managers.Add((Add("Operations Manager", "Manager", "", s_sites[s].Name, siteManagers[s], 64m, 2014, email), s));
            }
        }
        while (number < 19)
        {
            Add("Quality Assurance Analyst", "Analyst", "", "Columbus", siteManagers[0], 40m, 2018);
        }
        for (var t = 0; t < 30; t++)
        {
            var (managerId, siteIndex) = managers[t / 5];
            var site = s_sites[siteIndex];
            var teamCode = $"{site.Code}-T{(t % 10) + 1:00}";
            // E0020: the demo employee (employee@demo.local) is the first team's supervisor, a certification candidate.
            var email = number + 1 == 20 ? "employee@demo.local" : null;
            var supervisor = Add("Team Supervisor", "Supervisor", teamCode, site.Name, managerId, 41m, 2015, email);
            var agents = t < 11 ? 14 : 13;
            for (var a = 0; a < agents; a++)
            {
                var senior = a == 0;
                Add(senior ? "Senior Customer Service Agent" : "Customer Service Agent", "Agent", teamCode, site.Name, supervisor, senior ? 30m : 26m, 2016);
            }
        }
        return sb.ToString();
    }
}

/// <summary>The demo was asked for on a database that holds real data; the message says why and what to do.</summary>
public sealed class DemoRefusedException(string message) : InvalidOperationException(message);
