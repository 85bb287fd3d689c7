using Microsoft.Playwright;

namespace CertDesk.BrowserTests.Infrastructure;

/// <summary>
/// The fixture of every journey class: the app (one server and database per class) and Debian's Chromium,
/// launched once per class. Each test opens its own browser context, so cookies never leak between tests.
/// </summary>
public class BrowserSession : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private CertDeskApp? _app;

    public CertDeskApp App => _app ?? throw new InvalidOperationException("The app is not started.");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser is not started.");

    /// <summary>What runs before the app starts (another server it talks to), returning the app's extra settings.</summary>
    protected virtual Task<IReadOnlyDictionary<string, string>> BeforeAppStartsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>());

    /// <summary>What runs once the app listens, before the first test (e.g. warming a path a journey's first click takes).</summary>
    protected virtual Task AfterAppStartsAsync() => Task.CompletedTask;

    protected virtual Task AfterAppStopsAsync() => Task.CompletedTask;

    /// <summary>The port the app listens on: 0 lets the system pick one (a session whose links must be known before start picks its own).</summary>
    protected virtual int ListenPort => 0;

    public async Task InitializeAsync()
    {
        _app = new CertDeskApp(await BeforeAppStartsAsync(), ListenPort);
        App.Start();
        await AfterAppStartsAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CERTDESK_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic",
            ],
        });
    }

    /// <summary>A fresh context (no cookies) whose relative URLs resolve against the app.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-US",
            TimezoneId = "UTC",
        });
        // Waits hold on a loaded two-core machine: an element, a URL or a response within 30 s, never a load event.
        context.SetDefaultTimeout(30_000);
        context.SetDefaultNavigationTimeout(30_000);
        Assertions.SetDefaultExpectTimeout(30_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }
        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        await AfterAppStopsAsync();
    }
}
