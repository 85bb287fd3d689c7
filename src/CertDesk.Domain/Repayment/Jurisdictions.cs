namespace CertDesk.Domain.Repayment;

/// <summary>
/// What a jurisdiction allows in a tuition repayment agreement, with where the rule comes from and the first day it
/// applies to (agreements issued on or after <see cref="EffectiveFrom"/>). Null limits mean the rule says nothing.
/// </summary>
/// <param name="Code">The code sites carry (<c>US-CA</c>).</param>
/// <param name="Name">The rule as people name it: "California (AB 692, from 2026-01-01)".</param>
/// <param name="Source">The statute and where it was read.</param>
/// <param name="MaxCommitmentMonths">The longest commitment (repayment period) allowed.</param>
/// <param name="ProrationRequired">The amount owed must shrink with time served (CertDesk: monthly or daily proration).</param>
/// <param name="RepaymentOnlyAfter">The only separation reasons after which repayment may be asked (null: any).</param>
/// <param name="CounselBusinessDays">Business days the employee has to consult counsel between issue and signature.</param>
/// <param name="SeparateAgreement">The agreement must be a document separate from the employment contract.</param>
/// <param name="InterestFree">No interest may be charged on the amount owed.</param>
/// <param name="Unverified">What could not be verified from the sources read.</param>
public sealed record JurisdictionRule(
    string Code,
    string Name,
    string Source,
    DateOnly EffectiveFrom,
    int? MaxCommitmentMonths,
    bool ProrationRequired,
    IReadOnlyList<SeparationReason>? RepaymentOnlyAfter,
    int? CounselBusinessDays,
    bool SeparateAgreement,
    bool InterestFree,
    string Unverified)
{
    /// <summary>Whether the rule governs an agreement issued on <paramref name="issuedOn"/>.</summary>
    public bool AppliesOn(DateOnly issuedOn) => issuedOn >= EffectiveFrom;

    /// <summary>
    /// Why agreement terms break this rule, each in the words "RULE: LIMIT; the policy asks X" (empty when they comply).
    /// <see cref="SeparationReason.NotCompleted"/> is not a separation, so it never counts against <see cref="RepaymentOnlyAfter"/>.
    /// </summary>
    public IReadOnlyList<string> Breaches(AgreementTerms terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var breaches = new List<string>();
        var commitment = terms.Repayment.CommitmentMonths;
        if (MaxCommitmentMonths is { } max && commitment > max)
        {
            breaches.Add($"{Name}: commitment at most {max} months; the policy asks {commitment}");
        }
        if (ProrationRequired && terms.Repayment.Proration == Proration.Tiers)
        {
            breaches.Add($"{Name}: the amount owed must be prorated month by month (monthly or daily); the policy uses tiers");
        }
        if (RepaymentOnlyAfter is { } allowed)
        {
            var extra = terms.TriggeringReasons.Where(r => r != SeparationReason.NotCompleted && !allowed.Contains(r)).ToList();
            if (extra.Count > 0)
            {
                breaches.Add($"{Name}: repayment only after {Jurisdictions.Describe(allowed)}; the policy also asks it after {Jurisdictions.Describe(extra)}");
            }
        }
        return breaches;
    }

    /// <summary>Whether this rule forbids repayment after a separation for <paramref name="reason"/>.</summary>
    public bool Excludes(SeparationReason reason) =>
        reason != SeparationReason.NotCompleted && RepaymentOnlyAfter is { } allowed && !allowed.Contains(reason);

    /// <summary>The first day the employee may sign an agreement issued on <paramref name="issuedOn"/> (the same day when no counsel period).</summary>
    public DateOnly SignableFrom(DateOnly issuedOn) => CounselBusinessDays is { } days ? Jurisdictions.AddBusinessDays(issuedOn, days) : issuedOn;
}

/// <summary>
/// The jurisdiction rules CertDesk ships. They are a table in code, not a data file: a handful of rules that change
/// with legislation (rarely) and each needs a test, so they are versioned, reviewed and tested with the code, and
/// nothing can fail to load at startup. A site names one by <see cref="JurisdictionRule.Code"/>.
/// </summary>
public static class Jurisdictions
{
    /// <summary>California AB 692 (Bus. &amp; Prof. Code §16608, Labor Code §926), the transferable-credential exception.</summary>
    public static readonly JurisdictionRule California = new(
        Code: "US-CA",
        Name: "California (AB 692, from 2026-01-01)",
        Source: "AB 692: Bus. & Prof. Code §16608, Labor Code §926 (statute summaries: californiaemploymentlawreport.com, svelf.com, lcwlegal.com, maynardnexsen.com)",
        EffectiveFrom: new DateOnly(2026, 1, 1),
        MaxCommitmentMonths: 24,
        ProrationRequired: true,
        RepaymentOnlyAfter: [SeparationReason.Resignation, SeparationReason.ForCause],
        CounselBusinessDays: 5,
        SeparateAgreement: true,
        InterestFree: true,
        Unverified: "The proration method (the summaries say only \"prorated\"; CertDesk requires monthly or daily), whether "
            + "retirement counts as a voluntary quit (CertDesk: it does not, so no repayment after retirement), whether public employers are covered, and whether business days skip public holidays (CertDesk counts Monday to Friday) "
            + "were not verified from the statute text.");

    /// <summary>Every rule, by code.</summary>
    public static readonly IReadOnlyList<JurisdictionRule> All = [California];

    /// <summary>The rule a site's jurisdiction code names (case-insensitive), or null.</summary>
    public static JurisdictionRule? Find(string? code) =>
        string.IsNullOrWhiteSpace(code) ? null : All.FirstOrDefault(r => string.Equals(r.Code, code.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The day <paramref name="days"/> business days (Monday to Friday) after <paramref name="day"/>.</summary>
    public static DateOnly AddBusinessDays(DateOnly day, int days)
    {
        var result = day;
        while (days > 0)
        {
            result = result.AddDays(1);
            if (result.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                days--;
            }
        }
        return result;
    }

    /// <summary>Reasons in the user's words: "a voluntary quit or a dismissal for cause".</summary>
    public static string Describe(IEnumerable<SeparationReason> reasons)
    {
        var words = reasons.Select(r => r switch
        {
            SeparationReason.Resignation => "a voluntary quit",
            SeparationReason.ForCause => "a dismissal for cause",
            SeparationReason.Layoff => "a layoff or a termination without cause",
            SeparationReason.Death => "death",
            SeparationReason.Disability => "disability",
            SeparationReason.Retirement => "retirement",
            _ => RepaymentPolicy.ReasonName(r),
        }).ToList();
        return words.Count <= 1 ? string.Concat(words) : $"{string.Join(", ", words[..^1])} or {words[^1]}";
    }
}
