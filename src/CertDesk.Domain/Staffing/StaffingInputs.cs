namespace CertDesk.Domain.Staffing;

/// <summary>Argument checks shared by the Erlang models: finite, non-negative volumes and positive durations.</summary>
internal static class StaffingInputs
{
    public static void Check(double calls, double intervalSeconds, double ahtSeconds, double targetSeconds)
    {
        if (!double.IsFinite(calls) || calls < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(calls), calls, "Contacts must be a finite number >= 0.");
        }
        if (!double.IsFinite(intervalSeconds) || intervalSeconds <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(intervalSeconds), intervalSeconds, "The interval must be a finite number of seconds > 0.");
        }
        if (!double.IsFinite(ahtSeconds) || ahtSeconds <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ahtSeconds), ahtSeconds, "AHT must be a finite number of seconds > 0.");
        }
        if (!double.IsFinite(targetSeconds) || targetSeconds < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(targetSeconds), targetSeconds, "The target must be a finite number of seconds >= 0.");
        }
    }

    public static void CheckPatience(double patienceSeconds)
    {
        if (!double.IsFinite(patienceSeconds) || patienceSeconds <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(patienceSeconds), patienceSeconds, "Patience must be a finite number of seconds > 0.");
        }
    }
}
