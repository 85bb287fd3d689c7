namespace CertDesk.Domain.Gaps;

/// <summary>Who gave a competency rating.</summary>
public enum RatingSource
{
    Self,
    Manager,
    Test,
}

/// <summary>One rating of one competency on the 1-5 scale (0 = no evidence of the competency at all).</summary>
public sealed record Rating(string Competency, RatingSource Source, int Level, DateOnly AssessedOn);

/// <summary>A competency's combined level and the latest rating of each source it was combined from.</summary>
public sealed record CombinedLevel(string Competency, decimal Level, int? Self, int? Manager, int? Test, DateOnly LastAssessedOn);

/// <summary>
/// The rule that combines several ratings of one competency into the level the gap analysis uses:
/// take the latest rating of each source on or before the date asked (on the same day, the later one listed
/// wins), then the weighted mean with weights test 3, manager 2, self 1 over the sources present, rounded half
/// away from zero to 2 decimals. A test is the most objective evidence, a manager's rating the next, a self
/// rating the least; a source without a rating does not count (it is not a zero).
/// </summary>
public static class RatingCombiner
{
    public const int TestWeight = 3;
    public const int ManagerWeight = 2;
    public const int SelfWeight = 1;

    public const string RuleText =
        "Per competency: the latest self, manager and test rating on or before the date, combined as a weighted mean " +
        "(test x3, manager x2, self x1) over the sources that have a rating, rounded to 2 decimals. " +
        "A source without a rating does not count; a competency without any rating is 'not assessed' and counts as level 0 in the gap.";

    public static IReadOnlyDictionary<string, CombinedLevel> Combine(IEnumerable<Rating> ratings, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(ratings);
        var latest = new Dictionary<(string, RatingSource), Rating>();
        foreach (var rating in ratings)
        {
            if (rating.AssessedOn > asOf)
            {
                continue;
            }
            var key = (rating.Competency, rating.Source);
            if (!latest.TryGetValue(key, out var current) || rating.AssessedOn >= current.AssessedOn)
            {
                latest[key] = rating;
            }
        }
        var result = new Dictionary<string, CombinedLevel>(StringComparer.Ordinal);
        foreach (var competency in latest.Keys.Select(k => k.Item1).Distinct(StringComparer.Ordinal))
        {
            latest.TryGetValue((competency, RatingSource.Self), out var self);
            latest.TryGetValue((competency, RatingSource.Manager), out var manager);
            latest.TryGetValue((competency, RatingSource.Test), out var test);
            result[competency] = new CombinedLevel(competency, Mean(self?.Level, manager?.Level, test?.Level),
                self?.Level, manager?.Level, test?.Level,
                new[] { self, manager, test }.Where(r => r is not null).Max(r => r!.AssessedOn));
        }
        return result;
    }

    /// <summary>The weighted mean of the sources present (at least one must be).</summary>
    public static decimal Mean(int? self, int? manager, int? test)
    {
        decimal sum = 0;
        var weights = 0;
        if (self is { } s)
        {
            sum += s * SelfWeight;
            weights += SelfWeight;
        }
        if (manager is { } m)
        {
            sum += m * ManagerWeight;
            weights += ManagerWeight;
        }
        if (test is { } t)
        {
            sum += t * TestWeight;
            weights += TestWeight;
        }
        if (weights == 0)
        {
            throw new ArgumentException("At least one rating is needed.", nameof(self));
        }
        return Math.Round(sum / weights, 2, MidpointRounding.AwayFromZero);
    }
}
