using System.Globalization;
using System.Net;
using System.Text;
using CertDesk.Domain.Proof;
using Microsoft.AspNetCore.Html;

namespace CertDesk.Features.Proof;

/// <summary>One line of a chart: its name, the CSS class that colours it, and one value per month (null for a gap).</summary>
public sealed record ChartSeries(string Name, string CssClass, IReadOnlyList<double?> Values);

/// <summary>
/// Server-side SVG line charts (no inline styles: every colour comes from a CSS class of site.css). The SVG is
/// labelled for assistive technology; the pages put the same numbers in a table next to it.
/// </summary>
public static class ProofCharts
{
    private const double Width = 640;
    private const double Height = 260;
    private const double Left = 56;
    private const double Right = 16;
    private const double Top = 16;
    private const double Bottom = 40;

    public static IHtmlContent Line(string id, string title, KpiKind kind, IReadOnlyList<DateOnly> months, IReadOnlyList<ChartSeries> series, DateOnly? marker = null)
    {
        ArgumentNullException.ThrowIfNull(months);
        ArgumentNullException.ThrowIfNull(series);
        var values = series.SelectMany(s => s.Values).Where(v => v is { } x && !double.IsNaN(x)).Select(v => v!.Value).ToList();
        var svg = new StringBuilder();
        var desc = Invariant($"{title}: {months.Count} months, {string.Join(" and ", series.Select(s => s.Name))}. The table below lists the same values.");
        svg.Append(Invariant($"<svg class=\"chart\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" xmlns=\"http://www.w3.org/2000/svg\">"));
        svg.Append(Invariant($"<title id=\"{id}-title\">{E(title)}</title><desc id=\"{id}-desc\">{E(desc)}</desc>"));
        if (months.Count == 0 || values.Count == 0)
        {
            svg.Append(Invariant($"<text class=\"chart-label\" x=\"{Width / 2}\" y=\"{Height / 2}\" text-anchor=\"middle\">No data in this period</text></svg>"));
            return new HtmlString(svg.ToString());
        }
        var (min, max) = Bounds(values);
        double X(int i) => months.Count == 1 ? Left + (Width - Left - Right) / 2 : Left + i * (Width - Left - Right) / (months.Count - 1);
        double Y(double v) => Top + (max - v) / (max - min) * (Height - Top - Bottom);

        for (var t = 0; t <= 4; t++)
        {
            var v = min + (max - min) * t / 4;
            var y = Y(v);
            svg.Append(Invariant($"<line class=\"chart-grid\" x1=\"{Left}\" y1=\"{y:0.#}\" x2=\"{Width - Right}\" y2=\"{y:0.#}\"/>"));
            svg.Append(Invariant($"<text class=\"chart-label\" x=\"{Left - 6}\" y=\"{y + 4:0.#}\" text-anchor=\"end\">{E(Tick(kind, v))}</text>"));
        }
        svg.Append(Invariant($"<line class=\"chart-axis\" x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width - Right}\" y2=\"{Height - Bottom}\"/>"));
        var every = Math.Max(1, (int)Math.Ceiling(months.Count / 8.0));
        for (var i = 0; i < months.Count; i += every)
        {
            var anchor = months.Count == 1 ? "middle" : i == 0 ? "start" : i + every >= months.Count && i == months.Count - 1 ? "end" : "middle";
            svg.Append(Invariant($"<text class=\"chart-label\" x=\"{X(i):0.#}\" y=\"{Height - Bottom + 16}\" text-anchor=\"{anchor}\">{months[i].ToString("MMM yy", CultureInfo.InvariantCulture)}</text>"));
        }
        if (marker is { } m)
        {
            var index = months.ToList().FindLastIndex(x => x <= m);
            if (index >= 0)
            {
                var x = X(index);
                svg.Append(Invariant($"<line class=\"chart-marker\" x1=\"{x:0.#}\" y1=\"{Top}\" x2=\"{x:0.#}\" y2=\"{Height - Bottom}\"/>"));
                svg.Append(Invariant($"<text class=\"chart-label\" x=\"{x + 4:0.#}\" y=\"{Top + 10}\">certified</text>"));
            }
        }
        foreach (var s in series)
        {
            var path = new StringBuilder();
            var pen = 'M';
            for (var i = 0; i < months.Count && i < s.Values.Count; i++)
            {
                if (s.Values[i] is not { } v || double.IsNaN(v))
                {
                    pen = 'M';
                    continue;
                }
                path.Append(Invariant($"{pen}{X(i):0.#},{Y(v):0.#} "));
                pen = 'L';
            }
            svg.Append(Invariant($"<path class=\"chart-line {s.CssClass}\" d=\"{path.ToString().TrimEnd()}\"/>"));
            for (var i = 0; i < months.Count && i < s.Values.Count; i++)
            {
                if (s.Values[i] is { } v && !double.IsNaN(v))
                {
                    svg.Append(Invariant($"<circle class=\"chart-point {s.CssClass}\" cx=\"{X(i):0.#}\" cy=\"{Y(v):0.#}\" r=\"3\"/>"));
                }
            }
        }
        svg.Append("</svg>");
        return new HtmlString(svg.ToString());
    }

    private static (double Min, double Max) Bounds(List<double> values)
    {
        var min = values.Min();
        var max = values.Max();
        if (max - min < 1e-9)
        {
            var pad = Math.Max(1, Math.Abs(max) * 0.05);
            return (min - pad, max + pad);
        }
        var margin = (max - min) * 0.1;
        return (min - margin, max + margin);
    }

    private static string Tick(KpiKind kind, double v) => KpiKinds.Unit(kind) is "%" or "s"
        ? v.ToString("0.#", CultureInfo.InvariantCulture)
        : v.ToString("0.##", CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
