using CertDesk.Features.Accounts;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CertDesk.Features.Catalog.Certifications;

public sealed class IndexModel(CatalogService catalog) : PageModel
{
    public IReadOnlyList<CertificationDto> Rows { get; private set; } = [];
    public bool CanEdit { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var caller = Caller.From(User);
        CanEdit = caller.IsIn(Roles.Admin) || caller.IsIn(Roles.ProgramManager);
        Rows = [.. (await catalog.Query().ToListAsync(ct)).Select(CatalogService.ToDto)];
    }
}
