using CertDesk.Data;
using CertDesk.Features.Accounts;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CertDesk.Features.TuitionPolicies;

public sealed class IndexModel(CertDeskDbContext db, TaxReport taxes) : PageModel
{
    public IReadOnlyList<PolicyDto> Policies { get; private set; } = [];
    public IReadOnlyList<TaxReportRow> Taxes { get; private set; } = [];
    public bool CanEdit { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var caller = Caller.From(User);
        CanEdit = PolicyService.CanEdit(caller);
        var query = db.TuitionPolicies.AsNoTracking();
        if (!CanEdit)
        {
            query = query.Where(p => p.Status == PolicyStatus.Published);
        }
        Policies = [.. (await query.OrderBy(p => p.Code).ThenByDescending(p => p.VersionNumber).ToListAsync(ct)).Select(PolicyDto.From)];
        if (caller.IsOrganizationWide)
        {
            Taxes = [.. (await taxes.RunAsync(null, ct)).Where(t => t.Taxable > 0)];
        }
    }
}
