using System.Text;

namespace CertDesk.Tests.Infrastructure.Builders;

/// <summary>Builds roster CSV text in the contract's columns; every row valid unless a test says otherwise.</summary>
public sealed class RosterCsv
{
    public const string Header = "employee_id,first_name,last_name,email,title,role,team_id,site,manager_employee_id,hire_date,status,separation_date,separation_reason,hourly_loaded_cost";

    private readonly List<string> _rows = [];

    /// <summary>A prefix unique to one test, so tests sharing a database never share people, teams or sites.</summary>
    public RosterCsv(string? prefix = null) => Prefix = prefix ?? "T" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    public string Prefix { get; }

    public string Id(int n) => $"{Prefix}-{n:000}";

    public string Team => $"{Prefix}-TEAM";

    public string Site => $"Site {Prefix}";

    public RosterCsv Person(int n, string manager = "", string firstName = "Ana", string lastName = "Reyes", string? email = null, string title = "Customer Service Agent",
        string role = "Agent", string? team = null, string? site = null, string hireDate = "2024-03-01", string status = "active", string separationDate = "",
        string separationReason = "", string cost = "26.50")
    {
        var managerId = manager.Length == 0 ? "" : manager;
        return Raw($"{Id(n)},{firstName},{lastName},{email ?? $"{Id(n).ToLowerInvariant()}@example.com"},{title},{role},{team ?? Team},{site ?? Site},{managerId},{hireDate},{status},{separationDate},{separationReason},{cost}");
    }

    /// <summary>A manager, and two agents reporting to them.</summary>
    public RosterCsv SmallTeam() => Person(1, title: "Team Supervisor", role: "Supervisor").Person(2, manager: Id(1)).Person(3, manager: Id(1), firstName: "Wei", lastName: "Chen");

    public RosterCsv Raw(string line)
    {
        _rows.Add(line);
        return this;
    }

    public override string ToString() => Header + "\n" + string.Join("\n", _rows) + "\n";

    public byte[] ToUtf8() => Encoding.UTF8.GetBytes(ToString());
}
