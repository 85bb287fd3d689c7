namespace CertDesk.Domain.Proof;

/// <summary>
/// Sums of interval facts over a team and a window, plus QA and roster figures; the KPIs are ratios of sums
/// (product.md): never means of per-interval ratios.
/// </summary>
public sealed record KpiTotals
{
    public long Offered { get; init; }
    public long Answered { get; init; }
    public long Abandoned { get; init; }
    public long AnsweredWithinThreshold { get; init; }
    public long WaitSecondsAnswered { get; init; }
    public long HandleSeconds { get; init; }
    public long ResolvedFirstContact { get; init; }
    public long CsatSum { get; init; }
    public long CsatCount { get; init; }
    public double QaSum { get; init; }
    public long QaCount { get; init; }

    /// <summary>Separations in the window.</summary>
    public int Separations { get; init; }

    /// <summary>Mean headcount over the window (head count at start and end, averaged).</summary>
    public double AverageHeadcount { get; init; }

    /// <summary>Length of the window in days (to annualize attrition).</summary>
    public double Days { get; init; }

    public static KpiTotals operator +(KpiTotals a, KpiTotals b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return new KpiTotals
        {
            Offered = a.Offered + b.Offered,
            Answered = a.Answered + b.Answered,
            Abandoned = a.Abandoned + b.Abandoned,
            AnsweredWithinThreshold = a.AnsweredWithinThreshold + b.AnsweredWithinThreshold,
            WaitSecondsAnswered = a.WaitSecondsAnswered + b.WaitSecondsAnswered,
            HandleSeconds = a.HandleSeconds + b.HandleSeconds,
            ResolvedFirstContact = a.ResolvedFirstContact + b.ResolvedFirstContact,
            CsatSum = a.CsatSum + b.CsatSum,
            CsatCount = a.CsatCount + b.CsatCount,
            QaSum = a.QaSum + b.QaSum,
            QaCount = a.QaCount + b.QaCount,
            Separations = a.Separations + b.Separations,
            AverageHeadcount = a.AverageHeadcount + b.AverageHeadcount,
            Days = Math.Max(a.Days, b.Days),
        };
    }

    public static KpiTotals Add(KpiTotals a, KpiTotals b) => a + b;

    /// <summary>
    /// The KPI value, or null when its denominator is zero. Service level = answered within threshold / offered;
    /// ASA = wait of answered / answered; abandonment = abandoned / offered; AHT = handle / answered;
    /// FCR = resolved at first contact / answered; CSAT = mean score; QA = mean score;
    /// attrition = separations / average headcount x 365 / days (annualized). Rates are in points (0-100).
    /// </summary>
    public double? Value(KpiKind kind) => kind switch
    {
        KpiKind.ServiceLevel => Ratio(AnsweredWithinThreshold, Offered, 100),
        KpiKind.Asa => Ratio(WaitSecondsAnswered, Answered, 1),
        KpiKind.Abandonment => Ratio(Abandoned, Offered, 100),
        KpiKind.Aht => Ratio(HandleSeconds, Answered, 1),
        KpiKind.Fcr => Ratio(ResolvedFirstContact, Answered, 100),
        KpiKind.Csat => Ratio(CsatSum, CsatCount, 1),
        KpiKind.Qa => QaCount == 0 ? null : QaSum / QaCount,
        _ => AverageHeadcount <= 0 || Days <= 0 ? null : Separations / AverageHeadcount * 365.0 / Days * 100,
    };

    private static double? Ratio(double numerator, double denominator, double scale) => denominator == 0 ? null : numerator / denominator * scale;
}
