using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

namespace CertDesk.Features.Dashboards;

/// <summary>
/// Server-rendered SVG bar charts (the CSP allows no scripts or inline styles): geometry as SVG attributes,
/// colours from CSS classes in site.css, a title and a text table for screen readers.
/// </summary>
public static class SvgChart
{
    public sealed record Bar(string Label, decimal Value, string Text);

    /// <summary>Horizontal bars scaled to <paramref name="max"/> (e.g. 1 for rates, the largest value otherwise).</summary>
    public static IHtmlContent HorizontalBars(string title, IReadOnlyList<Bar> bars, decimal max, string cssClass = "bar")
    {
        const int labelWidth = 150, chartWidth = 300, rowHeight = 26, valueWidth = 70;
        var height = Math.Max(1, bars.Count) * rowHeight + 8;
        var width = labelWidth + chartWidth + valueWidth;
        var enc = HtmlEncoder.Default;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" role=\"img\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" aria-label=\"{enc.Encode(title)}\">");
        sb.Append(CultureInfo.InvariantCulture, $"<title>{enc.Encode(title)}</title>");
        for (var i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            var y = 4 + i * rowHeight;
            var w = max <= 0 ? 0 : (int)Math.Round(Math.Clamp(bar.Value / max, 0, 1) * chartWidth);
            sb.Append(CultureInfo.InvariantCulture, $"<text class=\"chart-label\" x=\"{labelWidth - 6}\" y=\"{y + 17}\" text-anchor=\"end\">{enc.Encode(bar.Label)}</text>");
            sb.Append(CultureInfo.InvariantCulture, $"<rect class=\"chart-track\" x=\"{labelWidth}\" y=\"{y + 4}\" width=\"{chartWidth}\" height=\"{rowHeight - 8}\"></rect>");
            sb.Append(CultureInfo.InvariantCulture, $"<rect class=\"{cssClass}\" x=\"{labelWidth}\" y=\"{y + 4}\" width=\"{w}\" height=\"{rowHeight - 8}\"></rect>");
            sb.Append(CultureInfo.InvariantCulture, $"<text class=\"chart-value\" x=\"{labelWidth + chartWidth + 6}\" y=\"{y + 17}\">{enc.Encode(bar.Text)}</text>");
        }
        sb.Append("</svg>");
        return new HtmlString(sb.ToString());
    }

    public static string Percent(decimal? rate) => rate is { } r ? (r * 100).ToString("0", CultureInfo.InvariantCulture) + " %" : "n/a";
}
