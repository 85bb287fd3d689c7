using CertDesk.Features.BusinessCases;

namespace CertDesk.Features.Requests;

/// <summary>The certification requests the caller may see (their own, their people's, all for organization-wide roles), newest first.</summary>
public sealed class IndexModel(RequestService service) : PageModel
{
    public IReadOnlyList<RequestDto> Rows { get; private set; } = [];
    public string? Status { get; private set; }

    public async Task OnGetAsync(string? status, CancellationToken ct)
    {
        var query = await service.VisibleAsync(Caller.From(User), ct);
        if (status == "returned")
        {
            query = query.Where(r => r.BusinessCase!.Status == BusinessCaseStatus.Draft);
        }
        else if (Enum.TryParse<BusinessCaseStatus>(status, ignoreCase: true, out var st))
        {
            query = query.Where(r => r.BusinessCase!.Status == st);
        }
        Status = status;
        Rows = [.. (await query.AsSplitQuery().OrderByDescending(r => r.Id).Take(200).ToListAsync(ct)).Select(RequestDto.From)];
    }
}
