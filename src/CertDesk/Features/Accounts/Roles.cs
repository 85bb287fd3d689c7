namespace CertDesk.Features.Accounts;

/// <summary>The five sign-in roles of the product (product.md, "Who uses it").</summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string ProgramManager = "ProgramManager";
    public const string Approver = "Approver";
    public const string Manager = "Manager";
    public const string Employee = "Employee";

    public static readonly IReadOnlyList<string> All = [Admin, ProgramManager, Approver, Manager, Employee];

    /// <summary>
    /// Not a person: the account an identity provider (Entra ID, Okta) provisions the roster with over SCIM. It calls
    /// only /scim/v2 and nothing else; it has no password and is created with <c>certdesk directories add</c>, never
    /// granted on the Users page (so it is not in <see cref="All"/>).
    /// </summary>
    public const string Directory = "Directory";

    /// <summary>
    /// Not a person either: a WFM tool polling one site's schedule exceptions (training sessions, issue 20). It may read
    /// that one feed and nothing else; created with <c>certdesk wfm-feeds add --site NAME</c>, never on the Users page.
    /// </summary>
    public const string WfmFeed = "WfmFeed";

    /// <summary>The roles of accounts that are systems, not people (created by their own commands).</summary>
    public static readonly IReadOnlyList<string> Systems = [Directory, WfmFeed];

    /// <summary>Accepts the names people type: "program-manager", "hr", "director", any letter case.</summary>
    public static string? Normalize(string? text)
    {
        var key = (text ?? "").Trim().Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).ToUpperInvariant();
        return key switch
        {
            "ADMIN" => Admin,
            "PROGRAMMANAGER" or "HR" or "LD" => ProgramManager,
            "APPROVER" or "DIRECTOR" or "FINANCE" => Approver,
            "MANAGER" or "SUPERVISOR" => Manager,
            "EMPLOYEE" => Employee,
            _ => null,
        };
    }

    /// <summary>Who may see the whole organization (not only their own part of the org chart).</summary>
    public const string OrganizationWide = Admin + "," + ProgramManager + "," + Approver;
}
