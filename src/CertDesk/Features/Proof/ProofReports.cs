using CertDesk.Domain.Proof;
using CertDesk.Files;
using PdfSharp.Drawing;

namespace CertDesk.Features.Proof;

/// <summary>The ROI study as PDF (vector trend charts drawn with XGraphics), XLSX and CSV; KPI tables as CSV. Text cells are neutralized.</summary>
public static class ProofReports
{
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    public static readonly string[] EffectColumns =
    [
        "kpi", "unit", "cohort_pre", "cohort_post", "comparison_pre", "comparison_post", "effect", "ci_lower_95", "ci_upper_95", "significant",
        "value_per_unit", "annual_value", "monetized", "basis",
    ];

    private static IReadOnlyList<object?> EffectRow(KpiEffectDto e) =>
    [
        e.Kpi, e.Unit, R(e.TreatedPre), R(e.TreatedPost), R(e.ControlPre), R(e.ControlPost), R(e.Effect), R(e.Lower), R(e.Upper),
        // Typed: the workbook holds booleans and money with its currency; the CSV writes the same text as before ("true", 1234.5).
        e.Significant, new XlsxWriter.Usd(e.ValuePerUnit), new XlsxWriter.Usd(e.AnnualValue), e.Monetized, e.Basis,
    ];

    private static object? Money(decimal? amount) => amount is { } value ? new XlsxWriter.Usd(value) : null;

    private static double R(double v) => Math.Round(v, 4);

    public static string EffectsCsv(RoiStudyDto s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return Csv(EffectColumns, s.Effects.Select(EffectRow));
    }

    public static string KpiCsv(KpiReportDto report)
    {
        ArgumentNullException.ThrowIfNull(report);
        string[] header = ["group", "key", "label", "site", "manager", "teams", "offered", .. KpiKinds.All.Select(KpiKinds.Key), "from", "to", "thresholds"];
        return Csv(header, report.Items.Select(r => (IReadOnlyList<object?>)
            [report.GroupBy, r.Key, r.Label, r.Site, r.Manager, r.Teams, r.Offered, .. r.Kpis.Select(k => (object?)k.Value), report.From.ToString("yyyy-MM-dd", s_inv),
                report.To.ToString("yyyy-MM-dd", s_inv), report.Thresholds]));
    }

    /// <summary>RFC 4180 CSV; text cells that a spreadsheet would run as a formula get a leading apostrophe.</summary>
    public static string Csv(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object?>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var sb = new StringBuilder();
        sb.Append(string.Join(',', header)).Append("\r\n");
        foreach (var row in rows)
        {
            sb.Append(string.Join(',', row.Select(Cell))).Append("\r\n");
        }
        return sb.ToString();
    }

    private static string Cell(object? value) => value switch
    {
        null => "",
        double d => d.ToString("R", s_inv),
        decimal m => m.ToString(s_inv),
        XlsxWriter.Usd money => money.Amount.ToString(s_inv),
        DateOnly date => date.ToString("yyyy-MM-dd", s_inv),
        bool b => b ? "true" : "false",
        int or long => Convert.ToString(value, s_inv)!,
        _ => Domain.Kpi.IntervalFactCsv.Quote(CellSafety.Neutralize(Convert.ToString(value, s_inv))),
    };

    /// <summary>How a report names where a study's costs come from.</summary>
    public static string CostSourceLabel(string source) => source switch
    {
        RoiStudies.CostsEntered => "entered with the study",
        RoiStudies.CostsFromEnrollments => "real costs from enrollments",
        RoiStudies.CostsFromBusinessCases => "estimates from approved business cases",
        _ => "none",
    };

    public static byte[] StudyXlsx(RoiStudyDto s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var rows = new List<IReadOnlyList<object?>>();
        rows.AddRange(s.Effects.Select(EffectRow));
        rows.Add([]);
        rows.Add(["total_cost", "", "", "", "", "", "", "", "", "", "", Money(s.TotalCost)]);
        rows.Add(["total_benefit", "", "", "", "", "", "", "", "", "", "", Money(s.TotalBenefit)]);
        rows.Add(["net_benefit", "", "", "", "", "", "", "", "", "", "", Money(s.NetBenefit)]);
        rows.Add(["roi_percent", "", "", "", "", "", "", "", "", "", "", s.RoiPercent]);
        rows.Add(["bcr", "", "", "", "", "", "", "", "", "", "", s.Bcr]);
        rows.Add(["payback_months", "", "", "", "", "", "", "", "", "", "", s.PaybackMonths]);
        rows.Add(["cost_source", s.CostSource, "", "", "", "", "", "", "", "", "", "", "", s.CostBasis]);
        foreach (var c in s.Costs)
        {
            rows.Add(["cost: " + c.Category, "", "", "", "", "", "", "", "", "", "", Money(c.Amount)]);
        }
        foreach (var i in s.Intangibles)
        {
            rows.Add(["intangible", i]);
        }
        return XlsxWriter.Write("ROI study", EffectColumns, rows);
    }

    public static byte[] StudyPdf(RoiStudyDto s, IReadOnlyList<TrendSeries> trends)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(trends);
        using var pdf = new PdfText("ROI study: " + s.Name);
        pdf.Heading("ROI study: " + s.Name);
        pdf.Field("Certification", $"{s.CertificationCode}, certified on {s.CertifiedOn:yyyy-MM-dd}");
        pdf.Field("Certified cohort", string.Join(", ", s.CohortTeams));
        pdf.Field("Comparison group", string.Join(", ", s.ComparisonTeams));
        pdf.Field("Before window", $"{s.PreStart:yyyy-MM-dd} to {s.PreEnd:yyyy-MM-dd} (end exclusive)");
        pdf.Field("After window", $"{s.PostStart:yyyy-MM-dd} to {s.PostEnd:yyyy-MM-dd} (end exclusive)");
        pdf.Rule();
        pdf.Field("Fully loaded cost", Labels.Money(s.TotalCost));
        pdf.Field("Monetized benefit (year 1)", Labels.Money(s.TotalBenefit));
        pdf.Field("Net benefit", Labels.Money(s.NetBenefit));
        pdf.Field("ROI", s.RoiPercent is { } r ? r.ToString("N2", s_inv) + " %" : "n/a");
        pdf.Field("Benefit-cost ratio", s.Bcr?.ToString("N2", s_inv) ?? "n/a");
        pdf.Field("Payback", s.PaybackMonths is { } p ? p.ToString("N2", s_inv) + " months" : "never");
        pdf.Field("Adjustments", $"isolation {s.Isolation.ToString("0.##", s_inv)}, confidence {s.Confidence.ToString("0.##", s_inv)}");
        pdf.Rule();
        pdf.Heading("Effect per KPI (difference-in-differences, 95 % interval)");
        foreach (var e in s.Effects)
        {
            pdf.Field(e.Label, string.Create(s_inv,
                $"{e.Effect:0.###} {e.Unit} [{e.Lower:0.###}, {e.Upper:0.###}]; cohort {e.TreatedPre:0.##} -> {e.TreatedPost:0.##}, comparison {e.ControlPre:0.##} -> {e.ControlPost:0.##}; " +
                $"{(e.Monetized ? "credited " + Labels.Money(e.AnnualValue) + " a year: " : "")}{e.Basis}"));
        }
        pdf.Heading("Trends (monthly mean of the teams; the line marks certification)");
        foreach (var t in trends.Where(t => t.Kpi is "service_level" or "aht" or "abandonment" or "csat"))
        {
            pdf.Paragraph(KpiKinds.Label(KpiKinds.FromKey(t.Kpi)!.Value) + " (" + KpiKinds.Unit(KpiKinds.FromKey(t.Kpi)!.Value) + "): cohort solid blue, comparison dashed grey", bold: true);
            pdf.Block(130, (g, area) => DrawTrend(g, area, t, s.CertifiedOn));
            pdf.Space(8);
        }
        pdf.Heading("Costs");
        pdf.Field("Source", CostSourceLabel(s.CostSource));
        pdf.Small(s.CostBasis);
        pdf.Space(4);
        foreach (var c in s.Costs)
        {
            pdf.Field(c.Category, Labels.Money(c.Amount));
        }
        pdf.Heading("Intangible benefits");
        foreach (var i in s.Intangibles.DefaultIfEmpty("none listed"))
        {
            pdf.Paragraph("• " + i);
        }
        pdf.Heading("Method");
        pdf.Small(s.Method);
        pdf.Space(4);
        pdf.Small("Definitions and thresholds: " + s.Thresholds);
        return pdf.ToBytes();
    }

    private static void DrawTrend(XGraphics g, XRect area, TrendSeries t, DateOnly certifiedOn)
    {
        var values = t.Cohort.Concat(t.Comparison).Where(v => v.HasValue).Select(v => v!.Value).ToList();
        if (values.Count == 0 || t.Months.Count < 2)
        {
            return;
        }
        var font = new XFont(PdfFonts.Family, 7);
        var plot = new XRect(area.X + 40, area.Y + 4, area.Width - 50, area.Height - 20);
        var min = values.Min();
        var max = values.Max();
        var pad = Math.Max(1e-9, (max - min) * 0.1);
        min -= pad;
        max += pad;
        g.DrawRectangle(XPens.LightGray, plot);
        double X(int i) => plot.X + plot.Width * i / (t.Months.Count - 1);
        double Y(double v) => plot.Bottom - plot.Height * (v - min) / (max - min);
        g.DrawString(max.ToString("0.#", s_inv), font, XBrushes.Gray, new XPoint(area.X, plot.Y + 7));
        g.DrawString(min.ToString("0.#", s_inv), font, XBrushes.Gray, new XPoint(area.X, plot.Bottom));
        for (var i = 0; i < t.Months.Count; i += 2)
        {
            g.DrawString(t.Months[i].ToString("MMM yy", s_inv), font, XBrushes.Gray, new XPoint(X(i) - 10, plot.Bottom + 10));
        }
        var certIndex = t.Months.FindIndex(m => m.Year == certifiedOn.Year && m.Month == certifiedOn.Month);
        if (certIndex >= 0)
        {
            g.DrawLine(new XPen(XColors.OrangeRed, 1) { DashStyle = XDashStyle.Dot }, X(certIndex), plot.Y, X(certIndex), plot.Bottom);
        }
        void Line(IReadOnlyList<double?> series, XPen pen)
        {
            for (var i = 1; i < series.Count; i++)
            {
                if (series[i - 1] is { } a && series[i] is { } b)
                {
                    g.DrawLine(pen, X(i - 1), Y(a), X(i), Y(b));
                }
            }
        }
        Line(t.Comparison, new XPen(XColors.Gray, 1.2) { DashStyle = XDashStyle.Dash });
        Line(t.Cohort, new XPen(XColors.RoyalBlue, 1.8));
    }
}

internal static class ListExtensions
{
    public static int FindIndex<T>(this IReadOnlyList<T> list, Func<T, bool> match)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (match(list[i]))
            {
                return i;
            }
        }
        return -1;
    }
}
