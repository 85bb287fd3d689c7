namespace CertDesk.Domain.Proof;

/// <summary>One team's KPI value before and after (its own ratio of sums over each window).</summary>
public sealed record TeamPrePost(string Team, double Pre, double Post)
{
    public double Change => Post - Pre;
}

/// <summary>A difference-in-differences estimate with its 95 % cluster-bootstrap interval.</summary>
public sealed record DidEstimate(
    double Effect,
    double Lower,
    double Upper,
    double TreatedPre,
    double TreatedPost,
    double ControlPre,
    double ControlPost,
    int TreatedTeams,
    int ControlTeams,
    int Replicates)
{
    /// <summary>True when the 95 % interval excludes zero.</summary>
    public bool Significant => Lower > 0 || Upper < 0;
}

/// <summary>
/// Difference-in-differences over teams: effect = (mean change of the treated teams) − (mean change of the comparison
/// teams), each team weighted equally. The 95 % interval is a percentile cluster bootstrap over teams: each replicate
/// draws treated teams with replacement from the treated teams and comparison teams from the comparison teams
/// (the team is the cluster, so the correlation of a team's intervals is kept), with a fixed seed (deterministic).
/// </summary>
public static class DifferenceInDifferences
{
    public const int DefaultReplicates = 2000;
    public const ulong DefaultSeed = 20260701;

    public static DidEstimate Estimate(IReadOnlyList<TeamPrePost> treated, IReadOnlyList<TeamPrePost> control,
        int replicates = DefaultReplicates, ulong seed = DefaultSeed)
    {
        ArgumentNullException.ThrowIfNull(treated);
        ArgumentNullException.ThrowIfNull(control);
        if (treated.Count == 0 || control.Count == 0)
        {
            throw new ArgumentException("both groups need at least one team");
        }
        if (replicates < 100)
        {
            throw new ArgumentOutOfRangeException(nameof(replicates), "at least 100 replicates");
        }
        var tChange = treated.Select(t => t.Change).ToArray();
        var cChange = control.Select(t => t.Change).ToArray();
        var effect = tChange.Average() - cChange.Average();

        var rng = new SplitMix64(seed);
        var draws = new double[replicates];
        for (var r = 0; r < replicates; r++)
        {
            draws[r] = ResampledMean(tChange, rng) - ResampledMean(cChange, rng);
        }
        Array.Sort(draws);
        return new DidEstimate(effect, Percentile(draws, 0.025), Percentile(draws, 0.975),
            treated.Average(t => t.Pre), treated.Average(t => t.Post), control.Average(t => t.Pre), control.Average(t => t.Post),
            treated.Count, control.Count, replicates);
    }

    private static double ResampledMean(double[] values, SplitMix64 rng)
    {
        double sum = 0;
        for (var i = 0; i < values.Length; i++)
        {
            sum += values[rng.Next(values.Length)];
        }
        return sum / values.Length;
    }

    /// <summary>Linear interpolation between order statistics (type 7), on a sorted array.</summary>
    public static double Percentile(double[] sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        var h = (sorted.Length - 1) * p;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}

/// <summary>A small, fast, portable PRNG (SplitMix64): the same seed gives the same draws on every runtime.</summary>
public sealed class SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, n) (Lemire's multiply-shift; the bias is below 2^-32 for the team counts used here).</summary>
    public int Next(int n) => (int)((NextUInt64() >> 32) * (ulong)n >> 32);

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A standard normal draw (Box-Muller).</summary>
    public double NextGaussian()
    {
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
