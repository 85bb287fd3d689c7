using CertDesk.Features.Accounts;
using CertDesk.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CertDesk.Features.Proof.Studies;

/// <summary>/Proof/Studies: the ROI studies, newest first.</summary>
[Authorize(Policy = Policies.OrganizationWide)]
public sealed class IndexModel(RoiStudies studies) : PageModel
{
    public IReadOnlyList<RoiStudySummaryDto> Rows { get; private set; } = [];
    public bool CanCreate { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        CanCreate = RoiStudies.CanCreate(Caller.From(User));
        // Ordered in memory: SQLite cannot order by a DateTimeOffset column, and studies are few.
        Rows = [.. (await studies.All().ToListAsync(ct)).OrderByDescending(s => s.CreatedAt).Take(500).Select(ProofApi.Summary)];
    }
}
