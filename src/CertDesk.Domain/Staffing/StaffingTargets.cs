namespace CertDesk.Domain.Staffing;

/// <summary>
/// What "enough agents" means: service level >= <see cref="ServiceLevel"/> within <see cref="TargetSeconds"/>, occupancy
/// &lt;= <see cref="MaxOccupancy"/> (when given); <see cref="Shrinkage"/> turns agents into scheduled staff; with
/// <see cref="PatienceSeconds"/> the model is Erlang A instead of Erlang C. Fractions, not percentages (0.8 = 80 %).
/// </summary>
public sealed record StaffingTargets
{
    public StaffingTargets(decimal serviceLevel, double targetSeconds, decimal? maxOccupancy = null, decimal? shrinkage = null, double? patienceSeconds = null)
    {
        if (serviceLevel is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(serviceLevel), serviceLevel, "The service-level target is a fraction from 0 to 1.");
        }
        if (!double.IsFinite(targetSeconds) || targetSeconds < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(targetSeconds), targetSeconds, "The target must be a finite number of seconds >= 0.");
        }
        if (maxOccupancy is { } m && (m <= 0 || m > 1))
        {
            throw new ArgumentOutOfRangeException(nameof(maxOccupancy), maxOccupancy, "The maximum occupancy is a fraction > 0 and <= 1.");
        }
        if (shrinkage is { } s && (s < 0 || s >= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(shrinkage), shrinkage, "Shrinkage is a fraction >= 0 and < 1.");
        }
        if (patienceSeconds is { } p)
        {
            StaffingInputs.CheckPatience(p);
        }

        ServiceLevel = serviceLevel;
        TargetSeconds = targetSeconds;
        MaxOccupancy = maxOccupancy;
        Shrinkage = shrinkage;
        PatienceSeconds = patienceSeconds;
    }

    public decimal ServiceLevel { get; }

    public double TargetSeconds { get; }

    public decimal? MaxOccupancy { get; }

    public decimal? Shrinkage { get; }

    /// <summary>Mean patience in seconds: Erlang A when given, Erlang C when null.</summary>
    public double? PatienceSeconds { get; }
}
