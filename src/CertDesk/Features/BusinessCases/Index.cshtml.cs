using CertDesk.Features.Accounts;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CertDesk.Features.BusinessCases;

public sealed class IndexModel(BusinessCaseService service) : PageModel
{
    public IReadOnlyList<BusinessCaseDto> Cases { get; private set; } = [];
    public bool CanDraft { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var caller = Caller.From(User);
        CanDraft = BusinessCaseService.CanDraft(caller);
        var cases = await (await service.VisibleAsync(caller, ct)).OrderByDescending(c => c.Id).Take(200).ToListAsync(ct);
        Cases = [.. cases.Select(BusinessCaseDto.From)];
    }
}
