namespace CertDesk.Domain.Kpi;

/// <summary>
/// The sums of one (team, interval) cell, as the <c>intervals</c> file has them. A mutable struct kept in arrays, so the
/// aggregator adds to a cell in place.
/// </summary>
public struct IntervalTotals
{
    public long Offered;
    public long Answered;
    public long Abandoned;
    public long WithinThreshold;
    public long WaitAnswered;
    public long Handle;
    public long Hold;
    public long Wrap;
    public long Transferred;
    public long ResolvedFirstContact;
    public long CsatSum;
    public long CsatCount;

    public void Add(in IntervalTotals o)
    {
        Offered += o.Offered;
        Answered += o.Answered;
        Abandoned += o.Abandoned;
        WithinThreshold += o.WithinThreshold;
        WaitAnswered += o.WaitAnswered;
        Handle += o.Handle;
        Hold += o.Hold;
        Wrap += o.Wrap;
        Transferred += o.Transferred;
        ResolvedFirstContact += o.ResolvedFirstContact;
        CsatSum += o.CsatSum;
        CsatCount += o.CsatCount;
    }

    public readonly IntervalFact ToFact(string teamId, DateTime intervalStart) =>
        new(teamId, intervalStart, Offered, Answered, Abandoned, WithinThreshold, WaitAnswered, Handle, Hold, Wrap, Transferred,
            ResolvedFirstContact, CsatSum, CsatCount);
}
