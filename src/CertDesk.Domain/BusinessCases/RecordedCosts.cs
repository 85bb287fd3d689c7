namespace CertDesk.Domain.BusinessCases;

/// <summary>
/// The backfill rule of the planning assumptions: the hours away that someone covers (<see cref="Share"/>, 0..1),
/// paid at the absent person's hourly loaded cost times a premium (overtime, agency). One rule for planning
/// estimates (<see cref="Gaps.FullyLoadedCost"/>) and for the costs recorded on enrollments.
/// </summary>
public sealed record BackfillRule(decimal Share, decimal Premium)
{
    public decimal Cost(decimal hoursAway, decimal hourlyLoadedCost) => Money.Round(hoursAway * Share * hourlyLoadedCost * Premium);
}

/// <summary>
/// What one person's certification actually cost, as recorded on their enrollments: approved expense lines by
/// category, the fees of their exam attempts, the study hours they logged and the class and exam sessions they
/// attended (hours), at their hourly loaded cost.
/// </summary>
public sealed record RecordedCosts(
    decimal Tuition, decimal ExamFees, decimal Materials, decimal Travel, decimal Other, decimal StudyHours, decimal SessionHours, decimal HourlyLoadedCost)
{
    public decimal HoursAway => StudyHours + SessionHours;

    /// <summary>
    /// The business case's fully loaded cost lines (<see cref="CostInputs"/>: fees + materials + travel + hours away x
    /// hourly loaded cost + backfill), with tuition, exam fees and other expenses as fees and backfill by the rule.
    /// </summary>
    public CostInputs FullyLoaded(BackfillRule backfill)
    {
        ArgumentNullException.ThrowIfNull(backfill);
        return new CostInputs(Tuition + ExamFees + Other, Materials, Travel, HoursAway, HourlyLoadedCost, backfill.Cost(HoursAway, HourlyLoadedCost));
    }

    public static RecordedCosts operator +(RecordedCosts a, RecordedCosts b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.HourlyLoadedCost != b.HourlyLoadedCost)
        {
            throw new ArgumentException("costs at different hourly loaded costs cannot be added; add their fully loaded totals instead");
        }
        return new RecordedCosts(a.Tuition + b.Tuition, a.ExamFees + b.ExamFees, a.Materials + b.Materials, a.Travel + b.Travel, a.Other + b.Other,
            a.StudyHours + b.StudyHours, a.SessionHours + b.SessionHours, a.HourlyLoadedCost);
    }
}

/// <summary>The fully loaded cost lines of many people's recorded costs, summed line by line (each person's lines rounded to cents first); <see cref="People"/> counts those with any cost.</summary>
public sealed record CostLines(
    decimal Tuition, decimal ExamFees, decimal Materials, decimal Travel, decimal Other, decimal HoursAway, decimal TimeAway, decimal Backfill, int People)
{
    public static readonly CostLines Zero = new(0, 0, 0, 0, 0, 0, 0, 0, 0);

    public decimal Total => Money.Round(Tuition + ExamFees + Materials + Travel + Other + TimeAway + Backfill);

    public static CostLines Sum(IEnumerable<RecordedCosts> people, BackfillRule backfill)
    {
        ArgumentNullException.ThrowIfNull(people);
        var lines = Zero;
        foreach (var p in people)
        {
            var loaded = p.FullyLoaded(backfill);
            lines = new CostLines(lines.Tuition + p.Tuition, lines.ExamFees + p.ExamFees, lines.Materials + p.Materials, lines.Travel + p.Travel,
                lines.Other + p.Other, lines.HoursAway + p.HoursAway, lines.TimeAway + loaded.TimeAwayCost, lines.Backfill + loaded.Backfill, lines.People + (loaded.Total > 0 ? 1 : 0));
        }
        return lines with
        {
            Tuition = Money.Round(lines.Tuition),
            ExamFees = Money.Round(lines.ExamFees),
            Materials = Money.Round(lines.Materials),
            Travel = Money.Round(lines.Travel),
            Other = Money.Round(lines.Other),
            TimeAway = Money.Round(lines.TimeAway),
            Backfill = Money.Round(lines.Backfill),
        };
    }
}
