using System.ComponentModel.DataAnnotations;

namespace CertDesk.Features.Catalog.Issuers;

/// <summary>
/// The issuer form of the new and edit pages (<c>_IssuerFields.cshtml</c>). It only carries the fields; the rules are
/// <see cref="IssuerService.ValidateIssuer"/> only, as for the API and the catalog import.
/// </summary>
public sealed class IssuerForm
{
    [Display(Name = "Code (e.g. ICMI)")] public string? Code { get; set; }
    public string? Name { get; set; }
    [Display(Name = "Website (https://...)")] public string? Website { get; set; }
    [Display(Name = "Source (where the issuer's identity was found)")] public string? Source { get; set; }

    /// <summary>The version read (edit page only): a save against a newer one writes nothing.</summary>
    public int Version { get; set; }

    public IssuerInput ToInput() => new(Code, Name, Website, Source);

    public static IssuerForm From(Issuer issuer)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        return new() { Code = issuer.Code, Name = issuer.Name, Website = issuer.Website, Source = issuer.Source, Version = issuer.Version };
    }
}
