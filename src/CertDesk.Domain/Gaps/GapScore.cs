namespace CertDesk.Domain.Gaps;

/// <summary>What a job role requires of one competency: a level (1-5) and a weight (its importance, > 0).</summary>
public sealed record Requirement(string Competency, int RequiredLevel, decimal Weight);

/// <summary>One competency of a gap profile. <see cref="Current"/> is null when the person was never assessed on it.</summary>
public sealed record GapLine(string Competency, int Required, decimal? Current, decimal Weight, decimal Gap, decimal WeightedGap);

/// <summary>
/// A person's gap profile against a role: per competency gap = max(0, required - current) (not assessed counts as 0),
/// weighted gap = weight x gap; the total is the sum; readiness = 1 - total / (sum of weight x required).
/// </summary>
public sealed record GapProfile(IReadOnlyList<GapLine> Lines, decimal TotalWeightedGap, decimal MaxWeightedGap)
{
    public decimal Readiness => MaxWeightedGap == 0 ? 1m : Math.Round(1m - TotalWeightedGap / MaxWeightedGap, 4, MidpointRounding.AwayFromZero);

    public GapLine? Line(string competency) => Lines.FirstOrDefault(l => string.Equals(l.Competency, competency, StringComparison.Ordinal));
}

/// <summary>One competency a certification raises: from the current level up to min(required, the level it builds).</summary>
public sealed record GapClosed(string Competency, decimal From, decimal To, decimal Closed, decimal Weight, decimal WeightedClosed);

public static class GapScore
{
    public static GapProfile Profile(IEnumerable<Requirement> requirements, IReadOnlyDictionary<string, decimal> levels)
    {
        ArgumentNullException.ThrowIfNull(requirements);
        ArgumentNullException.ThrowIfNull(levels);
        var lines = new List<GapLine>();
        decimal total = 0, max = 0;
        foreach (var r in requirements)
        {
            decimal? current = levels.TryGetValue(r.Competency, out var level) ? level : null;
            var gap = Math.Max(0m, r.RequiredLevel - (current ?? 0m));
            var weighted = r.Weight * gap;
            lines.Add(new GapLine(r.Competency, r.RequiredLevel, current, r.Weight, gap, weighted));
            total += weighted;
            max += r.Weight * r.RequiredLevel;
        }
        return new GapProfile(lines, total, max);
    }

    /// <summary>
    /// The weighted gap a certification closes for this profile: for each competency it builds to level L,
    /// closed = max(0, min(required, L) - current); a level above the requirement closes nothing more.
    /// </summary>
    public static IReadOnlyList<GapClosed> Closes(GapProfile profile, IReadOnlyDictionary<string, int> builds)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(builds);
        var result = new List<GapClosed>();
        foreach (var line in profile.Lines)
        {
            if (!builds.TryGetValue(line.Competency, out var level))
            {
                continue;
            }
            var from = line.Current ?? 0m;
            var to = Math.Max(from, Math.Min(line.Required, level));
            var closed = to - from;
            if (closed > 0)
            {
                result.Add(new GapClosed(line.Competency, from, to, closed, line.Weight, closed * line.Weight));
            }
        }
        return result;
    }
}
