namespace CertDesk.Domain.Gaps;

/// <summary>
/// A certification as the recommender sees it: what it builds, what it costs this person, what it requires;
/// <see cref="CostBasis"/> says in words where the cost's fees came from (a quote, the published price, an estimate).
/// </summary>
public sealed record CertificationOption(
    string Code, string Name, IReadOnlyDictionary<string, int> Builds, CostBreakdown? Cost, IReadOnlyList<string> PrerequisiteCodes, string? CostBasis = null);

/// <summary>
/// One ranked certification: the gaps it closes, its cost and <see cref="GapPerThousand"/> = weighted gap closed per
/// 1,000 of fully loaded cost (null when the cost is unknown).
/// </summary>
public sealed record Recommendation(
    int Rank, CertificationOption Certification, IReadOnlyList<GapClosed> Closes, decimal WeightedGapClosed,
    decimal? GapPerThousand, IReadOnlyList<string> MissingPrerequisites)
{
    public bool PrerequisitesMet => MissingPrerequisites.Count == 0;
}

public static class Recommender
{
    /// <summary>
    /// Ranks by weighted gap closed per 1,000 of cost, highest first; then by more gap closed, lower cost, code.
    /// Certifications that close nothing, or whose cost is unknown, come after the ranked ones (in that order of
    /// gap closed) so that the page can still show them with the reason.
    /// </summary>
    public static IReadOnlyList<Recommendation> Rank(GapProfile profile, IEnumerable<CertificationOption> options, IReadOnlySet<string> heldCodes)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(heldCodes);
        var scored = options
            .Where(o => !heldCodes.Contains(o.Code))
            .Select(o =>
            {
                var closes = GapScore.Closes(profile, o.Builds);
                var closed = closes.Sum(c => c.WeightedClosed);
                decimal? perThousand = o.Cost is { Total: > 0 } cost ? Math.Round(closed * 1000m / cost.Total, 4, MidpointRounding.AwayFromZero) : null;
                var missing = o.PrerequisiteCodes.Where(p => !heldCodes.Contains(p)).ToList();
                return (o, closes, closed, perThousand, missing);
            })
            .OrderBy(s => s.closed > 0 && s.perThousand is not null ? 0 : s.closed > 0 ? 1 : 2)
            .ThenByDescending(s => s.perThousand ?? 0m)
            .ThenByDescending(s => s.closed)
            .ThenBy(s => s.o.Cost?.Total ?? decimal.MaxValue)
            .ThenBy(s => s.o.Code, StringComparer.Ordinal)
            .ToList();
        return [.. scored.Select((s, i) => new Recommendation(i + 1, s.o, s.closes, s.closed, s.perThousand, s.missing))];
    }
}
