using CertDesk.BrowserTests.Infrastructure;
using Xunit.Sdk;

namespace CertDesk.BrowserTests.Journeys;

/// <summary>Proves the axe-core check in every journey is live: a page with known violations fails it.</summary>
public sealed class AccessibilityCheckCanFail(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task AxeCheck_UnlabelledFieldAndImage_FailsNamingTheRules()
    {
        var page = await session.NewPageAsync();
        await page.SetContentAsync("""
            <!DOCTYPE html><html lang="en"><head><title>Broken</title></head>
            <body><main><h1>Broken</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text"></main></body></html>
            """);

        var failure = await Assert.ThrowsAsync<FailException>(() => Axe.AssertNoSeriousViolationsAsync(page));

        Assert.Contains("image-alt", failure.Message, StringComparison.Ordinal);
        Assert.Contains("label", failure.Message, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }
}
