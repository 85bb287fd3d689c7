using Microsoft.AspNetCore.Html;

namespace CertDesk.Features.Scheduling;

/// <summary>
/// The scheduler's charts, drawn with the program's chart component (<see cref="Chart"/>): colours from CSS classes,
/// every bar has a &lt;title&gt;, and each chart sits beside a table with the same figures.
/// </summary>
public static class SlotChart
{
    private const int Width = 960;
    private const int Height = 220;
    private const int Left = 40;
    private const int Bottom = 40;
    private const int Top = 12;

    /// <summary>Every candidate start in time order: bar height = spare supervisors, class = verdict; refused slots hang below the axis.</summary>
    public static IHtmlContent Slots(IReadOnlyList<SlotDto> all, string caption)
    {
        ArgumentNullException.ThrowIfNull(all);
        var sb = Chart.Open("slot-chart", caption, "Bar height: spare supervisors; colour: the verdict. The table below lists the best slots.", Width, Height);
        var max = Math.Max(1, all.Max(s => s.SpareSupervisors ?? 0));
        var plot = Height - Bottom - Top;
        var baseline = Top + plot * 0.8;
        var unit = plot * 0.8 / max;
        var step = (Width - Left - 10.0) / Math.Max(1, all.Count);
        sb.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{Left}\" y1=\"{F(baseline)}\" x2=\"{Width - 5}\" y2=\"{F(baseline)}\"/>");
        for (var v = 0; v <= max; v += Math.Max(1, max / 4))
        {
            var y = baseline - v * unit;
            sb.Append(CultureInfo.InvariantCulture, $"<text class=\"chart-label\" x=\"{Left - 6}\" y=\"{F(y + 4)}\" text-anchor=\"end\">{v}</text>");
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
                sb.Append(CultureInfo.InvariantCulture, $"<text class=\"chart-label\" x=\"{F(x)}\" y=\"{Height - 24}\">{Encode(s.Start[..2])}h</text>");
            }
            if (s.Date != lastDate)
            {
                lastDate = s.Date;
                sb.Append(CultureInfo.InvariantCulture, $"<line class=\"day\" x1=\"{F(x)}\" y1=\"{Top}\" x2=\"{F(x)}\" y2=\"{Height - Bottom + 8}\"/>");
                sb.Append(CultureInfo.InvariantCulture, $"<text class=\"chart-label\" x=\"{F(x + 2)}\" y=\"{Height - 8}\">{Encode(s.Date[5..])}</text>");
            }
        }
        return Chart.Close(sb);
    }

    /// <summary>A session's intervals: service level with the attendees off (bars) against the target (tick), and coverage.</summary>
    public static IHtmlContent Impact(ImpactDto impact)
    {
        ArgumentNullException.ThrowIfNull(impact);
        var sb = Chart.Open("impact-chart", "Supervisors on the floor with the attendees in the session, against the coverage rule, per interval",
            "Bar height: supervisors on the floor during the session; dark tick: what the coverage rule needs. The table below lists the same figures.", Width, Height);
        var n = Math.Max(1, impact.Intervals.Count);
        var plot = Height - Bottom - Top;
        var step = (Width - Left - 10.0) / n;
        var max = Math.Max(1, impact.Intervals.SelectMany(i => i.Coverage).Select(c => Math.Max(c.SupervisorsBefore, c.Required)).DefaultIfEmpty(1).Max());
        var unit = plot / (double)max;
        var baseline = Top + plot;
        sb.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{Left}\" y1=\"{baseline}\" x2=\"{Width - 5}\" y2=\"{baseline}\"/>");
        for (var v = 0; v <= max; v += Math.Max(1, max / 4))
        {
            sb.Append(CultureInfo.InvariantCulture, $"<text class=\"chart-label\" x=\"{Left - 6}\" y=\"{F(baseline - v * unit + 4)}\" text-anchor=\"end\">{v}</text>");
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
            sb.Append(CultureInfo.InvariantCulture, $"<text class=\"chart-label\" x=\"{F(x)}\" y=\"{Height - 8}\">{Encode(interval.Local[11..])}</text>");
        }
        return Chart.Close(sb);
    }

    /// <summary>Consecutive intervals whose queues read the same (service level before and after, per queue) as one row.</summary>
    public sealed record IntervalRun(string From, string To, IntervalImpactDto First, int Count)
    {
        public string Span => Count == 1 ? From : $"{From} to {To}";
    }

    public static IReadOnlyList<IntervalRun> Runs(ImpactDto impact)
    {
        ArgumentNullException.ThrowIfNull(impact);
        var runs = new List<IntervalRun>();
        string? lastKey = null;
        foreach (var interval in impact.Intervals)
        {
            var key = interval.Verdict + "|" + string.Join("|", interval.Queues.Select(q => Chart.Invariant($"{q.Queue}:{q.ServiceLevelBefore:0.000}:{q.ServiceLevelAfter:0.000}")))
                + "|" + string.Join("|", interval.Coverage.Select(c => Chart.Invariant($"{c.Group}:{c.SupervisorsBefore}:{c.SupervisorsAfter}")));
            if (key == lastKey)
            {
                var last = runs[^1];
                runs[^1] = last with { To = interval.Local[11..], Count = last.Count + 1 };
                continue;
            }
            lastKey = key;
            runs.Add(new IntervalRun(interval.Local[11..], interval.Local[11..], interval, 1));
        }
        return runs;
    }

    /// <summary>
    /// Service level per queue before the session (light) and with the attendees off the floor (dark), per run of
    /// identical intervals, against each queue's target (tick): where the class costs service level, and where not.
    /// </summary>
    public static IHtmlContent ServiceLevel(ImpactDto impact)
    {
        ArgumentNullException.ThrowIfNull(impact);
        var runs = Runs(impact);
        var queues = impact.Intervals.SelectMany(i => i.Queues.Select(q => q.Queue)).Distinct(StringComparer.Ordinal).ToList();
        const int left = 56, top = 16, plot = 160, bottom = 48, bar = 12;
        var groupWidth = Math.Max(96, queues.Count * (2 * bar + 6) + 16);
        var width = left + runs.Count * groupWidth + 10;
        var height = top + plot + bottom;
        var sb = Chart.Open("sl-chart", "Service level per queue before the session and with the attendees off the floor, against the target",
            "Light bars: before; dark bars: with the session; tick: the queue's target. Intervals that read alike are shown once. The table below lists the same figures.", width, height);
        var baseline = top + plot;
        foreach (var t in new[] { 0, 25, 50, 75, 100 })
        {
            var y = baseline - t / 100.0 * plot;
            sb.Append(Chart.Invariant($"<line class=\"chart-grid\" x1=\"{left}\" y1=\"{y:0.#}\" x2=\"{width - 5}\" y2=\"{y:0.#}\"/>"));
            sb.Append(Chart.Invariant($"<text class=\"chart-label\" x=\"{left - 6}\" y=\"{y + 4:0.#}\" text-anchor=\"end\">{t} %</text>"));
        }
        for (var r = 0; r < runs.Count; r++)
        {
            var run = runs[r];
            var x0 = left + r * groupWidth + 8;
            for (var qi = 0; qi < queues.Count; qi++)
            {
                if (run.First.Queues.FirstOrDefault(q => q.Queue == queues[qi]) is not { } q)
                {
                    continue;
                }
                var x = x0 + qi * (2 * bar + 6);
                var hb = Math.Max(1, q.ServiceLevelBefore * plot);
                var ha = Math.Max(1, q.ServiceLevelAfter * plot);
                var cls = q.ServiceLevelAfter < q.Target ? "bar-break" : "bar-fine";
                sb.Append(Chart.Invariant($"<rect class=\"sl-before\" x=\"{x}\" y=\"{baseline - hb:0.#}\" width=\"{bar}\" height=\"{hb:0.#}\"><title>{Chart.E(Chart.Invariant($"{q.Queue}, {run.Span}: {q.ServiceLevelBefore:P1} before the session"))}</title></rect>"));
                sb.Append(Chart.Invariant($"<rect class=\"{cls}\" x=\"{x + bar}\" y=\"{baseline - ha:0.#}\" width=\"{bar}\" height=\"{ha:0.#}\"><title>{Chart.E(Chart.Invariant($"{q.Queue}, {run.Span}: {q.ServiceLevelAfter:P1} with the session, target {q.Target:P0}"))}</title></rect>"));
                var ty = baseline - q.Target * plot;
                sb.Append(Chart.Invariant($"<line class=\"required\" x1=\"{x - 2}\" y1=\"{ty:0.#}\" x2=\"{x + 2 * bar + 2}\" y2=\"{ty:0.#}\"/>"));
            }
            sb.Append(Chart.Invariant($"<text class=\"chart-label\" x=\"{x0}\" y=\"{baseline + 18}\">{Chart.E(run.From)}</text>"));
            if (run.Count > 1)
            {
                sb.Append(Chart.Invariant($"<text class=\"chart-label\" x=\"{x0}\" y=\"{baseline + 34}\">to {Chart.E(run.To)}</text>"));
            }
        }
        return Chart.Close(sb);
    }

    public static string Verdicts(string code) => code switch
    {
        "fine" => "fine",
        "at_risk" => "at risk",
        _ => "breaks a target",
    };

    private static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Encode(string text) => Chart.E(text);
}
