using CertDesk.Data;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CertDesk.Features.Competencies.Framework;

public sealed class IndexModel(CertDeskDbContext db) : PageModel
{
    public IReadOnlyList<Competency> Competencies { get; private set; } = [];
    public IReadOnlyList<RoleRequirement> Requirements { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Competencies = await db.Competencies.AsNoTracking().Include(c => c.Parent).OrderBy(c => c.Category).ThenBy(c => c.Code).ToListAsync(ct);
        Requirements = await db.RoleRequirements.AsNoTracking().Include(r => r.Competency).OrderBy(r => r.JobRole).ThenBy(r => r.Competency!.Code).ToListAsync(ct);
    }
}
