using CertDesk.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CertDesk.Features.Repayments;

[Authorize(Policy = Policies.OrganizationWide)]
public sealed class IndexModel(RepaymentService service) : PageModel
{
    public IReadOnlyList<RepaymentDto> Repayments { get; private set; } = [];
    public IReadOnlyList<LiabilityRow> Liabilities { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Repayments = [.. (await service.Query().AsSplitQuery().OrderByDescending(r => r.Id).Take(200).ToListAsync(ct)).Select(RepaymentDto.From)];
        Liabilities = await service.LiabilitiesAsync(ct);
    }
}
