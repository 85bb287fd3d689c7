using Microsoft.AspNetCore.Identity;

namespace CertDesk.Features.Accounts;

/// <summary>A sign-in account; linked to the employee record it belongs to, if any.</summary>
public sealed class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
    public Guid? EmployeeId { get; set; }

    /// <summary>Set when an administrator disabled the account (until re-enabled).</summary>
    public DateTimeOffset? DisabledAt { get; set; }

    /// <summary>A separation's effective date: from that day on (UTC) the account no longer signs in, nor do its tokens.</summary>
    public DateOnly? DisabledFrom { get; set; }

    public DateTimeOffset? LastSignInAt { get; set; }

    /// <summary>Disabled by hand, or past the separation's effective date.</summary>
    public bool IsDisabled(DateTimeOffset now) =>
        DisabledAt is not null || (DisabledFrom is { } from && DateOnly.FromDateTime(now.UtcDateTime) >= from);
}
