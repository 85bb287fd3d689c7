namespace CertDesk.Domain.Roi;

/// <summary>A fully loaded cost line of a study (fees, materials, travel, hours away, backfill...).</summary>
public sealed record RoiCost(string Category, decimal Amount);

/// <summary>A monetized annual benefit with the Phillips conservative adjustments (isolation and confidence, 0..1).</summary>
public sealed record RoiBenefit(string Name, decimal AnnualValue, decimal Isolation = 1, decimal Confidence = 1);

/// <summary>The input of a Phillips ROI calculation: costs, benefits and the years the benefits are counted for.</summary>
public sealed record RoiStudy(IReadOnlyList<RoiCost> Costs, IReadOnlyList<RoiBenefit> Benefits, decimal Years);

/// <summary>The outcome. Ratios are null where they are undefined (see <see cref="PhillipsRoi"/>).</summary>
public sealed record RoiResult(
    decimal TotalCost,
    decimal TotalBenefit,
    decimal NetBenefit,
    decimal? RoiPercent,
    decimal? Bcr,
    decimal? PaybackMonths);

/// <summary>
/// Phillips ROI (product.md): benefit = annual value x isolation x confidence x years; ROI % = (benefits − costs) / costs x 100;
/// BCR = benefits / costs; payback months = costs / (annual benefits / 12).
/// </summary>
/// <remarks>
/// Money (total cost, total benefit, net benefit) is rounded half away from zero to cents; net benefit is the
/// difference of the two rounded totals, and ROI % and BCR are computed from the rounded totals, so they can be
/// checked from the printed figures. ROI %, BCR and payback months are rounded half away from zero to 2 decimals.
/// Zero costs: ROI % and BCR are null (division by zero), payback months is 0 (nothing to pay back).
/// Zero annual benefits: payback months is null (never pays back); ROI % is −100 and BCR 0 when costs are positive.
/// </remarks>
public static class PhillipsRoi
{
    public const decimal MaxYears = 100;

    /// <summary>Largest amount of one cost line or one benefit's annual value (a trillion): sums over 1,000 lines and 100 years stay exact.</summary>
    public const decimal MaxAmount = 1_000_000_000_000m;

    /// <summary>Most cost lines, and most benefits, in one study.</summary>
    public const int MaxLines = 1_000;

    /// <summary>Field-level problems of a study; empty when it can be calculated.</summary>
    public static IReadOnlyList<FieldError> Validate(RoiStudy study)
    {
        ArgumentNullException.ThrowIfNull(study);
        var errors = new List<FieldError>();
        if (study.Costs is null)
        {
            errors.Add(new FieldError("costs", "is required"));
        }
        else
        {
            for (var i = 0; i < study.Costs.Count; i++)
            {
                var cost = study.Costs[i];
                if (cost is null)
                {
                    errors.Add(new FieldError($"costs[{i}]", "is required"));
                    continue;
                }
                if (string.IsNullOrWhiteSpace(cost.Category))
                {
                    errors.Add(new FieldError($"costs[{i}].category", "is required"));
                }
                if (cost.Amount < 0)
                {
                    errors.Add(new FieldError($"costs[{i}].amount", "must be >= 0"));
                }
                else if (cost.Amount > MaxAmount)
                {
                    errors.Add(new FieldError($"costs[{i}].amount", "must be <= 1000000000000"));
                }
            }
        }

        if (study.Benefits is null)
        {
            errors.Add(new FieldError("benefits", "is required"));
        }
        else
        {
            for (var i = 0; i < study.Benefits.Count; i++)
            {
                var benefit = study.Benefits[i];
                if (benefit is null)
                {
                    errors.Add(new FieldError($"benefits[{i}]", "is required"));
                    continue;
                }
                if (string.IsNullOrWhiteSpace(benefit.Name))
                {
                    errors.Add(new FieldError($"benefits[{i}].name", "is required"));
                }
                if (benefit.AnnualValue < 0)
                {
                    errors.Add(new FieldError($"benefits[{i}].annual_value", "must be >= 0"));
                }
                else if (benefit.AnnualValue > MaxAmount)
                {
                    errors.Add(new FieldError($"benefits[{i}].annual_value", "must be <= 1000000000000"));
                }
                if (benefit.Isolation is < 0 or > 1)
                {
                    errors.Add(new FieldError($"benefits[{i}].isolation", "must be a fraction from 0 to 1"));
                }
                if (benefit.Confidence is < 0 or > 1)
                {
                    errors.Add(new FieldError($"benefits[{i}].confidence", "must be a fraction from 0 to 1"));
                }
            }
        }

        if (study.Costs?.Count > MaxLines)
        {
            errors.Add(new FieldError("costs", "must have at most 1000 lines"));
        }
        if (study.Benefits?.Count > MaxLines)
        {
            errors.Add(new FieldError("benefits", "must have at most 1000 benefits"));
        }
        if (study.Years is <= 0 or > MaxYears)
        {
            errors.Add(new FieldError("years", "must be > 0 and <= 100"));
        }
        return errors;
    }

    /// <summary>Calculates a valid study (throws <see cref="ArgumentException"/> when <see cref="Validate"/> finds errors).</summary>
    public static RoiResult Calculate(RoiStudy study)
    {
        var errors = Validate(study);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(study));
        }

        decimal costs = 0;
        foreach (var cost in study.Costs)
        {
            costs += cost.Amount;
        }
        decimal annualBenefit = 0;
        foreach (var benefit in study.Benefits)
        {
            annualBenefit += benefit.AnnualValue * benefit.Isolation * benefit.Confidence;
        }

        var totalCost = Money.Round(costs);
        var totalBenefit = Money.Round(annualBenefit * study.Years);
        var net = totalBenefit - totalCost;

        decimal? roiPercent = totalCost == 0 ? null : Round2(net / totalCost * 100);
        // A ratio, not money: four decimals keep published figures such as 8.8745 recognizable.
        decimal? bcr = totalCost == 0 ? null : Math.Round(totalBenefit / totalCost, 4, MidpointRounding.AwayFromZero);
        decimal? payback = totalCost == 0 ? 0 : annualBenefit == 0 ? null : Round2(totalCost * 12 / annualBenefit);
        return new RoiResult(totalCost, totalBenefit, net, roiPercent, bcr, payback);
    }

    private static decimal Round2(decimal value) => Money.Round(value);
}
