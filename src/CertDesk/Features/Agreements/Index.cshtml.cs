using CertDesk.Features.Accounts;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CertDesk.Features.Agreements;

public sealed class IndexModel(AgreementService service, TimeProvider clock) : PageModel
{
    public IReadOnlyList<AgreementDto> Agreements { get; private set; } = [];
    public bool CanIssue { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var caller = Caller.From(User);
        CanIssue = AgreementService.CanIssue(caller);
        var list = await (await service.VisibleAsync(caller, ct)).AsSplitQuery().OrderByDescending(a => a.Id).Take(200).ToListAsync(ct);
        var now = clock.GetUtcNow();
        Agreements = [.. list.Select(a => AgreementDto.From(a, now, withDocument: false))];
    }
}
