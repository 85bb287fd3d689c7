using CertDesk.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace CertDesk.BrowserTests.Pages;

/// <summary>/Dashboards/Me: my enrollments, credentials, action plans and what is due.</summary>
public sealed class MyFollowThroughPage(IPage page) : AppPage(page)
{
    public ILocator Enrollments => Page.Locator("#my-enrollments");

    public ILocator Credentials => Page.Locator("#my-credentials");

    public async Task<MyFollowThroughPage> OpenAsync()
    {
        await GotoAsync("/Dashboards/Me");
        return this;
    }

    public async Task<EnrollmentPage> OpenEnrollmentAsync(string certificationCode)
    {
        await Enrollments.GetByRole(AriaRole.Link, new() { Name = certificationCode, Exact = true }).ClickAsync();
        await Address.ContainsAsync(Page, "/Enrollments/Details/");
        return new EnrollmentPage(Page);
    }

    /// <summary>The address of the action plan of a certification, as the person's page links it.</summary>
    public async Task<string> ActionPlanPathAsync(string certificationCode) =>
        await Page.GetByRole(AriaRole.Link, new() { Name = $"{certificationCode} action plan" }).GetAttributeAsync("href") ?? "";
}
