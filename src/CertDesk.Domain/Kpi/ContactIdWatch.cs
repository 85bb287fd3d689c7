namespace CertDesk.Domain.Kpi;

/// <summary>
/// Sees the <c>contact_id</c> of every row <see cref="CdrBlockParser"/> is about to add, so that an import can refuse a
/// contact counted twice. The parser itself keeps no ids: which rows repeat which is a whole-file question, answered
/// across the parallel blocks by the caller (see <c>CdrAggregation</c>).
/// </summary>
public abstract class ContactIdWatch
{
    /// <summary>
    /// Null to add the row; else the reason it is refused (named on the <c>contact_id</c> field like any other error).
    /// Called once per valid row, just before it is added, and again by the careful path for a row refused here, so
    /// an implementation must answer the same both times.
    /// </summary>
    /// <param name="contactId">The field's bytes, without enclosing quotes (an inner quote stays doubled, as written).</param>
    /// <param name="blockRow">The row's 1-based number within its block.</param>
    public abstract string? Refuse(ReadOnlySpan<byte> contactId, long blockRow);
}
