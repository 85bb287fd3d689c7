using CertDesk.Data;
using CertDesk.Features.Shared;
using CertDesk.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CertDesk.Features.Audit;

[Authorize(Policy = Policies.RunsProgram)]
public sealed class IndexModel(CertDeskDbContext db) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];
    public PagerModel Pager { get; private set; } = null!;
    public AuditVerification? Verification { get; private set; }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task OnPostVerifyAsync(CancellationToken ct)
    {
        Verification = await AuditTrail.VerifyAsync(db, ct);
        await LoadAsync(ct);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var total = await db.AuditEntries.CountAsync(ct);
        PageNumber = Math.Clamp(PageNumber, 1, Math.Max(1, (total + PageSize - 1) / PageSize));
        Entries = await db.AuditEntries.AsNoTracking().OrderByDescending(a => a.Sequence).Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        Pager = new PagerModel(PageNumber, PageSize, total, "/Audit", new Dictionary<string, string?>());
    }
}
