using System.Globalization;

namespace CertDesk.Domain.Proof;

/// <summary>The KPIs of capability 8, with the direction in which a change is an improvement.</summary>
public enum KpiKind
{
    ServiceLevel,
    Asa,
    Abandonment,
    Aht,
    Fcr,
    Csat,
    Qa,
    Attrition,
}

/// <summary>Names, units and the favourable direction of each <see cref="KpiKind"/>.</summary>
public static class KpiKinds
{
    public static readonly IReadOnlyList<KpiKind> All = Enum.GetValues<KpiKind>();

    /// <summary>The snake_case key used in JSON, CSV and forms.</summary>
    public static string Key(KpiKind kind) => kind switch
    {
        KpiKind.ServiceLevel => "service_level",
        KpiKind.Asa => "asa",
        KpiKind.Abandonment => "abandonment",
        KpiKind.Aht => "aht",
        KpiKind.Fcr => "fcr",
        KpiKind.Csat => "csat",
        KpiKind.Qa => "qa",
        _ => "attrition",
    };

    public static KpiKind? FromKey(string? key) => All.Cast<KpiKind?>().FirstOrDefault(k => Key(k!.Value) == key);

    public static string Label(KpiKind kind) => kind switch
    {
        KpiKind.ServiceLevel => "Service level",
        KpiKind.Asa => "Average speed of answer",
        KpiKind.Abandonment => "Abandonment rate",
        KpiKind.Aht => "Average handle time",
        KpiKind.Fcr => "First-contact resolution",
        KpiKind.Csat => "CSAT",
        KpiKind.Qa => "QA score",
        _ => "Attrition (annualized)",
    };

    /// <summary>The unit the value is expressed in (percentages are points 0-100).</summary>
    public static string Unit(KpiKind kind) => kind switch
    {
        KpiKind.Asa or KpiKind.Aht => "s",
        KpiKind.Csat => "score",
        KpiKind.Qa => "points",
        _ => "%",
    };

    /// <summary>+1 when a higher value is better, −1 when a lower value is better.</summary>
    public static int Direction(KpiKind kind) => kind is KpiKind.Asa or KpiKind.Abandonment or KpiKind.Aht or KpiKind.Attrition ? -1 : 1;

    public static string Format(KpiKind kind, double? value) => value is not { } v || double.IsNaN(v)
        ? "n/a"
        : Unit(kind) switch
        {
            "%" => v.ToString("0.0", CultureInfo.InvariantCulture) + " %",
            "s" => v.ToString("0.0", CultureInfo.InvariantCulture) + " s",
            _ => v.ToString("0.00", CultureInfo.InvariantCulture),
        };
}
