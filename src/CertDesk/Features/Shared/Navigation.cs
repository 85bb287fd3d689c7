using Microsoft.AspNetCore.Http;

namespace CertDesk.Features.Shared;

/// <summary>One link of the main navigation; <see cref="Section"/> is the path prefix that marks it as the current page.</summary>
public sealed record NavItem(string Text, string Href, string Section);

/// <summary>A top-level entry: a plain link when <see cref="Href"/> is set, otherwise a menu of <see cref="Items"/>.</summary>
public sealed record NavGroup(string Text, IReadOnlyList<NavItem> Items, string? Href = null)
{
}

/// <summary>
/// The main navigation, grouped so it stays short: only the groups and links the caller's roles may open
/// (the same rules as the route authorization table), and a group with nothing in it is left out.
/// </summary>
public static class Navigation
{
    public static IReadOnlyList<NavGroup> For(Caller caller)
    {
        var wide = caller.IsOrganizationWide;
        var people = wide || caller.IsIn(Roles.Manager);
        var program = caller.RunsProgram;

        List<NavGroup> groups = [new("Home", [], "/")];
        Add(groups, "People",
            new("People", "/Organization/Employees", "/Organization/Employees"),
            new("Teams", "/Organization/Teams", "/Organization/Teams"),
            wide ? new("Sites", "/Organization/Sites", "/Organization/Sites") : null,
            program ? new("Roster import", "/Organization/Roster/Import", "/Organization/Roster") : null);
        Add(groups, "Skills",
            new("Catalog", "/Catalog/Certifications", "/Catalog"),
            new("Competencies", "/Competencies/Framework", "/Competencies"),
            people ? new("Heat map", "/Gaps/HeatMap", "/Gaps/HeatMap") : null,
            people ? new("Cohort plan", "/Gaps/Plan", "/Gaps/Plan") : null,
            caller.EmployeeId is { } me ? new("My gaps", $"/Gaps/Person/{me}", "/Gaps/Person") : null);
        Add(groups, "Investment",
            new("Requests", "/Requests", "/Requests"),
            wide ? new("Business cases", "/BusinessCases", "/BusinessCases") : null,
            wide ? new("Budgets", "/BusinessCases/Budgets", "/BusinessCases/Budgets") : null,
            wide ? new("Policies", "/TuitionPolicies", "/TuitionPolicies") : null,
            new("Agreements", "/Agreements", "/Agreements"),
            wide ? new("Repayments", "/Repayments", "/Repayments") : null);
        Add(groups, "Scheduling",
            new("Sessions", "/Scheduling/Sessions", "/Scheduling/Sessions"),
            people ? new("Plan a session", "/Scheduling/Plan", "/Scheduling/Plan") : null,
            new("Queues", "/Scheduling/Queues", "/Scheduling/Queues"));
        Add(groups, "Follow-through",
            caller.EmployeeId is not null ? new("My follow-through", "/Dashboards/Me", "/Dashboards/Me") : null,
            people ? new("Team follow-through", "/Dashboards/Team", "/Dashboards/Team") : null,
            wide ? new("Program", "/Dashboards/Program", "/Dashboards/Program") : null,
            new("Enrollments", "/Enrollments", "/Enrollments"),
            new("Credentials", "/Credentials", "/Credentials"),
            new("Action plans", "/ActionPlans", "/ActionPlans"));
        Add(groups, "Proof",
            people ? new("KPIs", "/Proof/Kpis", "/Proof/Kpis") : null,
            wide ? new("ROI studies", "/Proof/Studies", "/Proof/Studies") : null,
            program ? new("KPI import", "/Proof/Import", "/Proof/Import") : null);
        Add(groups, "Admin",
            program ? new("Users", "/Accounts/Users", "/Accounts/Users") : null,
            program ? new("Audit trail", "/Audit", "/Audit") : null,
            program ? new("Outbox", "/Mail/Outbox", "/Mail") : null);
        return groups;
    }

    /// <summary>The link of the page at <paramref name="path"/>: the one whose section matches the most of it.</summary>
    public static NavItem? Current(IReadOnlyList<NavGroup> groups, PathString path) =>
        groups.SelectMany(g => g.Items)
            .Where(i => path.StartsWithSegments(i.Section))
            .OrderByDescending(i => i.Section.Length)
            .FirstOrDefault();

    private static void Add(List<NavGroup> groups, string text, params NavItem?[] items)
    {
        NavItem[] allowed = [.. items.OfType<NavItem>()];
        if (allowed.Length > 0)
        {
            groups.Add(new NavGroup(text, allowed));
        }
    }
}
