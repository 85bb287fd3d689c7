using System.Net;
using System.Text.Json;
using Xunit.Sdk;

namespace CertDesk.Tests.Infrastructure;

/// <summary>Status and body together: a failure prints what the server answered instead of a bare status code.</summary>
public static class AssertHttp
{
    public static async Task<string> StatusAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != expected)
        {
            throw new XunitException(
                $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: expected {(int)expected} {expected}, got {(int)response.StatusCode} {response.StatusCode}" +
                (response.Headers.Location is { } location ? $" (Location: {location})" : "") +
                $"\n--- body ---\n{Truncate(body)}");
        }
        return body;
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK, string? contentType = "application/json")
    {
        var body = await StatusAsync(response, expected);
        if (contentType is not null && response.Content.Headers.ContentType?.MediaType != contentType)
        {
            throw new XunitException($"expected content type {contentType}, got {response.Content.Headers.ContentType}\n--- body ---\n{Truncate(body)}");
        }
        try
        {
            return JsonDocument.Parse(body).RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new XunitException($"the body is not JSON ({e.Message})\n--- body ---\n{Truncate(body)}");
        }
    }

    /// <summary>A redirect to the login page (an anonymous request for a page).</summary>
    public static async Task RedirectsToLoginAsync(HttpResponseMessage response)
    {
        await StatusAsync(response, HttpStatusCode.Redirect);
        var location = response.Headers.Location?.ToString() ?? "";
        Assert.True(location.Contains("/Accounts/Login", StringComparison.Ordinal), $"expected a redirect to /Accounts/Login, got '{location}'");
    }

    public static async Task RedirectsToAsync(HttpResponseMessage response, string pathStart)
    {
        await StatusAsync(response, HttpStatusCode.Redirect);
        var location = response.Headers.Location?.ToString() ?? "";
        Assert.True(location.Contains(pathStart, StringComparison.Ordinal), $"expected a redirect to {pathStart}, got '{location}'");
    }

    private static string Truncate(string body) => body.Length > 4000 ? body[..4000] + "\n[... truncated]" : body;
}
