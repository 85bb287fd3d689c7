namespace CertDesk.Domain.Kpi;

/// <summary>What one validated contact contributes to its team's interval (the team itself is passed alongside).</summary>
public readonly record struct CdrMeasures(
    long ArrivedUtcTicks,
    bool Answered,
    bool Abandoned,
    int WaitSeconds,
    int HandleSeconds,
    int HoldSeconds,
    int WrapSeconds,
    bool Transferred,
    bool ResolvedFirstContact,
    int? Csat);
