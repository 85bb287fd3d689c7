using Microsoft.AspNetCore.Identity;

namespace CertDesk.Features.Accounts;

/// <summary>A sign-in account; linked to the employee record it belongs to, if any.</summary>
public sealed class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
    public Guid? EmployeeId { get; set; }
}
