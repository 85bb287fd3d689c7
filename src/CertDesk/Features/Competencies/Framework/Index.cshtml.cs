using CertDesk.Data;
using CertDesk.Features.Accounts;
using CertDesk.Features.Audit;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CertDesk.Features.Competencies.Framework;

public sealed class IndexModel(CertDeskDbContext db) : PageModel
{
    public IReadOnlyList<Competency> Competencies { get; private set; } = [];
    public IReadOnlyList<RoleRequirement> Requirements { get; private set; } = [];
    public IReadOnlyList<AuditEntry> History { get; private set; } = [];
    public bool CanEdit { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Competencies = await db.Competencies.AsNoTracking().Include(c => c.Parent).OrderBy(c => c.Category).ThenBy(c => c.Code).ToListAsync(ct);
        var caller = Caller.From(User);
        CanEdit = caller.IsIn(Roles.Admin) || caller.IsIn(Roles.ProgramManager);
        if (CanEdit)
        {
            History = await db.AuditEntries.AsNoTracking().Where(a => a.EntityType == nameof(Competency))
                .OrderByDescending(a => a.Sequence).Take(50).ToListAsync(ct);
        }
        Requirements = await db.RoleRequirements.AsNoTracking().Include(r => r.Competency).OrderBy(r => r.JobRole).ThenBy(r => r.Competency!.Code).ToListAsync(ct);
    }
}
