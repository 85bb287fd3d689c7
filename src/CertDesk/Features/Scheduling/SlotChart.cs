using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace CertDesk.Features.Scheduling;

/// <summary>
/// Server-rendered SVG charts (the content security policy allows no script and no inline style): colours come from
/// CSS classes, every bar has a &lt;title&gt;, and each chart sits beside a table with the same figures.
/// </summary>
public static class SlotChart
{
    private const int Width = 960;
    private const int Height = 220;
    private const int Left = 40;
    private const int Bottom = 40;
    private const int Top = 12;

    /// <summary>Every candidate start in time order: bar height = spare supervisors, class = verdict; refused slots hang below the axis.</summary>
    public static string Slots(IReadOnlyList<SlotDto> all, string caption)
    {
        ArgumentNullException.ThrowIfNull(all);
        var sb = new StringBuilder();
        var max = Math.Max(1, all.Max(s => s.SpareSupervisors ?? 0));
        var plot = Height - Bottom - Top;
        var baseline = Top + plot * 0.8;
        var unit = plot * 0.8 / max;
        var step = (Width - Left - 10.0) / Math.Max(1, all.Count);
        sb.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-labelledby=\"slot-chart-title\">");
        sb.Append(CultureInfo.InvariantCulture, $"<title id=\"slot-chart-title\">{Encode(caption)}</title>");
        sb.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{Left}\" y1=\"{F(baseline)}\" x2=\"{Width - 5}\" y2=\"{F(baseline)}\"/>");
        for (var v = 0; v <= max; v += Math.Max(1, max / 4))
        {
            var y = baseline - v * unit;
            sb.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{Left - 6}\" y=\"{F(y + 4)}\" text-anchor=\"end\">{v}</text>");
        }
        string? lastDate = null;
        for (var i = 0; i < all.Count; i++)
        {
            var s = all[i];
            var x = Left + i * step;
            var w = Math.Max(1.5, step * 0.8);
            string cls;
            double y, h;
            if (!s.Allowed)
            {
                cls = "bar-refused";
                y = baseline;
                h = plot * 0.18;
            }
            else
            {
                cls = s.Verdict switch { "fine" => "bar-fine", "at_risk" => "bar-risk", _ => "bar-break" };
                h = Math.Max(2, (s.SpareSupervisors ?? max) * unit);
                y = baseline - h;
            }
            var label = $"{s.Date} {s.Start}: {(s.Allowed ? $"rank {s.Rank}, {Verdicts(s.Verdict)}" : "refused")}, {s.SpareSupervisors?.ToString(CultureInfo.InvariantCulture) ?? "no"} spare supervisor(s), {s.LateCalls.ToString("0.0", CultureInfo.InvariantCulture)} contacts late";
            sb.Append(CultureInfo.InvariantCulture, $"<rect class=\"{cls}\" x=\"{F(x)}\" y=\"{F(y)}\" width=\"{F(w)}\" height=\"{F(h)}\"><title>{Encode(label)}</title></rect>");
            if (s.Start.EndsWith(":00", StringComparison.Ordinal) && (step >= 14 || int.Parse(s.Start[..2], CultureInfo.InvariantCulture) % 3 == 0))
            {
                sb.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{F(x)}\" y=\"{Height - 24}\">{Encode(s.Start[..2])}h</text>");
            }
            if (s.Date != lastDate)
            {
                lastDate = s.Date;
                sb.Append(CultureInfo.InvariantCulture, $"<line class=\"day\" x1=\"{F(x)}\" y1=\"{Top}\" x2=\"{F(x)}\" y2=\"{Height - Bottom + 8}\"/>");
                sb.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{F(x + 2)}\" y=\"{Height - 8}\">{Encode(s.Date[5..])}</text>");
            }
        }
        sb.Append("</svg>");
        return sb.ToString();
    }

    /// <summary>A session's intervals: service level with the attendees off (bars) against the target (tick), and coverage.</summary>
    public static string Impact(ImpactDto impact)
    {
        ArgumentNullException.ThrowIfNull(impact);
        var sb = new StringBuilder();
        var n = Math.Max(1, impact.Intervals.Count);
        var plot = Height - Bottom - Top;
        var step = (Width - Left - 10.0) / n;
        sb.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-labelledby=\"impact-chart-title\">");
        sb.Append("<title id=\"impact-chart-title\">Supervisors on the floor with the attendees in the session, against the coverage rule, per interval</title>");
        var max = Math.Max(1, impact.Intervals.SelectMany(i => i.Coverage).Select(c => Math.Max(c.SupervisorsBefore, c.Required)).DefaultIfEmpty(1).Max());
        var unit = plot / (double)max;
        var baseline = Top + plot;
        sb.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{Left}\" y1=\"{baseline}\" x2=\"{Width - 5}\" y2=\"{baseline}\"/>");
        for (var v = 0; v <= max; v += Math.Max(1, max / 4))
        {
            sb.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{Left - 6}\" y=\"{F(baseline - v * unit + 4)}\" text-anchor=\"end\">{v}</text>");
        }
        for (var i = 0; i < impact.Intervals.Count; i++)
        {
            var interval = impact.Intervals[i];
            var x = Left + i * step;
            var w = step * 0.7;
            foreach (var c in interval.Coverage.Take(1))
            {
                var cls = interval.Verdict switch { "fine" => "bar-fine", "at_risk" => "bar-risk", _ => "bar-break" };
                var h = Math.Max(2, c.SupervisorsAfter * unit);
                var label = $"{interval.Local}: {c.SupervisorsAfter} supervisor(s) on the floor ({c.SupervisorsBefore} without the session), the rule needs {c.Required}; {Verdicts(interval.Verdict)}";
                sb.Append(CultureInfo.InvariantCulture, $"<rect class=\"{cls}\" x=\"{F(x)}\" y=\"{F(baseline - h)}\" width=\"{F(w)}\" height=\"{F(h)}\"><title>{Encode(label)}</title></rect>");
                var ry = baseline - c.Required * unit;
                sb.Append(CultureInfo.InvariantCulture, $"<line class=\"required\" x1=\"{F(x - 2)}\" y1=\"{F(ry)}\" x2=\"{F(x + w + 2)}\" y2=\"{F(ry)}\"/>");
            }
            sb.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{F(x)}\" y=\"{Height - 8}\">{Encode(interval.Local[11..])}</text>");
        }
        sb.Append("</svg>");
        return sb.ToString();
    }

    public static string Verdicts(string code) => code switch
    {
        "fine" => "fine",
        "at_risk" => "at risk",
        _ => "breaks a target",
    };

    private static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Encode(string text) => HtmlEncoder.Default.Encode(text);
}
