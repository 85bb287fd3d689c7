using System.Diagnostics;
using CertDesk.Data;
using CertDesk.Domain.Kpi;
using CertDesk.Domain.Proof;
using CertDesk.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace CertDesk.Features.Proof;

/// <summary>
/// <c>seed-demo --size large</c>: one year of 15-minute interval facts for every demo team (deterministic), with a real
/// effect built into the certified teams after their certification date, and a seeded ROI study.
/// </summary>
public sealed class DemoKpiData(CertDeskDbContext db, KpiImport import, RoiStudies studies)
{
    public static readonly DateOnly From = new(2025, 11, 1);
    public static readonly DateOnly To = new(2026, 11, 1);
    public static readonly DateOnly CertifiedOn = new(2026, 5, 1);
    public const string StudyName = "CCCM supervisors 2026: service and handle time";

    /// <summary>The teams whose managers completed CCCM on <see cref="CertifiedOn"/>.</summary>
    public static readonly string[] CertifiedTeams = ["COL-T01", "COL-T03", "COL-T05", "PHX-T02", "PHX-T04", "MNL-T01", "MNL-T06", "MNL-T08"];

    /// <summary>The effect built into the certified teams once certified (fully in place one month after the date).</summary>
    public const double SlEffectPoints = 6, AhtEffectSeconds = -18, AbandonEffectPoints = -1.5, FcrEffectPoints = 4, CsatEffect = 0.15;

    public sealed record Outcome(bool Seeded, long Facts, TimeSpan Elapsed);

    public async Task<Outcome> SeedAsync(IProgress<double>? progress, CancellationToken ct)
    {
        if (await db.RoiStudies.AnyAsync(s => s.Name == StudyName, ct))
        {
            return new Outcome(false, 0, TimeSpan.Zero);
        }
        var teams = await db.Teams.AsNoTracking().Select(t => t.Code).OrderBy(c => c).ToListAsync(ct);
        var expected = (long)teams.Count * (To.DayNumber - From.DayNumber) * 96;
        var watch = Stopwatch.StartNew();
        var facts = await import.WriteFactsAsync(Generate(teams), "demo-large-" + From.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture), progress, expected, ct);
        watch.Stop();

        var seeder = new Caller("seed", "hr@demo.local", "Demo seed", new HashSet<string>(StringComparer.Ordinal) { Roles.ProgramManager }, null);
        var created = await studies.CreateAsync(seeder, new RoiStudyInput(
            StudyName, "CCCM", CertifiedOn, From, new DateOnly(2026, 4, 1), new DateOnly(2026, 6, 1), To,
            CertifiedTeams, null,
            new Dictionary<string, decimal>
            {
                ["service_level"] = 1_200m, ["aht"] = 450m, ["abandonment"] = 900m, ["fcr"] = 700m, ["csat"] = 6_000m, ["attrition"] = 6_500m,
            },
            [
                new RoiCostInput("tuition and exam (8 x 2,295)", 18_360m),
                new RoiCostInput("materials and travel", 6_400m),
                new RoiCostInput("hours away (8 x 60 h x 38.50)", 18_480m),
                new RoiCostInput("backfill and service-level impact", 9_600m),
                new RoiCostInput("program administration and evaluation", 4_000m),
            ],
            0.9m, 0.8m,
            "Supervisors' confidence in coaching conversations\nBetter WFM collaboration on intraday changes\nAgent engagement (survey comments)"), ct);
        if (created.Value is null)
        {
            throw new InvalidOperationException("the demo ROI study does not validate");
        }
        return new Outcome(true, facts, watch.Elapsed);
    }

    /// <summary>Deterministic facts, team by team, interval by interval (sorted as the contract's files are).</summary>
    public static IEnumerable<IntervalFact> Generate(IReadOnlyList<string> teams)
    {
        ArgumentNullException.ThrowIfNull(teams);
        var start = From.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var end = To.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var certified = CertifiedOn.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        foreach (var team in teams.Order(StringComparer.Ordinal))
        {
            var rng = new SplitMix64((ulong)StableHash(team));
            var volume = 14 + 10 * rng.NextDouble();
            var sl = 0.70 + 0.12 * rng.NextDouble();
            var aht = 330 + 90 * rng.NextDouble();
            var abandon = 0.04 + 0.03 * rng.NextDouble();
            var fcr = 0.68 + 0.1 * rng.NextDouble();
            var csat = 3.9 + 0.5 * rng.NextDouble();
            var isCertified = CertifiedTeams.Contains(team, StringComparer.Ordinal);
            for (var t = start; t < end; t = t.AddMinutes(15))
            {
                var hour = t.Hour + t.Minute / 60.0;
                var shape = 0.25 + 0.75 * Math.Max(0, Math.Sin(Math.PI * (hour - 6) / 16));
                var season = 1 + 0.1 * Math.Sin(2 * Math.PI * (t - start).TotalDays / 365);
                var offered = (long)Math.Max(1, Math.Round(volume * shape * season + 2 * rng.NextGaussian()));
                // A common trend for everyone (the thing DiD removes) plus the certification effect, ramped in over a month.
                var trend = (t - start).TotalDays / 365;
                var ramp = isCertified ? Math.Clamp((t - certified).TotalDays / 30, 0, 1) : 0;
                var load = Math.Max(0, shape * season - 0.8);
                var slNow = Math.Clamp(sl - 0.2 * load - 0.02 * trend + ramp * SlEffectPoints / 100 + 0.04 * rng.NextGaussian(), 0.05, 1);
                var abandonNow = Math.Clamp(abandon + 0.04 * load + 0.005 * trend + ramp * AbandonEffectPoints / 100 + 0.01 * rng.NextGaussian(), 0, 0.5);
                var abandoned = Math.Min(offered, (long)Math.Round(offered * abandonNow));
                var answered = offered - abandoned;
                var within = Math.Min(answered, (long)Math.Round(offered * slNow));
                var asa = Math.Max(0, 8 + 60 * (1 - slNow) + 3 * rng.NextGaussian());
                var ahtNow = Math.Max(60, aht + 10 * trend + ramp * AhtEffectSeconds + 20 * rng.NextGaussian());
                var handle = (long)Math.Round(answered * ahtNow);
                var fcrNow = Math.Clamp(fcr + ramp * FcrEffectPoints / 100 + 0.05 * rng.NextGaussian(), 0, 1);
                var csatCount = (long)Math.Round(answered * 0.2);
                var csatNow = Math.Clamp(csat + ramp * CsatEffect + 0.2 * rng.NextGaussian(), 1, 5);
                yield return new IntervalFact(team, t, offered, answered, abandoned, within, (long)Math.Round(answered * asa), handle,
                    (long)Math.Round(handle * 0.08), (long)Math.Round(handle * 0.15), (long)Math.Round(answered * 0.07),
                    Math.Min(answered, (long)Math.Round(answered * fcrNow)), (long)Math.Round(csatCount * csatNow), csatCount);
            }
        }
    }

    private static uint StableHash(string s)
    {
        var h = 2166136261u;
        foreach (var c in s)
        {
            h = (h ^ c) * 16777619u;
        }
        return h;
    }
}
