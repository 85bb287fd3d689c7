using System.Globalization;
using System.Text;

namespace CertDesk.Domain.Kpi;

/// <summary>What a contact file holds: the contract's <c>cdr</c> CSV, or a contact-center platform's own export.</summary>
public enum ContactRecordFormat
{
    Csv,
    AmazonConnect,
    GenesysCloud,
}

/// <summary>The names of <see cref="ContactRecordFormat"/> on the command line (<c>--format</c>) and their labels on the upload page.</summary>
public static class ContactRecordFormats
{
    public static readonly IReadOnlyList<(ContactRecordFormat Format, string Name, string Label)> All =
    [
        (ContactRecordFormat.Csv, "csv", "CertDesk call detail records (CSV)"),
        (ContactRecordFormat.AmazonConnect, "amazon-connect", "Amazon Connect contact records (JSON lines)"),
        (ContactRecordFormat.GenesysCloud, "genesys-cloud", "Genesys Cloud conversation details (JSON)"),
    ];

    public static string NameOf(ContactRecordFormat format) => All.First(f => f.Format == format).Name;

    public static bool TryParse(string? name, out ContactRecordFormat format)
    {
        foreach (var (f, n, _) in All)
        {
            if (string.Equals(n, name?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                format = f;
                return true;
            }
        }
        format = ContactRecordFormat.Csv;
        return false;
    }
}

/// <summary>
/// One contact as the contract's <c>cdr</c> file has it (the same columns, the same meaning), converted from a platform record.
/// <see cref="ToCsvLine"/> gives the row the CSV parser reads, so a converted file goes through the very checks and
/// aggregation of a CSV one.
/// </summary>
public sealed record CdrRow(
    string ContactId,
    string Queue,
    string TeamId,
    string? AgentId,
    DateTimeOffset ArrivedAt,
    DateTimeOffset? AnsweredAt,
    DateTimeOffset EndedAt,
    bool Abandoned,
    long WaitSeconds,
    long HandleSeconds,
    long HoldSeconds,
    long WrapSeconds,
    bool Transferred,
    bool ResolvedFirstContact,
    int? Csat)
{
    public static string Header => string.Join(',', CdrColumns.Names);

    public string ToCsvLine()
    {
        static string Cell(string? value) =>
            value is null ? "" :
            value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
        static string Time(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
        var sb = new StringBuilder(256);
        sb.Append(Cell(ContactId)).Append(',').Append(Cell(Queue)).Append(',').Append(Cell(TeamId)).Append(',').Append(Cell(AgentId)).Append(',')
            .Append(Time(ArrivedAt)).Append(',').Append(AnsweredAt is { } a ? Time(a) : "").Append(',').Append(Time(EndedAt)).Append(',')
            .Append(Abandoned ? "true" : "false").Append(',')
            .Append(CultureInfo.InvariantCulture, $"{WaitSeconds},{HandleSeconds},{HoldSeconds},{WrapSeconds},")
            .Append(Transferred ? "true" : "false").Append(',').Append(ResolvedFirstContact ? "true" : "false").Append(',')
            .Append(Csat is { } c ? c.ToString(CultureInfo.InvariantCulture) : "");
        return sb.ToString();
    }
}

/// <summary>A converted contact and where it came from in the platform's file (e.g. <c>line 4</c>, <c>conversations[2]</c>).</summary>
public sealed record PlatformContact(CdrRow Row, string Source);

/// <summary>
/// A platform file converted: the contacts offered to a queue, or the errors (each naming the file, the record, the field
/// and the reason; then nothing is to be written), and notes on what was left out and why.
/// </summary>
public sealed record PlatformConversion(IReadOnlyList<PlatformContact> Contacts, IReadOnlyList<string> Errors, IReadOnlyList<string> Notes)
{
    public bool Succeeded => Errors.Count == 0;
}
