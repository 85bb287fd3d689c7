using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace CertDesk.Hosting;

/// <summary>
/// Running behind a reverse proxy (configuration section <c>Proxy</c>; see docs/operations.md): <c>X-Forwarded-For</c> and
/// <c>X-Forwarded-Proto</c> are believed only from the listed proxies (addresses) and networks (CIDR), so the client
/// address in signature evidence and rate limits is the real one and cannot be forged by anyone else.
/// </summary>
public sealed class ProxyOptions
{
    public const string Section = "Proxy";

    public string[] KnownProxies { get; set; } = [];

    public string[] KnownNetworks { get; set; } = [];

    /// <summary>Mark cookies <c>Secure</c> on every response (the site is only reached over HTTPS), not only on HTTPS requests.</summary>
    public bool HttpsOnly { get; set; }

    public int HstsDays { get; set; } = 365;

    public ForwardedHeadersOptions ToForwardedHeaders()
    {
        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto, ForwardLimit = 1 };
        // Trust only what is configured (the framework otherwise trusts loopback by default).
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in KnownProxies)
        {
            options.KnownProxies.Add(IPAddress.Parse(proxy.Trim()));
        }
        foreach (var network in KnownNetworks)
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network.Trim()));
        }
        return options;
    }
}
