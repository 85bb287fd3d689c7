using CertDesk.Features.Accounts;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CertDesk.Features.Scheduling.Sessions;

/// <summary>The sessions the caller may see: all for organization-wide roles, their people's for managers, their own otherwise.</summary>
public sealed class IndexModel(SessionService sessions) : PageModel
{
    public IReadOnlyList<SessionDto> Rows { get; private set; } = [];

    public bool CanPlan { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var caller = Caller.From(User);
        CanPlan = caller.IsOrganizationWide || caller.IsIn(Roles.Manager);
        var visible = await sessions.VisibleAsync(caller, ct);
        var rows = await SessionService.Project(visible.OrderBy(s => s.StartUtc)).Take(500).ToListAsync(ct);
        Rows = rows.Select(r => SessionService.Finish(r)).ToList();
    }
}
