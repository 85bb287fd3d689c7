namespace CertDesk.Domain.Repayment;

/// <summary>How the amount owed shrinks as the commitment is served.</summary>
public enum Proration
{
    /// <summary>The percent of the first tier whose <c>until_month</c> is greater than the months served.</summary>
    Tiers,

    /// <summary>Funded x remaining whole months / commitment months.</summary>
    Monthly,

    /// <summary>Funded x remaining days / the commitment's days.</summary>
    Daily,
}

/// <summary>Why the employee left (contract names in snake_case).</summary>
public enum SeparationReason
{
    Resignation,
    ForCause,
    NotCompleted,
    Layoff,
    Death,
    Disability,
    Retirement,
}

/// <summary>Owe <see cref="Percent"/> % of the funded amount when separating before <see cref="UntilMonth"/> months served.</summary>
public sealed record RepaymentTier(int UntilMonth, decimal Percent);

/// <summary>The repayment rules of a tuition policy version (contract: <c>repayment --policy</c>).</summary>
public sealed record RepaymentPolicy(
    int CommitmentMonths,
    Proration Proration,
    IReadOnlyList<RepaymentTier> Tiers,
    IReadOnlyList<SeparationReason> ExemptReasons,
    decimal NotCompletedPercent)
{
    /// <summary>Longest service commitment accepted: ten years.</summary>
    public const int MaxCommitmentMonths = 120;

    /// <summary>Field-level problems of the policy; empty when it is usable.</summary>
    /// <remarks>Tiers must have strictly increasing <c>until_month</c> values from 1 to the commitment, the last one equal to
    /// the commitment (a shorter last tier would leave a gap where nothing is owed though the commitment is not served).</remarks>
    public IReadOnlyList<FieldError> Validate()
    {
        var errors = new List<FieldError>();
        if (CommitmentMonths is < 1 or > MaxCommitmentMonths)
        {
            errors.Add(new FieldError("commitment_months", $"must be from 1 to {MaxCommitmentMonths}"));
        }
        if (NotCompletedPercent is < 0 or > 100)
        {
            errors.Add(new FieldError("not_completed_percent", "must be from 0 to 100"));
        }

        var commitmentValid = CommitmentMonths is >= 1 and <= MaxCommitmentMonths;
        var ordered = true;
        var tiers = Tiers ?? [];
        if (Proration == Proration.Tiers && tiers.Count == 0)
        {
            errors.Add(new FieldError("tiers", "at least one tier is required when proration is tiers"));
        }
        for (var i = 0; i < tiers.Count; i++)
        {
            var tier = tiers[i];
            if (tier is null)
            {
                errors.Add(new FieldError($"tiers[{i}]", "is required"));
                continue;
            }
            if (tier.Percent is < 0 or > 100)
            {
                errors.Add(new FieldError($"tiers[{i}].percent", "must be from 0 to 100"));
            }
            if (tier.UntilMonth < 1)
            {
                errors.Add(new FieldError($"tiers[{i}].until_month", "must be >= 1"));
            }
            else if (tier.UntilMonth > CommitmentMonths && commitmentValid)
            {
                errors.Add(new FieldError($"tiers[{i}].until_month", $"must not exceed commitment_months ({CommitmentMonths})"));
            }
            if (i > 0 && tiers[i - 1] is { } previous)
            {
                if (tier.UntilMonth <= previous.UntilMonth)
                {
                    ordered = false;
                }
                if (tier.UntilMonth == previous.UntilMonth)
                {
                    errors.Add(new FieldError($"tiers[{i}].until_month", $"overlaps tiers[{i - 1}] (both until month {tier.UntilMonth})"));
                }
                else if (tier.UntilMonth < previous.UntilMonth)
                {
                    errors.Add(new FieldError($"tiers[{i}].until_month", $"tiers must be sorted by until_month ({tier.UntilMonth} after {previous.UntilMonth})"));
                }
            }
        }
        if (commitmentValid && ordered && tiers.Count > 0 && tiers[^1] is { } last && last.UntilMonth < CommitmentMonths && last.UntilMonth >= 1)
        {
            errors.Add(new FieldError($"tiers[{tiers.Count - 1}].until_month",
                $"leaves a gap: the last tier must run until month {CommitmentMonths} (commitment_months)"));
        }
        return errors;
    }

    /// <summary>Parses a contract name (<c>tiers</c>, <c>monthly</c>, <c>daily</c>).</summary>
    public static bool TryParseProration(string? text, out Proration proration)
    {
        switch (text)
        {
            case "tiers": proration = Proration.Tiers; return true;
            case "monthly": proration = Proration.Monthly; return true;
            case "daily": proration = Proration.Daily; return true;
            default: proration = default; return false;
        }
    }

    /// <summary>Parses a contract reason name (<c>resignation</c>, <c>for_cause</c>, ...).</summary>
    public static bool TryParseReason(string? text, out SeparationReason reason)
    {
        switch (text)
        {
            case "resignation": reason = SeparationReason.Resignation; return true;
            case "for_cause": reason = SeparationReason.ForCause; return true;
            case "not_completed": reason = SeparationReason.NotCompleted; return true;
            case "layoff": reason = SeparationReason.Layoff; return true;
            case "death": reason = SeparationReason.Death; return true;
            case "disability": reason = SeparationReason.Disability; return true;
            case "retirement": reason = SeparationReason.Retirement; return true;
            default: reason = default; return false;
        }
    }

    /// <summary>The contract name of a reason (<c>for_cause</c>, ...).</summary>
    public static string ReasonName(SeparationReason reason) => reason switch
    {
        SeparationReason.Resignation => "resignation",
        SeparationReason.ForCause => "for_cause",
        SeparationReason.NotCompleted => "not_completed",
        SeparationReason.Layoff => "layoff",
        SeparationReason.Death => "death",
        SeparationReason.Disability => "disability",
        SeparationReason.Retirement => "retirement",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };

    /// <summary>All contract reason names, for messages.</summary>
    public const string ReasonNames = "resignation, for_cause, not_completed, layoff, death, disability, retirement";
}
