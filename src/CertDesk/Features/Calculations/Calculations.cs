using System.Text.Json.Serialization;
using CertDesk.Domain;
using CertDesk.Domain.Repayment;
using CertDesk.Domain.Roi;
using CertDesk.Domain.Staffing;

namespace CertDesk.Features.Calculations;

/// <summary>Inputs of <c>erlang c</c> / <c>erlang a</c> (CLI flags, or the API's snake_case JSON body).</summary>
public sealed record ErlangInput(decimal? Calls, decimal? Interval, decimal? Aht, int? Agents, decimal? Target, decimal? Patience = null);

/// <summary>Inputs of <c>staff</c> for one interval.</summary>
public sealed record StaffInput(
    decimal? Calls, decimal? Interval, decimal? Aht, decimal? Sl, decimal? Target,
    decimal? MaxOccupancy = null, decimal? Shrinkage = null, decimal? Patience = null);

public sealed record ErlangCOutput(double TrafficErlangs, double ProbWait, double ServiceLevel, double? AsaSeconds, double Occupancy);

public sealed record ErlangAOutput(double TrafficErlangs, double ProbWait, double ServiceLevel, double AsaSeconds, double Occupancy, double ProbAbandon);

public sealed record StaffOutput(
    int Agents,
    int StaffWithShrinkage,
    double ServiceLevel,
    double? AsaSeconds,
    double Occupancy,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? ProbAbandon);

/// <summary>The <c>roi --input</c> study as JSON (missing isolation and confidence default to 1).</summary>
public sealed record RoiInput(IReadOnlyList<RoiCostInput?>? Costs, IReadOnlyList<RoiBenefitInput?>? Benefits, decimal? Years);

public sealed record RoiCostInput(string? Category, decimal? Amount);

public sealed record RoiBenefitInput(string? Name, decimal? AnnualValue, decimal? Isolation, decimal? Confidence);

public sealed record RoiOutput(decimal TotalCost, decimal TotalBenefit, decimal NetBenefit, decimal? RoiPercent, decimal? Bcr, decimal? PaybackMonths);

/// <summary>The <c>repayment --policy</c> file as JSON. <c>exempt_reasons</c> defaults to none,
/// <c>not_completed_percent</c> to 100 (failing to complete owes the whole amount) and <c>triggering_reasons</c>
/// (optional, the reasons that owe anything) to every reason when absent.</summary>
public sealed record RepaymentPolicyInput(
    int? CommitmentMonths, string? Proration, IReadOnlyList<RepaymentTierInput?>? Tiers, IReadOnlyList<string?>? ExemptReasons, decimal? NotCompletedPercent,
    IReadOnlyList<string?>? TriggeringReasons = null);

public sealed record RepaymentTierInput(int? UntilMonth, decimal? Percent);

/// <summary>The API body of a repayment quote: the policy plus the CLI's arguments.</summary>
public sealed record RepaymentQuoteInput(RepaymentPolicyInput? Policy, decimal? Funded, DateOnly? Start, DateOnly? Separated, string? Reason);

public sealed record RepaymentOutput(decimal Owed, decimal Percent, int MonthsServed, int CommitmentMonths, string Rule);

/// <summary>
/// The calculations of the contract behind both the CLI and the API: input checks with field-level errors (snake_case
/// field names as in the JSON), then the pure domain math. A failed check returns errors and no output.
/// </summary>
public static class Calculations
{
    public const int MaxAgents = 1_000_000;

    /// <summary>Most contacts in one interval.</summary>
    public const decimal MaxCalls = 10_000_000m;

    /// <summary>Longest interval, handling time, answer target or patience, in seconds: one day.</summary>
    public const decimal MaxSeconds = 86_400m;

    public static ErlangCOutput? ErlangC(ErlangInput input, List<FieldError> errors)
    {
        var (calls, interval, aht, agents, target) = CheckErlang(input, errors);
        if (errors.Count > 0)
        {
            return null;
        }
        var r = Domain.Staffing.ErlangC.Compute(calls, interval, aht, agents, target);
        return new ErlangCOutput(r.TrafficErlangs, r.ProbWait, r.ServiceLevel, r.AsaSeconds, r.Occupancy);
    }

    public static ErlangAOutput? ErlangA(ErlangInput input, List<FieldError> errors)
    {
        var (calls, interval, aht, agents, target) = CheckErlang(input, errors);
        var patience = AtMost(Positive(input.Patience, "patience", errors, required: true), MaxSeconds, "patience", errors);
        if (errors.Count > 0)
        {
            return null;
        }
        var r = Domain.Staffing.ErlangA.Compute(calls, interval, aht, agents, target, (double)patience!.Value);
        return new ErlangAOutput(r.TrafficErlangs, r.ProbWait, r.ServiceLevel, r.AsaSeconds, r.Occupancy, r.ProbAbandon);
    }

    /// <summary>Checks the targets shared by single-interval and forecast staffing.</summary>
    public static StaffingTargets? Targets(decimal? sl, decimal? target, decimal? maxOccupancy, decimal? shrinkage, decimal? patience, List<FieldError> errors)
    {
        if (sl is null)
        {
            errors.Add(new FieldError("sl", "is required"));
        }
        else if (sl is <= 0 or > 1)
        {
            errors.Add(new FieldError("sl", FormattableString.Invariant($"{sl} is not a fraction > 0 and <= 1 (0.8 means 80 %)")));
        }
        var t = AtMost(NonNegative(target, "target", errors, required: true), MaxSeconds, "target", errors);
        if (maxOccupancy is <= 0 or > 1)
        {
            errors.Add(new FieldError("max_occupancy", FormattableString.Invariant($"{maxOccupancy} is not a fraction > 0 and <= 1 (0.85 means 85 %)")));
        }
        if (shrinkage is < 0 or >= 1)
        {
            errors.Add(new FieldError("shrinkage", FormattableString.Invariant($"{shrinkage} is not a fraction >= 0 and < 1 (0.3 means 30 %)")));
        }
        var p = AtMost(Positive(patience, "patience", errors, required: false), MaxSeconds, "patience", errors);
        if (errors.Count > 0)
        {
            return null;
        }
        return new StaffingTargets(sl!.Value, (double)t!.Value, maxOccupancy, shrinkage, p is { } pv ? (double)pv : null);
    }

    public static StaffOutput? Staff(StaffInput input, List<FieldError> errors)
    {
        var calls = AtMost(NonNegative(input.Calls, "calls", errors, required: true), MaxCalls, "calls", errors);
        var interval = AtMost(Positive(input.Interval, "interval", errors, required: true), MaxSeconds, "interval", errors);
        var aht = AtMost(Positive(input.Aht, "aht", errors, required: true), MaxSeconds, "aht", errors);
        var targets = Targets(input.Sl, input.Target, input.MaxOccupancy, input.Shrinkage, input.Patience, errors);
        if (errors.Count > 0 || targets is null)
        {
            return null;
        }
        if (!CheckTraffic(calls!.Value, interval!.Value, aht!.Value, "calls", errors))
        {
            return null;
        }
        using (Observability.CertDeskTelemetry.MeasureSolver("staffing"))
        {
            return ToOutput(StaffingSolver.Solve(calls.Value, interval.Value, aht.Value, targets));
        }
    }

    public static StaffOutput ToOutput(StaffingResult r) =>
        new(r.Agents, r.StaffWithShrinkage, r.ServiceLevel, r.AsaSeconds, r.Occupancy, r.ProbAbandon);

    /// <summary>False (with an error on <paramref name="field"/>) when calls x AHT / interval exceeds the supported traffic.</summary>
    public static bool CheckTraffic(decimal calls, decimal interval, decimal aht, string field, List<FieldError> errors)
    {
        if ((double)calls * (double)aht / (double)interval > StaffingSolver.MaxTraffic)
        {
            errors.Add(new FieldError(field, FormattableString.Invariant($"traffic (calls x aht / interval) above {StaffingSolver.MaxTraffic:0} erlangs is not supported")));
            return false;
        }
        return true;
    }

    public static RoiOutput? Roi(RoiInput input, List<FieldError> errors)
    {
        if (input.Costs is null)
        {
            errors.Add(new FieldError("costs", "is required"));
        }
        if (input.Benefits is null)
        {
            errors.Add(new FieldError("benefits", "is required"));
        }
        if (input.Years is null)
        {
            errors.Add(new FieldError("years", "is required"));
        }
        var costs = new List<RoiCost>();
        for (var i = 0; i < (input.Costs?.Count ?? 0); i++)
        {
            var c = input.Costs![i];
            if (c is null)
            {
                errors.Add(new FieldError($"costs[{i}]", "is required"));
                continue;
            }
            if (c.Amount is null)
            {
                errors.Add(new FieldError($"costs[{i}].amount", "is required"));
            }
            costs.Add(new RoiCost(c.Category ?? "", c.Amount ?? 0));
        }
        var benefits = new List<RoiBenefit>();
        for (var i = 0; i < (input.Benefits?.Count ?? 0); i++)
        {
            var b = input.Benefits![i];
            if (b is null)
            {
                errors.Add(new FieldError($"benefits[{i}]", "is required"));
                continue;
            }
            if (b.AnnualValue is null)
            {
                errors.Add(new FieldError($"benefits[{i}].annual_value", "is required"));
            }
            benefits.Add(new RoiBenefit(b.Name ?? "", b.AnnualValue ?? 0, b.Isolation ?? 1, b.Confidence ?? 1));
        }
        var study = new RoiStudy(costs, benefits, input.Years ?? 1);
        errors.AddRange(PhillipsRoi.Validate(study).Where(e => !errors.Exists(x => x.Field == e.Field)));
        if (errors.Count > 0)
        {
            return null;
        }
        var r = PhillipsRoi.Calculate(study);
        return new RoiOutput(r.TotalCost, r.TotalBenefit, r.NetBenefit, r.RoiPercent, r.Bcr, r.PaybackMonths);
    }

    /// <summary>Maps and validates a policy; field names are those of the policy JSON.</summary>
    public static RepaymentPolicy? Policy(RepaymentPolicyInput input, List<FieldError> errors, string prefix = "")
    {
        var start = errors.Count;
        if (input.CommitmentMonths is null)
        {
            errors.Add(new FieldError(prefix + "commitment_months", "is required"));
        }
        var proration = Proration.Tiers;
        if (input.Proration is null)
        {
            errors.Add(new FieldError(prefix + "proration", "is required (tiers, monthly or daily)"));
        }
        else if (!RepaymentPolicy.TryParseProration(input.Proration, out proration))
        {
            errors.Add(new FieldError(prefix + "proration", $"'{input.Proration}' is not one of tiers, monthly, daily"));
        }
        var tiers = new List<RepaymentTier>();
        for (var i = 0; i < (input.Tiers?.Count ?? 0); i++)
        {
            var t = input.Tiers![i];
            if (t?.UntilMonth is null || t.Percent is null)
            {
                errors.Add(new FieldError($"{prefix}tiers[{i}]", "needs until_month and percent"));
                continue;
            }
            tiers.Add(new RepaymentTier(t.UntilMonth.Value, t.Percent.Value));
        }
        var exempt = Reasons(input.ExemptReasons, prefix + "exempt_reasons", errors);
        if (errors.Count > start)
        {
            return null;
        }
        var policy = new RepaymentPolicy(input.CommitmentMonths!.Value, proration, tiers, exempt, input.NotCompletedPercent ?? 100);
        errors.AddRange(policy.Validate().Select(e => e with { Field = prefix + e.Field }));
        return errors.Count > start ? null : policy;
    }

    /// <summary>The policy file's <c>triggering_reasons</c> (every reason when absent).</summary>
    public static IReadOnlyList<SeparationReason> TriggeringReasons(RepaymentPolicyInput input, List<FieldError> errors, string prefix = "")
        => input.TriggeringReasons is null ? Enum.GetValues<SeparationReason>() : Reasons(input.TriggeringReasons, prefix + "triggering_reasons", errors);

    private static List<SeparationReason> Reasons(IReadOnlyList<string?>? texts, string field, List<FieldError> errors)
    {
        var reasons = new List<SeparationReason>();
        for (var i = 0; i < (texts?.Count ?? 0); i++)
        {
            if (RepaymentPolicy.TryParseReason(texts![i], out var reason))
            {
                reasons.Add(reason);
            }
            else
            {
                errors.Add(new FieldError($"{field}[{i}]", $"'{texts[i]}' is not one of {RepaymentPolicy.ReasonNames}"));
            }
        }
        return reasons;
    }

    /// <summary>
    /// The quote of the contract's <c>repayment</c>: <paramref name="start"/> is the day the commitment started (the
    /// credential earned), so the separation rules of an agreement apply as they do to a repayment record.
    /// </summary>
    public static RepaymentOutput? Repayment(RepaymentPolicy policy, IReadOnlyList<SeparationReason> triggering, decimal? funded, DateOnly? start, DateOnly? separated, string? reasonText, List<FieldError> errors)
    {
        if (funded is null)
        {
            errors.Add(new FieldError("funded", "is required"));
        }
        if (start is null)
        {
            errors.Add(new FieldError("start", "is required (yyyy-mm-dd)"));
        }
        if (separated is null)
        {
            errors.Add(new FieldError("separated", "is required (yyyy-mm-dd)"));
        }
        if (reasonText is null)
        {
            errors.Add(new FieldError("reason", $"is required ({RepaymentPolicy.ReasonNames})"));
        }
        else if (!RepaymentPolicy.TryParseReason(reasonText, out _))
        {
            errors.Add(new FieldError("reason", $"'{reasonText}' is not one of {RepaymentPolicy.ReasonNames}"));
        }
        if (errors.Count > 0)
        {
            return null;
        }
        errors.AddRange(RepaymentCalculator.Validate(policy, funded!.Value, start!.Value, separated!.Value));
        if (errors.Count > 0)
        {
            return null;
        }
        var terms = new AgreementTerms(policy, triggering, CommitmentClock.Completion, funded.Value);
        var q = SeparationRules.Quote(terms, new AgreementHistory(start.Value, start.Value), separated.Value, reasonText!).Quote;
        return new RepaymentOutput(q.Owed, q.Percent, q.MonthsServed, q.CommitmentMonths, q.Rule);
    }

    private static (double Calls, double Interval, double Aht, int Agents, double Target) CheckErlang(ErlangInput input, List<FieldError> errors)
    {
        var calls = AtMost(NonNegative(input.Calls, "calls", errors, required: true), MaxCalls, "calls", errors);
        var interval = AtMost(Positive(input.Interval, "interval", errors, required: true), MaxSeconds, "interval", errors);
        var aht = AtMost(Positive(input.Aht, "aht", errors, required: true), MaxSeconds, "aht", errors);
        var target = AtMost(NonNegative(input.Target, "target", errors, required: true), MaxSeconds, "target", errors);
        if (input.Agents is null)
        {
            errors.Add(new FieldError("agents", "is required"));
        }
        else if (input.Agents is < 1 or > MaxAgents)
        {
            errors.Add(new FieldError("agents", $"{input.Agents} is not a whole number from 1 to {MaxAgents}"));
        }
        if (errors.Count > 0)
        {
            return default;
        }
        CheckTraffic(calls!.Value, interval!.Value, aht!.Value, "calls", errors);
        return ((double)calls.Value, (double)interval.Value, (double)aht.Value, input.Agents!.Value, (double)target!.Value);
    }

    /// <summary>An error on <paramref name="field"/> when the value is above its documented bound (docs/calculations.md).</summary>
    private static decimal? AtMost(decimal? value, decimal max, string field, List<FieldError> errors)
    {
        if (value > max)
        {
            errors.Add(new FieldError(field, FormattableString.Invariant($"{value} must be <= {max}")));
        }
        return value;
    }

    private static decimal? Positive(decimal? value, string field, List<FieldError> errors, bool required)
    {
        if (value is null)
        {
            if (required)
            {
                errors.Add(new FieldError(field, "is required"));
            }
            return null;
        }
        if (value <= 0)
        {
            errors.Add(new FieldError(field, FormattableString.Invariant($"{value} must be > 0")));
        }
        return value;
    }

    private static decimal? NonNegative(decimal? value, string field, List<FieldError> errors, bool required)
    {
        if (value is null)
        {
            if (required)
            {
                errors.Add(new FieldError(field, "is required"));
            }
            return null;
        }
        if (value < 0)
        {
            errors.Add(new FieldError(field, FormattableString.Invariant($"{value} must be >= 0")));
        }
        return value;
    }
}
