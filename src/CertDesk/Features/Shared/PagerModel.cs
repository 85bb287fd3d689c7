using Microsoft.AspNetCore.WebUtilities;

namespace CertDesk.Features.Shared;

/// <summary>Paging links that keep the page's other query values (search, sort).</summary>
public sealed record PagerModel(int Page, int PageSize, int Total, string Path, IReadOnlyDictionary<string, string?> Query)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public string Link(int page)
    {
        var values = new Dictionary<string, string?>(Query) { ["page"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        return QueryHelpers.AddQueryString(Path, values.Where(v => !string.IsNullOrEmpty(v.Value)));
    }
}
