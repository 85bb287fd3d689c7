using System.ComponentModel.DataAnnotations;
using CertDesk.Domain.Gaps;

namespace CertDesk.Features.Gaps;

/// <summary>
/// The explicit planning assumptions (configuration section "Gaps"), shown on every page that uses them.
/// UnknownFeeEstimate replaces an unknown tuition in cost calculations only (never in the catalog); set it to
/// null to leave such certifications unranked instead.
/// </summary>
public sealed class GapsOptions
{
    [Range(0, 100000)] public decimal TravelPerInPersonCertification { get; set; } = 1500m;
    [Range(0, 1)] public decimal PaidStudyShare { get; set; } = 0.5m;
    [Range(0, 1)] public decimal BackfillShare { get; set; } = 0.5m;
    [Range(0, 5)] public decimal BackfillPremium { get; set; } = 1.5m;
    [Range(0, 1000000)] public decimal? UnknownFeeEstimate { get; set; } = 2500m;
    [Range(0, 2000)] public decimal UnknownClassHoursEstimate { get; set; } = 24m;

    /// <summary>Class hours a person spends away per week; a certification's weeks away = ceil(class hours / this).</summary>
    [Range(1, 60)] public decimal HoursAwayPerWeek { get; set; } = 8m;
    [Range(1, 600)] public double PlanTimeLimitSeconds { get; set; } = 20;

    public CostAssumptions Assumptions => new(TravelPerInPersonCertification, PaidStudyShare, BackfillShare, BackfillPremium, UnknownFeeEstimate, UnknownClassHoursEstimate);
}
