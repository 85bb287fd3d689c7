namespace CertDesk.Hosting;

/// <summary>
/// The one public base address of CertDesk (setting <c>PublicBaseUrl</c>): every link that leaves the running app (e-mail,
/// Open Badges ids, calendar invites, documents) is made absolute here, so a mail client or an outside verifier can follow it.
/// Without the setting: the older name <c>Mail:BaseUrl</c>, else the first listen address (<c>urls</c>), else
/// http://127.0.0.1:5080 (the default of <c>certdesk serve</c>). A malformed value stops the start (see <see cref="From"/>).
/// </summary>
public sealed class PublicLinks
{
    public const string Setting = "PublicBaseUrl";
    public const string DefaultBaseUrl = "http://127.0.0.1:5080";

    private PublicLinks(Uri baseUri, string source)
    {
        BaseUri = baseUri;
        Source = source;
    }

    /// <summary>The base, without a trailing slash in <see cref="BaseUrl"/>.</summary>
    public Uri BaseUri { get; }

    public string BaseUrl => BaseUri.GetLeftPart(UriPartial.Path).TrimEnd('/');

    /// <summary>Where the base came from: the setting's name, "urls" or "default" (shown in the start log).</summary>
    public string Source { get; }

    public bool IsHttps => BaseUri.Scheme == Uri.UriSchemeHttps;

    /// <summary>An absolute link to an app path such as <c>/Agreements/Details/{id}</c> (a path under a base path is kept).</summary>
    public string To(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Uri.TryCreate(path, UriKind.Absolute, out var absolute) && (absolute.Scheme == Uri.UriSchemeHttp || absolute.Scheme == Uri.UriSchemeHttps))
        {
            return path;
        }
        return BaseUrl + "/" + path.TrimStart('/');
    }

    /// <summary>Reads the settings; throws <see cref="InvalidOperationException"/> naming the setting when its value is unusable.</summary>
    public static PublicLinks From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        foreach (var key in new[] { Setting, "Mail:BaseUrl" })
        {
            if (!string.IsNullOrWhiteSpace(configuration[key]))
            {
                return new PublicLinks(Parse(key, configuration[key]!), key);
            }
        }
        var listen = configuration["urls"]?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        if (listen is not null)
        {
            // A wildcard listen address is no address to give out: name the machine instead.
            var named = listen.Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal).Replace("://[::]", "://localhost", StringComparison.Ordinal)
                .Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal);
            if (Uri.TryCreate(named, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
            {
                return new PublicLinks(uri, "urls");
            }
        }
        return new PublicLinks(new Uri(DefaultBaseUrl), "default");
    }

    private static Uri Parse(string key, string value)
    {
        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new InvalidOperationException($"Setting {key}: '{value}' is not an absolute http or https address (for example https://certdesk.example.com).");
        }
        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            throw new InvalidOperationException($"Setting {key}: '{value}' must be a plain base address, without a query, fragment or user name.");
        }
        return uri;
    }
}
