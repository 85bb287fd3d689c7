namespace CertDesk.Domain.Kpi;

/// <summary>
/// One invalid row. <see cref="Row"/> is the 1-based data row and <see cref="Line"/> the 1-based line of the file
/// where the row starts (they differ when quoted fields hold line breaks). Inside a block both are relative to the block
/// (see <see cref="CdrBlockParser"/>).
/// </summary>
public readonly record struct CdrRowError(long Row, long Line, string Field, string Reason);
