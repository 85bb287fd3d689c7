using System.Globalization;

namespace CertDesk.Domain.Kpi;

/// <summary>The <c>intervals</c> file format (contract): header and one line per fact, invariant culture.</summary>
public static class IntervalFactCsv
{
    public const string Header =
        "team_id,interval_start,offered,answered,abandoned,answered_within_threshold,wait_seconds_answered,handle_seconds,hold_seconds,wrap_seconds,transferred,resolved_first_contact,csat_sum,csat_count";

    public static string FormatRow(IntervalFact fact)
    {
        ArgumentNullException.ThrowIfNull(fact);
        return string.Join(',',
            Quote(fact.TeamId),
            fact.IntervalStart.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            N(fact.Offered), N(fact.Answered), N(fact.Abandoned), N(fact.AnsweredWithinThreshold), N(fact.WaitSecondsAnswered),
            N(fact.HandleSeconds), N(fact.HoldSeconds), N(fact.WrapSeconds), N(fact.Transferred), N(fact.ResolvedFirstContact),
            N(fact.CsatSum), N(fact.CsatCount));
    }

    /// <summary>RFC 4180: quote a field holding a comma, a quote or a line break, doubling its quotes.</summary>
    public static string Quote(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);
}
