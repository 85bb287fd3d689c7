using CertDesk.Files;
using PdfSharp.Drawing;

namespace CertDesk.Features.Proof;

/// <summary>
/// The program summary as PDF (bar charts drawn with XGraphics), XLSX (certifications, ROI studies, budgets, notes)
/// and CSV (the certifications table). Text cells are neutralized against formula injection.
/// </summary>
public static class ProgramSummaryReport
{
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    public static readonly string[] CertificationColumns =
    [
        "certification", "name", "people_enrolled", "enrollments", "open", "passed", "failed", "withdrawn", "certified", "expired", "expiring_90_days",
        "real_spend", "tuition", "exam_fees", "materials", "travel", "other", "hours_away", "time_away", "backfill",
        "approved_cases", "approved_cases_cost", "spend_minus_approved", "check_ins_due", "check_ins_done", "overdue_check_ins", "follow_through_rate",
        "behaviour_rating", "latest_study", "roi_percent", "bcr", "payback_months",
    ];

    public static readonly string[] StudyColumns =
    [
        "study", "certification", "certified_on", "cost_source", "total_cost", "total_benefit", "net_benefit", "roi_percent", "bcr", "payback_months",
        "kpi", "unit", "effect", "ci_lower_95", "ci_upper_95", "significant", "annual_value",
    ];

    public static readonly string[] BudgetColumns = ["fiscal_year", "cost_center", "budget", "committed", "remaining"];

    private static IReadOnlyList<object?> CertificationRow(ProgramCertificationDto c) =>
    [
        c.Code, c.Name, c.PeopleEnrolled, c.Enrollments, c.Open, c.Passed, c.Failed, c.Withdrawn, c.Certified, c.Expired, c.ExpiringSoon,
        U(c.Spend.Total), U(c.Spend.Tuition), U(c.Spend.ExamFees), U(c.Spend.Materials), U(c.Spend.Travel), U(c.Spend.Other), c.Spend.HoursAway, U(c.Spend.TimeAway), U(c.Spend.Backfill),
        c.ApprovedCases, U(c.ApprovedCasesCost), U(c.SpendVersusApproved), c.CheckInsDue, c.CheckInsDone, c.OverdueCheckIns, c.FollowThroughRate,
        c.BehaviourRating, c.LatestStudy?.Name, c.LatestStudy?.RoiPercent, c.LatestStudy?.Bcr, c.LatestStudy?.PaybackMonths,
    ];

    private static IEnumerable<IReadOnlyList<object?>> StudyRows(ProgramStudyDto s)
    {
        IReadOnlyList<object?> head = [s.Name, s.CertificationCode, s.CertifiedOn, s.CostSource, U(s.TotalCost), U(s.TotalBenefit), U(s.NetBenefit), s.RoiPercent, s.Bcr, s.PaybackMonths];
        if (s.Effects.Count == 0)
        {
            yield return head;
            yield break;
        }
        foreach (var e in s.Effects)
        {
            yield return [.. head, e.Kpi, e.Unit, Math.Round(e.Effect, 4), Math.Round(e.Lower, 4), Math.Round(e.Upper, 4), e.Significant, U(e.AnnualValue)];
        }
    }

    public static string Csv(ProgramSummaryDto summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return ProofReports.Csv(CertificationColumns, summary.Certifications.Select(CertificationRow));
    }

    public static byte[] Xlsx(ProgramSummaryDto summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return XlsxWriter.Write(
        [
            new XlsxWriter.Sheet("Certifications", CertificationColumns, summary.Certifications.Select(CertificationRow)),
            new XlsxWriter.Sheet("ROI studies", StudyColumns, summary.Studies.SelectMany(StudyRows)),
            new XlsxWriter.Sheet("Budgets", BudgetColumns, summary.Budgets.Select(b => (IReadOnlyList<object?>)[b.FiscalYear, b.CostCenter, U(b.Amount), U(b.Committed), U(b.Remaining)])),
            new XlsxWriter.Sheet("Notes", ["item", "value"],
            [
                ["as_of", summary.AsOf], ["enrollments", summary.Enrollments], ["certified", summary.Certified], ["real_spend", U(summary.RealSpend)],
                ["approved_cases_cost", U(summary.ApprovedCasesCost)], ["budget_total", U(summary.BudgetTotal)], ["budget_committed", U(summary.BudgetCommitted)],
                ["cost_rule", summary.CostRule], ["roi_method", summary.Method],
            ]),
        ]);
    }

    /// <summary>Money as every screen writes it: "USD 1,234.50".</summary>
    private static string M(decimal value) => Labels.Money(value);

    /// <summary>Money (USD): a number with the currency format in XLSX, the plain amount in CSV.</summary>
    private static XlsxWriter.Usd? U(decimal? value) => value is { } v ? new XlsxWriter.Usd(v) : null;

    private static string Rate(decimal? rate) => rate is { } r ? (r * 100).ToString("0.#", s_inv) + " %" : "n/a";

    public static string RoiText(decimal? roi, decimal? bcr, decimal? payback) =>
        $"ROI {(roi is { } r ? r.ToString("N2", s_inv) + " %" : "n/a")}, benefit-cost ratio {bcr?.ToString("N2", s_inv) ?? "n/a"}, payback {(payback is { } p ? p.ToString("N2", s_inv) + " months" : "never")}";

    public static byte[] Pdf(ProgramSummaryDto summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        using var pdf = new PdfText("Certification program summary");
        pdf.Heading("Certification program summary");
        pdf.Field("As of", summary.AsOf.ToString("yyyy-MM-dd", s_inv));
        pdf.Field("Certifications", summary.Certifications.Count.ToString(s_inv));
        pdf.Field("Enrollments", summary.Enrollments.ToString(s_inv));
        pdf.Field("People certified", summary.Certified.ToString(s_inv) + " (credentials not expired)");
        pdf.Field("Real spend", M(summary.RealSpend) + " (fully loaded, from enrollments)");
        pdf.Field("Approved business cases", M(summary.ApprovedCasesCost) + " (estimates)");
        pdf.Field("Budgets", summary.Budgets.Count == 0 ? "none set" : $"{M(summary.BudgetTotal)}, of which {M(summary.BudgetCommitted)} committed by approved cases");
        pdf.Rule();

        var certs = summary.Certifications;
        if (certs.Count > 0)
        {
            pdf.Paragraph("Spend per certification: real (solid blue) against approved business cases (grey)", bold: true);
            pdf.Block(Bars.Height(certs.Count, 2), (g, area) => Bars.Draw(g, area, [.. certs.Select(c => c.Code)],
                [(XColors.RoyalBlue, [.. certs.Select(c => c.Spend.Total)]), (XColors.DarkGray, [.. certs.Select(c => c.ApprovedCasesCost)])], Labels.MoneyWhole));
            pdf.Space(8);
            pdf.Paragraph("People per certification: enrolled (blue), certified (green), expired (orange)", bold: true);
            pdf.Block(Bars.Height(certs.Count, 3), (g, area) => Bars.Draw(g, area, [.. certs.Select(c => c.Code)],
                [(XColors.RoyalBlue, [.. certs.Select(c => (decimal)c.PeopleEnrolled)]), (XColors.SeaGreen, [.. certs.Select(c => (decimal)c.Certified)]),
                    (XColors.DarkOrange, [.. certs.Select(c => (decimal)c.Expired)])], v => v.ToString("0", s_inv)));
            pdf.Space(8);
            pdf.Paragraph("Follow-through: check-ins done of those due (%)", bold: true);
            pdf.Block(Bars.Height(certs.Count, 1), (g, area) => Bars.Draw(g, area, [.. certs.Select(c => c.Code)],
                [(XColors.SeaGreen, [.. certs.Select(c => (c.FollowThroughRate ?? 0) * 100)])], v => v.ToString("0", s_inv) + " %"));
            pdf.Space(8);
        }
        if (summary.Studies.Count > 0)
        {
            pdf.Paragraph("ROI % per study", bold: true);
            pdf.Block(Bars.Height(summary.Studies.Count, 1), (g, area) => Bars.Draw(g, area, [.. summary.Studies.Select(s => s.Name)],
                [(XColors.RoyalBlue, [.. summary.Studies.Select(s => s.RoiPercent ?? 0)])], v => v.ToString("0.#", s_inv) + " %"));
            pdf.Space(8);
        }

        pdf.Heading("Per certification");
        if (certs.Count == 0)
        {
            pdf.Paragraph("No enrollments, approved business cases or ROI studies yet.");
        }
        foreach (var c in certs)
        {
            pdf.Paragraph($"{c.Code}: {c.Name}", bold: true);
            pdf.Field("People", $"{c.PeopleEnrolled} enrolled ({c.Enrollments} {(c.Enrollments == 1 ? "enrollment" : "enrollments")}: {c.Open} open, {c.Passed} passed, {c.Failed} failed, {c.Withdrawn} withdrawn); " +
                $"{c.Certified} certified, {c.Expired} expired, {c.ExpiringSoon} expiring within 90 days");
            pdf.Field("Real spend", $"{M(c.Spend.Total)}: tuition {M(c.Spend.Tuition)}, exam fees {M(c.Spend.ExamFees)}, materials {M(c.Spend.Materials)}, travel {M(c.Spend.Travel)}, " +
                $"other {M(c.Spend.Other)}, time away {M(c.Spend.TimeAway)} ({c.Spend.HoursAway.ToString("0.##", s_inv)} h), backfill {M(c.Spend.Backfill)}");
            pdf.Field("Approved cases", $"{c.ApprovedCases} for {M(c.ApprovedCasesCost)}; real spend {(c.SpendVersusApproved >= 0 ? "above" : "below")} them by {M(Math.Abs(c.SpendVersusApproved))}");
            pdf.Field("Follow-through", $"{c.CheckInsDone} of {c.CheckInsDue} check-ins due done ({Rate(c.FollowThroughRate)}), {c.OverdueCheckIns} overdue; " +
                $"behaviour change {(c.BehaviourRating is { } b ? b.ToString("0.0", s_inv) + " of 5" : "not rated yet")}");
            pdf.Field("ROI", c.LatestStudy is { } s ? $"{RoiText(s.RoiPercent, s.Bcr, s.PaybackMonths)} (study \"{s.Name}\")" : "no ROI study yet");
            pdf.Space(4);
        }

        pdf.Heading("ROI studies (effects with 95 % intervals)");
        if (summary.Studies.Count == 0)
        {
            pdf.Paragraph("No ROI study yet.");
        }
        foreach (var s in summary.Studies)
        {
            pdf.Paragraph($"{s.Name} ({(s.CertificationCode.Length > 0 ? s.CertificationCode : "no certification")}, certified {s.CertifiedOn.ToString("yyyy-MM-dd", s_inv)})", bold: true);
            pdf.Field("Money", $"cost {M(s.TotalCost)} ({ProofReports.CostSourceLabel(s.CostSource)}), benefit {M(s.TotalBenefit)}, net {M(s.NetBenefit)}");
            pdf.Field("Return", RoiText(s.RoiPercent, s.Bcr, s.PaybackMonths));
            foreach (var e in s.Effects)
            {
                pdf.Field(e.Label, string.Create(s_inv, $"{e.Effect:+0.###;-0.###;0} {e.Unit} [{e.Lower:0.###}, {e.Upper:0.###}]{(e.Monetized ? ", credited " + M(e.AnnualValue) + " a year" : e.Significant ? "" : ", no clear change")}"));
            }
            pdf.Space(4);
        }

        if (summary.Budgets.Count > 0)
        {
            pdf.Heading("Budgets");
            foreach (var b in summary.Budgets)
            {
                pdf.Field($"FY{b.FiscalYear} {b.CostCenter}", $"budget {(b.Amount is { } a ? M(a) : "none")}, committed {M(b.Committed)}, remaining {(b.Remaining is { } r ? M(r) : "n/a")}");
            }
        }
        pdf.Heading("How the figures are made");
        pdf.Small(summary.CostRule);
        pdf.Space(4);
        pdf.Small(summary.Method);
        return pdf.ToBytes();
    }

    /// <summary>Grouped horizontal bars from a zero line (negative values go left), one colour per series, the value after each bar.</summary>
    private static class Bars
    {
        private const double BarHeight = 9, GroupGap = 6, LabelWidth = 110, ValueWidth = 70;

        public static double Height(int groups, int series) => groups * (series * BarHeight + GroupGap) + 6;

        public static void Draw(XGraphics g, XRect area, IReadOnlyList<string> labels, IReadOnlyList<(XColor Color, IReadOnlyList<decimal> Values)> series, Func<decimal, string> format)
        {
            var font = new XFont(PdfFonts.Family, 7);
            var all = series.SelectMany(s => s.Values).ToList();
            var max = Math.Max(0, all.DefaultIfEmpty(0).Max());
            var min = Math.Min(0, all.DefaultIfEmpty(0).Min());
            var span = max - min == 0 ? 1 : max - min;
            var plotX = area.X + LabelWidth;
            var plotWidth = area.Width - LabelWidth - ValueWidth;
            double X(decimal v) => plotX + plotWidth * (double)((v - min) / span);
            var zero = X(0);
            var y = area.Y + 3;
            for (var i = 0; i < labels.Count; i++)
            {
                var label = labels[i].Length > 24 ? labels[i][..23] + "…" : labels[i];
                PdfText.Draw(g, label, font, XBrushes.Black, new XPoint(area.X, y + (series.Count * BarHeight / 2) + 3));
                foreach (var (color, values) in series)
                {
                    var v = values[i];
                    var (left, right) = v >= 0 ? (zero, X(v)) : (X(v), zero);
                    g.DrawRectangle(new XSolidBrush(color), left, y + 1, Math.Max(0.5, right - left), BarHeight - 2);
                    g.DrawString(format(v), font, XBrushes.DimGray, new XPoint(Math.Max(right, zero) + 3, y + BarHeight - 2));
                    y += BarHeight;
                }
                y += GroupGap;
            }
            g.DrawLine(XPens.Gray, zero, area.Y, zero, area.Y + area.Height - 3);
        }
    }
}
