using System.Net;
using Microsoft.AspNetCore.Html;

namespace CertDesk.Features.Shared;

/// <summary>One line of a line chart: its name, the CSS class that colours it, and one value per month (null: no data).</summary>
public sealed record ChartSeries(string Name, string CssClass, IReadOnlyList<double?> Values);

/// <summary>One bar: its label, its value (null: no data, drawn differently from 0) and the value as text, with its unit.</summary>
public sealed record ChartBar(string Label, decimal? Value, string Text);

/// <summary>
/// The program's one chart component: server-rendered SVG (the CSP allows no script and no inline style; colours come
/// from CSS classes of site.css). Every chart is drawn at its natural size in CSS pixels and never scaled down
/// (<c>svg.chart</c> in site.css), inside a scrollable, focusable region on narrow screens, so its 12 px text stays
/// 12 px at any width. Axes carry distinct ticks with their unit, months read "October 2026", a missing value is
/// "no data" (never a zero bar), and every page puts the same figures in a table beside the chart.
/// </summary>
public static class Chart
{
    /// <summary>The text size of every chart label, as rendered.</summary>
    public const int FontPx = 12;

    /// <summary>Horizontal bars scaled to <paramref name="max"/> (1 for rates, the largest value otherwise).</summary>
    public static IHtmlContent Bars(string id, string title, IReadOnlyList<ChartBar> bars, decimal max, string cssClass = "bar")
    {
        ArgumentNullException.ThrowIfNull(bars);
        const int labelWidth = 120, barWidth = 150, valueWidth = 80, rowHeight = 28;
        var width = labelWidth + barWidth + valueWidth;
        var height = Math.Max(1, bars.Count) * rowHeight + 8;
        var svg = Open(id, title, $"{title}. The table beside the chart lists the same values.", width, height);
        for (var i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            var y = 4 + i * rowHeight;
            svg.Append(Invariant($"<text class=\"chart-label\" x=\"{labelWidth - 6}\" y=\"{y + 18}\" text-anchor=\"end\">{E(Clip(bar.Label, 16))}<title>{E(bar.Label)}</title></text>"));
            svg.Append(Invariant($"<rect class=\"chart-track\" x=\"{labelWidth}\" y=\"{y + 5}\" width=\"{barWidth}\" height=\"{rowHeight - 10}\"></rect>"));
            if (bar.Value is { } value)
            {
                // A zero still shows a sliver at the axis, so 0 reads as a measured zero and not as missing data.
                var w = max <= 0 ? 0 : Math.Round(Math.Clamp(value / max, 0, 1) * barWidth, 1);
                svg.Append(Invariant($"<rect class=\"{cssClass}\" x=\"{labelWidth}\" y=\"{y + 5}\" width=\"{Math.Max(w, 2m)}\" height=\"{rowHeight - 10}\"></rect>"));
                svg.Append(Invariant($"<text class=\"chart-value\" x=\"{labelWidth + barWidth + 6}\" y=\"{y + 18}\">{E(bar.Text)}</text>"));
            }
            else
            {
                svg.Append(Invariant($"<text class=\"chart-none\" x=\"{labelWidth + 6}\" y=\"{y + 18}\">no data</text>"));
            }
        }
        return Close(svg);
    }

    /// <summary>Monthly lines with a y axis in <paramref name="unit"/> ("%", "s", "USD", ...) and an optional marker month.</summary>
    public static IHtmlContent Line(string id, string title, string unit, IReadOnlyList<DateOnly> months, IReadOnlyList<ChartSeries> series, DateOnly? marker = null, string? markerText = null)
    {
        ArgumentNullException.ThrowIfNull(months);
        ArgumentNullException.ThrowIfNull(series);
        const double width = 600, height = 260, left = 70, right = 20, top = 20, bottom = 44;
        var values = series.SelectMany(s => s.Values).Where(v => v is { } x && !double.IsNaN(x)).Select(v => v!.Value).ToList();
        var svg = Open(id, title, Invariant($"{title}: {months.Count} months, {string.Join(" and ", series.Select(s => s.Name))}. The table below lists the same values."), width, height);
        if (months.Count == 0 || values.Count == 0)
        {
            svg.Append(Invariant($"<text class=\"chart-none\" x=\"{width / 2}\" y=\"{height / 2}\" text-anchor=\"middle\">No data in this period</text>"));
            return Close(svg);
        }
        var ticks = NiceTicks(values.Min(), values.Max());
        var (min, max) = (ticks[0], ticks[^1]);
        double X(int i) => months.Count == 1 ? left + (width - left - right) / 2 : left + i * (width - left - right) / (months.Count - 1);
        double Y(double v) => top + (max - v) / (max - min) * (height - top - bottom);
        var step = ticks.Count > 1 ? ticks[1] - ticks[0] : 1;
        foreach (var t in ticks)
        {
            svg.Append(Invariant($"<line class=\"chart-grid\" x1=\"{left}\" y1=\"{Y(t):0.#}\" x2=\"{width - right}\" y2=\"{Y(t):0.#}\"/>"));
            svg.Append(Invariant($"<text class=\"chart-label\" x=\"{left - 6}\" y=\"{Y(t) + 4:0.#}\" text-anchor=\"end\">{E(Number(t, step, unit))}</text>"));
        }
        svg.Append(Invariant($"<line class=\"chart-axis\" x1=\"{left}\" y1=\"{height - bottom}\" x2=\"{width - right}\" y2=\"{height - bottom}\"/>"));
        // "October 2026" is about 90 px at 12 px: at most five month labels fit the axis.
        var every = Math.Max(1, (int)Math.Ceiling(months.Count / 5.0));
        for (var i = 0; i < months.Count; i += every)
        {
            var anchor = months.Count == 1 ? "middle" : i == 0 ? "start" : i == months.Count - 1 ? "end" : "middle";
            svg.Append(Invariant($"<text class=\"chart-label\" x=\"{X(i):0.#}\" y=\"{height - bottom + 18}\" text-anchor=\"{anchor}\">{E(Month(months[i]))}</text>"));
        }
        if (marker is { } m && months.ToList().FindLastIndex(x => x <= m) is var index and >= 0)
        {
            var x = X(index);
            svg.Append(Invariant($"<line class=\"chart-marker\" x1=\"{x:0.#}\" y1=\"{top}\" x2=\"{x:0.#}\" y2=\"{height - bottom}\"/>"));
            svg.Append(Invariant($"<text class=\"chart-label\" x=\"{x + 4:0.#}\" y=\"{top + 12}\">{E(markerText ?? "")}</text>"));
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
                    svg.Append(Invariant($"<circle class=\"chart-point {s.CssClass}\" cx=\"{X(i):0.#}\" cy=\"{Y(v):0.#}\" r=\"3.5\"><title>{E($"{s.Name}, {Month(months[i])}: {Number(v, step / 10, unit)}")}</title></circle>"));
                }
            }
        }
        return Close(svg);
    }

    /// <summary>
    /// Axis ticks at a round step (1, 2 or 5 x 10^n) covering the values: always at least two, always distinct, so a
    /// flat line still gets an axis that reads (74 %, 74.5 %, 75 %) instead of one number repeated.
    /// </summary>
    public static IReadOnlyList<double> NiceTicks(double low, double high, int wanted = 5)
    {
        if (high < low)
        {
            (low, high) = (high, low);
        }
        if (high - low < 1e-9)
        {
            var pad = Math.Abs(high) > 1e-9 ? Math.Abs(high) * 0.02 : 1;
            (low, high) = (low - pad, high + pad);
        }
        var raw = (high - low) / Math.Max(1, wanted - 1);
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1, 2, 2.5, 5, 10 }.Select(f => f * magnitude).First(s => s >= raw);
        var first = Math.Floor(low / step) * step;
        var ticks = new List<double>();
        for (var t = first; t < high + step * 0.999; t += step)
        {
            ticks.Add(Math.Round(t, 10));
        }
        if (ticks.Count < 2)
        {
            ticks.Add(ticks[0] + step);
        }
        return ticks;
    }

    /// <summary>"October 2026".</summary>
    public static string Month(DateOnly month) => month.ToString("MMMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>A value with as many decimals as the axis step needs, and its unit ("74.5 %", "USD 1,200", "32 s").</summary>
    public static string Number(double value, double step, string unit)
    {
        var decimals = step >= 1 ? 0 : Math.Min(3, (int)Math.Ceiling(-Math.Log10(step) - 1e-9));
        var text = value.ToString("#,0." + new string('#', decimals), CultureInfo.InvariantCulture);
        return unit switch
        {
            "" => text,
            Labels.Currency => $"{Labels.Currency} {text}",
            "%" => text + " %",
            _ => $"{text} {unit}",
        };
    }

    /// <summary>The opening of a chart at its natural size; callers append shapes with the chart-* classes and then <see cref="Close"/>.</summary>
    public static StringBuilder Open(string id, string title, string description, double width, double height)
    {
        var svg = new StringBuilder();
        svg.Append(Invariant($"<div class=\"chart-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"{E(title)} (scrolls sideways on a small screen)\">"));
        svg.Append(Invariant($"<svg class=\"chart\" id=\"{id}\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" xmlns=\"http://www.w3.org/2000/svg\">"));
        svg.Append(Invariant($"<title id=\"{id}-title\">{E(title)}</title><desc id=\"{id}-desc\">{E(description)}</desc>"));
        return svg;
    }

    public static IHtmlContent Close(StringBuilder svg)
    {
        ArgumentNullException.ThrowIfNull(svg);
        svg.Append("</svg></div>");
        return new HtmlString(svg.ToString());
    }

    public static string E(string text) => WebUtility.HtmlEncode(text);

    public static string Invariant(FormattableString text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.ToString(CultureInfo.InvariantCulture);
    }

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
