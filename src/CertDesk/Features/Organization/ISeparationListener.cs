namespace CertDesk.Features.Organization;

/// <summary>Told after the roster (import or page) records separations, so features can react (e.g. open repayment records).</summary>
public interface ISeparationListener
{
    Task<int> OnSeparationsAsync(CancellationToken ct);
}
