using CertDesk.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace CertDesk.BrowserTests.Pages;

public sealed class LoginPage(IPage page) : AppPage(page)
{
    public const string DemoPassword = "CertDesk-demo-1";

    public ILocator Email => Page.GetByLabel("E-mail");

    public ILocator Password => Page.GetByLabel("Password");

    public ILocator SignInButton => Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" });

    /// <summary>The form's error summary (role alert).</summary>
    public ILocator Error => Page.Locator("form").GetByRole(AriaRole.Alert);

    public async Task<LoginPage> OpenAsync()
    {
        await GotoAsync("/Accounts/Login");
        return this;
    }

    public async Task SubmitAsync(string email, string password)
    {
        await Email.FillAsync(email);
        await Password.FillAsync(password);
        await NextPageAsync(() => SignInButton.ClickAsync());
    }

    /// <summary>Signs in with the demo password and lands on the home page.</summary>
    public static async Task<HomePage> SignInAsync(IPage page, string email, string password = DemoPassword)
    {
        var login = await new LoginPage(page).OpenAsync();
        await login.SubmitAsync(email, password);
        await Address.PathIsAsync(page, "/");
        return new HomePage(page);
    }
}
