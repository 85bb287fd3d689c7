namespace CertDesk.Domain.Scheduling;

/// <summary>How a session sits in an interval (or over its whole length): the worst interval decides.</summary>
public enum Verdict
{
    Fine = 0,
    AtRisk = 1,
    BreaksTarget = 2,
}

public static class VerdictText
{
    public static string Label(this Verdict verdict) => verdict switch
    {
        Verdict.Fine => "fine",
        Verdict.AtRisk => "at risk",
        _ => "breaks a target",
    };

    public static string Code(this Verdict verdict) => verdict switch
    {
        Verdict.Fine => "fine",
        Verdict.AtRisk => "at_risk",
        _ => "breaks_target",
    };
}
