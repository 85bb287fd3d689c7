namespace CertDesk.Domain.Kpi;

/// <summary>One row of the <c>intervals</c> file: a team's contacts that arrived in one interval (UTC).</summary>
public sealed record IntervalFact(
    string TeamId,
    DateTime IntervalStart,
    long Offered,
    long Answered,
    long Abandoned,
    long AnsweredWithinThreshold,
    long WaitSecondsAnswered,
    long HandleSeconds,
    long HoldSeconds,
    long WrapSeconds,
    long Transferred,
    long ResolvedFirstContact,
    long CsatSum,
    long CsatCount);
