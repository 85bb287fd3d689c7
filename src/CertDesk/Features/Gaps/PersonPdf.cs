using CertDesk.Domain.Gaps;
using CertDesk.Domain.Proof;
using CertDesk.Features.Competencies;
using CertDesk.Features.Credentials;
using CertDesk.Features.Proof;
using CertDesk.Files;

namespace CertDesk.Features.Gaps;

/// <summary>
/// A person's profile on paper (PDFsharp through <see cref="PdfText"/>): competencies against the role with the
/// ratings behind them and the evidence, the trend of the weighted gap, the credentials held, the team's KPI record
/// (a small table of the last months) and the ranked certifications with reasons.
/// </summary>
public static class PersonPdf
{
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    public static byte[] Render(PersonGaps person, IReadOnlyList<GapTrendPoint> trend, IReadOnlyList<Recommendation> recommendations,
        IReadOnlyList<AssessmentDto> evidence, IReadOnlyList<CredentialDto> credentials, IReadOnlyList<KpiPeriod> teamKpis, KpiThresholds thresholds, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(teamKpis);
        ArgumentNullException.ThrowIfNull(thresholds);
        var e = person.Employee;
        using var pdf = new PdfText($"{e.FullName}: competency profile");
        pdf.Heading($"{e.FullName}: competency profile");
        pdf.Field("Employee", $"{e.EmployeeNumber} · {e.Title}");
        pdf.Field("Job role", e.JobRole);
        pdf.Field("Compared with", $"the {person.Role} profile");
        pdf.Field("Readiness", $"{(person.Profile.Readiness * 100).ToString("0.#", s_inv)} %");
        pdf.Field("Weighted gap", $"{person.Profile.TotalWeightedGap.ToString("0.##", s_inv)} of {person.Profile.MaxWeightedGap.ToString("0.##", s_inv)}");
        pdf.Field("As of", today.ToString("yyyy-MM-dd", s_inv));
        pdf.Small(RatingCombiner.RuleText);
        pdf.Rule();

        pdf.Heading("Competencies");
        foreach (var line in person.Profile.Lines)
        {
            person.Levels.TryGetValue(line.Competency, out var level);
            var name = person.Names.GetValueOrDefault(line.Competency) ?? line.Competency;
            var ratings = $"self {Level(level?.Self)}, manager {Level(level?.Manager)}, test {Level(level?.Test)}";
            pdf.Field(name, $"required {line.Required.ToString(s_inv)}; combined {line.Current?.ToString("0.##", s_inv) ?? "not assessed"} ({ratings}); " +
                $"weight {line.Weight.ToString("0.##", s_inv)}; weighted gap {line.WeightedGap.ToString("0.##", s_inv)}");
            foreach (var a in evidence.Where(a => a.Competency == line.Competency).Take(3))
            {
                pdf.Small($"    {a.AssessedOn.ToString("yyyy-MM-dd", s_inv)} {a.Source} {a.Level.ToString(s_inv)}: {a.Evidence} {a.Comment}".TrimEnd());
            }
        }

        pdf.Heading("Trend");
        if (trend.Count == 0)
        {
            pdf.Paragraph("No ratings yet.");
        }
        foreach (var t in trend)
        {
            pdf.Field(t.AsOf.ToString("yyyy-MM-dd", s_inv), $"weighted gap {t.TotalWeightedGap.ToString("0.##", s_inv)}, readiness {(t.Readiness * 100).ToString("0.#", s_inv)} %");
        }

        pdf.Heading("Gaps");
        var gaps = person.Profile.Lines.Where(l => l.Gap > 0).OrderByDescending(l => l.WeightedGap).ToList();
        if (gaps.Count == 0)
        {
            pdf.Paragraph("Every required level is met.");
        }
        foreach (var g in gaps)
        {
            pdf.Field(person.Names.GetValueOrDefault(g.Competency) ?? g.Competency, $"gap {g.Gap.ToString("0.##", s_inv)} x weight {g.Weight.ToString("0.##", s_inv)} = {g.WeightedGap.ToString("0.##", s_inv)}");
        }

        pdf.Heading("Credentials");
        if (credentials.Count == 0)
        {
            pdf.Paragraph("No credentials yet.");
        }
        else
        {
            pdf.Table(["Certification", "Number", "Issued", "Expires", "Status"],
                [.. credentials.Select(c => (IReadOnlyList<string>)[
                    $"{c.CertificationCode} {c.CertificationName}", c.Number, c.IssuedOn.ToString("yyyy-MM-dd", s_inv),
                    c.ExpiresOn?.ToString("yyyy-MM-dd", s_inv) ?? "does not expire", c.Standing])],
                [3, 2, 1.2, 1.4, 1]);
        }

        pdf.Heading("Team KPIs");
        if (e.Team is null || teamKpis.Count == 0)
        {
            pdf.Paragraph(e.Team is null ? "No KPI data (not in a team)." : $"No KPI data for team {e.Team.Code}.");
        }
        else
        {
            pdf.Field("Team", $"{e.Team.Code} · {e.Team.Name}");
            pdf.Table([(string)"KPI", .. teamKpis.Select(p => p.Label)],
                [.. KpiQueries.ProfileKinds.Select(kind => (IReadOnlyList<string>)[KpiKinds.Label(kind), .. teamKpis.Select(p => KpiKinds.Format(kind, p.Totals.Value(kind)))])],
                [2.2, .. teamKpis.Select(_ => 1.0)]);
            pdf.Small(KpiNote(thresholds));
        }

        pdf.Heading("Recommended certifications");
        pdf.Small("Ranked by weighted gap closed per USD 1,000 of fully loaded cost (fees, materials, travel, hours away, backfill).");
        foreach (var r in recommendations.Take(10))
        {
            var closes = r.Closes.Count == 0 ? "closes none of this role's gaps"
                : string.Join("; ", r.Closes.Select(c => $"{c.Competency} {c.From.ToString("0.##", s_inv)} to {c.To.ToString("0.##", s_inv)}"));
            var prerequisites = r.PrerequisitesMet ? "prerequisites met" : "missing prerequisites: " + string.Join(", ", r.MissingPrerequisites);
            pdf.Field($"{r.Rank.ToString(s_inv)}. {r.Certification.Code}",
                $"{r.Certification.Name}: gap closed {r.WeightedGapClosed.ToString("0.##", s_inv)}, cost {(r.Certification.Cost is { } cost ? Shared.Labels.Money(cost.Total) : "unknown")}, " +
                $"per USD 1,000 {r.GapPerThousand?.ToString("0.###", s_inv) ?? "n/a"}. {closes}. {prerequisites}.");
        }
        return pdf.ToBytes();
    }

    /// <summary>How the team KPIs on a profile are computed (shown under the table, on the page and in the PDF).</summary>
    public static string KpiNote(KpiThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        return string.Create(s_inv, $"Each month's KPI is a ratio of the month's sums: service level = answered within {thresholds.SlThresholdSeconds} s / offered; ") +
            "ASA and AHT in seconds per answered contact; QA = mean evaluation score (0-100). n/a = no data for that KPI in the month.";
    }

    private static string Level(int? level) => level?.ToString(s_inv) ?? "–";
}
