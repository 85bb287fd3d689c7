using CertDesk.Domain.Roi;

namespace CertDesk.Domain.Proof;

/// <summary>One KPI's line in a study: the estimate, what was monetized and why (or why not).</summary>
public sealed record MonetizedEffect(KpiKind Kind, DidEstimate Estimate, decimal AnnualValue, string Basis, bool Monetized);

/// <summary>
/// Converts difference-in-differences effects into Phillips benefits, conservatively (guiding principles 4 and 6):
/// only an improvement whose 95 % interval excludes zero is monetized, at the interval bound nearer zero (not the
/// point estimate); everything else is reported as "no improvement credited". The comparison group is the isolation
/// method; the study's isolation and confidence factors are applied on top by <see cref="PhillipsRoi"/>.
/// </summary>
public static class ProofMonetization
{
    public static MonetizedEffect Monetize(KpiKind kind, DidEstimate estimate, decimal valuePerUnit, int treatedTeams, double cohortHeadcount)
    {
        ArgumentNullException.ThrowIfNull(estimate);
        var direction = KpiKinds.Direction(kind);
        // The favourable improvement at the conservative end of the interval.
        var conservative = direction > 0 ? estimate.Lower : -estimate.Upper;
        if (conservative <= 0)
        {
            return new MonetizedEffect(kind, estimate, 0, "interval includes no improvement: nothing credited", false);
        }
        if (valuePerUnit <= 0)
        {
            return new MonetizedEffect(kind, estimate, 0, "no value per unit set: listed as intangible", false);
        }
        decimal annual;
        string basis;
        if (kind == KpiKind.Attrition)
        {
            var leavers = conservative / 100 * cohortHeadcount;
            annual = Money.Round((decimal)leavers * valuePerUnit);
            basis = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{leavers:0.00} avoided leavers a year ({conservative:0.00} points of {cohortHeadcount:0} heads) x {valuePerUnit:0.00}");
        }
        else
        {
            annual = Money.Round((decimal)conservative * valuePerUnit * treatedTeams);
            basis = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{conservative:0.###} {KpiKinds.Unit(kind)} (interval bound nearer zero) x {valuePerUnit:0.00} per team-year x {treatedTeams} teams");
        }
        return new MonetizedEffect(kind, estimate, annual, basis, true);
    }
}
