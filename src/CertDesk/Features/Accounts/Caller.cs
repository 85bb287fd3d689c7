using System.Security.Claims;

namespace CertDesk.Features.Accounts;

/// <summary>The signed-in person as the features see them: account, roles and the employee record it belongs to.</summary>
public sealed record Caller(string UserId, string Email, string Name, IReadOnlySet<string> Roles, Guid? EmployeeId)
{
    public const string EmployeeIdClaim = "certdesk:employee_id";
    public const string NameClaim = "certdesk:name";

    public bool IsOrganizationWide => Roles.Contains(Accounts.Roles.Admin) || Roles.Contains(Accounts.Roles.ProgramManager) || Roles.Contains(Accounts.Roles.Approver);

    public bool IsIn(string role) => Roles.Contains(role);

    /// <summary>Admin or program manager: runs the certification program (catalog, policies, agreements, expenses, imports).</summary>
    public bool RunsProgram => IsIn(Accounts.Roles.Admin) || IsIn(Accounts.Roles.ProgramManager);

    /// <summary>Admin or approver: decides on money (business cases, budgets, waivers).</summary>
    public bool DecidesOnMoney => IsIn(Accounts.Roles.Admin) || IsIn(Accounts.Roles.Approver);

    public static Caller From(ClaimsPrincipal user)
    {
        var employee = user.FindFirstValue(EmployeeIdClaim);
        return new Caller(
            user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "",
            user.FindFirstValue(ClaimTypes.Email) ?? user.Identity?.Name ?? "",
            user.FindFirstValue(NameClaim) ?? user.Identity?.Name ?? "",
            user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal),
            Guid.TryParse(employee, out var id) ? id : null);
    }
}
