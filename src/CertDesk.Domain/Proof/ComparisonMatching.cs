namespace CertDesk.Domain.Proof;

/// <summary>A team's pre-period KPI means, the features matching works on (null = no data).</summary>
public sealed record TeamProfile(string Team, IReadOnlyList<double?> Features);

/// <summary>
/// Proposes a comparison group: each feature is standardized (z-score over all teams offered), then every certified
/// team in turn, in the order given, takes the nearest not-yet-chosen candidate by Euclidean distance (greedy
/// nearest neighbour without replacement). A missing feature contributes nothing to the distance.
/// </summary>
public static class ComparisonMatching
{
    public static IReadOnlyList<(string Treated, string Match, double Distance)> Match(IReadOnlyList<TeamProfile> treated, IReadOnlyList<TeamProfile> candidates)
    {
        ArgumentNullException.ThrowIfNull(treated);
        ArgumentNullException.ThrowIfNull(candidates);
        var all = treated.Concat(candidates).ToList();
        var width = all.Count == 0 ? 0 : all.Max(p => p.Features.Count);
        var mean = new double[width];
        var sd = new double[width];
        for (var f = 0; f < width; f++)
        {
            var values = all.Select(p => f < p.Features.Count ? p.Features[f] : null).Where(v => v.HasValue).Select(v => v!.Value).ToList();
            mean[f] = values.Count == 0 ? 0 : values.Average();
            var variance = values.Count < 2 ? 0 : values.Sum(v => (v - mean[f]) * (v - mean[f])) / (values.Count - 1);
            sd[f] = variance > 0 ? Math.Sqrt(variance) : 1;
        }

        double Distance(TeamProfile a, TeamProfile b)
        {
            double sum = 0;
            for (var f = 0; f < width; f++)
            {
                var x = f < a.Features.Count ? a.Features[f] : null;
                var y = f < b.Features.Count ? b.Features[f] : null;
                if (x is { } xv && y is { } yv)
                {
                    var d = (xv - yv) / sd[f];
                    sum += d * d;
                }
            }
            return Math.Sqrt(sum);
        }

        var free = candidates.ToList();
        var pairs = new List<(string, string, double)>();
        foreach (var t in treated)
        {
            if (free.Count == 0)
            {
                break;
            }
            var best = free.OrderBy(c => Distance(t, c)).ThenBy(c => c.Team, StringComparer.Ordinal).First();
            pairs.Add((t.Team, best.Team, Distance(t, best)));
            free.Remove(best);
        }
        return pairs;
    }
}
