using System.Diagnostics;
using CertDesk.BrowserTests.Infrastructure;
using CertDesk.BrowserTests.Pages;
using Microsoft.Playwright;

namespace CertDesk.BrowserTests.Journeys;

/// <summary>
/// The whole investment-protection journey: HR drafts a business case, the director approves it within budget, HR
/// issues the agreement, the employee signs, HR countersigns and downloads the PDF; the certificate page is kept as a PNG.
/// </summary>
public sealed class TuitionAgreementJourney(BrowserSession session) : IClassFixture<BrowserSession>
{
    private const string PolicyCode = "TA-JOURNEY";
    private const string CostCenter = "CC-JOURNEY";

    [Fact]
    public async Task BusinessCaseToSignedAgreement_EveryRoleDoesTheirStep_PdfHasCertificatePage()
    {
        // Set-up through the pages: HR drafts the policy, the admin publishes it and sets the budget.
        var hr = await session.NewPageAsync();
        await LoginPage.SignInAsync(hr, "hr@demo.local");
        await hr.GotoAsync("/TuitionPolicies/Edit", new() { WaitUntil = WaitUntilState.Commit });
        await hr.GetByLabel("Code", new() { Exact = true }).FillAsync(PolicyCode);
        await hr.GetByLabel("Name", new() { Exact = true }).FillAsync("Certification tuition policy");
        await hr.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await Assertions.Expect(hr.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Certification tuition policy");
        var policyUrl = hr.Url;

        var admin = await session.NewPageAsync();
        await LoginPage.SignInAsync(admin, "admin@demo.local");
        await admin.GotoAsync(policyUrl, new() { WaitUntil = WaitUntilState.Commit });
        await admin.GetByRole(AriaRole.Link, new() { Name = "Publish…" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToContainTextAsync("cannot be undone");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Publish version 1" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Published");
        await admin.GotoAsync("/BusinessCases/Budgets", new() { WaitUntil = WaitUntilState.Commit });
        await admin.GetByLabel("Fiscal year").FillAsync(DateTime.UtcNow.Year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await admin.GetByLabel("Cost center").FillAsync(CostCenter);
        await admin.GetByLabel("Amount").FillAsync("20000");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Cell, new() { Name = CostCenter })).ToBeVisibleAsync();

        // HR drafts the business case and submits it.
        await hr.GotoAsync("/BusinessCases/New", new() { WaitUntil = WaitUntilState.Commit });
        // The people picker: the field's list offers each person by name; picking one fills in "Name (E0020)".
        var entry = await hr.Locator("datalist#people option[value$='(E0020)']").GetAttributeAsync("value");
        Assert.Matches("^\\D+ \\(E0020\\)$", entry); // a name, then the id
        await hr.GetByLabel("Person", new() { Exact = true }).FillAsync(entry!);
        await hr.GetByLabel("Certification code").FillAsync("CCCM");
        await hr.GetByLabel("Certification name").FillAsync("Certified Call Center Manager");
        await hr.GetByLabel("Cost center").FillAsync(CostCenter);
        await hr.GetByLabel("Fees", new() { Exact = true }).FillAsync("1995");
        await hr.GetByLabel("Materials").FillAsync("150");
        await hr.GetByLabel("Hours away from the floor").FillAsync("16");
        await hr.GetByLabel("Benefit 1 name").FillAsync("lower attrition");
        await hr.GetByLabel("Benefit 1 annual value").FillAsync("48000");
        await hr.GetByLabel("Benefit 1 isolation").FillAsync("0.6");
        await hr.GetByLabel("Benefit 1 confidence").FillAsync("0.8");
        await hr.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await Assertions.Expect(hr.Locator("#case-status")).ToHaveTextAsync("Draft");
        await hr.GetByRole(AriaRole.Button, new() { Name = "Submit for approval" }).ClickAsync();
        await Assertions.Expect(hr.Locator("#case-status")).ToHaveTextAsync("Waiting for a decision");
        var caseUrl = hr.Url;

        // The director sees the remaining budget and approves.
        var director = await session.NewPageAsync();
        await LoginPage.SignInAsync(director, "director@demo.local");
        await director.GotoAsync(caseUrl, new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(director.Locator("#remaining-budget")).ToContainTextAsync("remaining 20,000.00");
        await Axe.AssertNoSeriousViolationsAsync(director);
        await director.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Assertions.Expect(director.Locator("#case-status")).ToHaveTextAsync("Approved");
        await Artifacts.ScreenshotAsync(director, "business-case-approved");

        // HR issues the agreement under the published policy.
        await hr.GotoAsync(caseUrl, new() { WaitUntil = WaitUntilState.Commit });
        await hr.GetByRole(AriaRole.Link, new() { Name = "Issue agreement" }).ClickAsync();
        await hr.GetByLabel("Policy version").SelectOptionAsync(new SelectOptionValue { Label = $"{PolicyCode} v1: Certification tuition policy" });
        await hr.GetByRole(AriaRole.Button, new() { Name = "Issue for signature" }).ClickAsync();
        await Assertions.Expect(hr.Locator("#agreement-status")).ToHaveTextAsync("Waiting for the employee's signature");
        var agreementUrl = hr.Url;

        // The employee consents, types their name, confirms intent and re-enters the password.
        var employee = await session.NewPageAsync();
        await LoginPage.SignInAsync(employee, "employee@demo.local");
        await employee.GotoAsync("/Agreements", new() { WaitUntil = WaitUntilState.Commit });
        await employee.Locator("main table tbody a").First.ClickAsync();
        await Assertions.Expect(employee).ToHaveURLAsync(agreementUrl);
        Assert.Equal(agreementUrl, employee.Url);
        await Axe.AssertNoSeriousViolationsAsync(employee);
        var name = (await employee.Locator("label[for=typed-name]").InnerTextAsync()).Split('(', ')')[1];
        await employee.GetByLabel("I agree to do business electronically").CheckAsync();
        await employee.Locator("#typed-name").FillAsync(name);
        await employee.Locator("#intent").CheckAsync();
        await employee.Locator("#password").FillAsync(LoginPage.DemoPassword);
        await employee.GetByRole(AriaRole.Button, new() { Name = "Sign", Exact = true }).ClickAsync();
        await Assertions.Expect(employee.Locator("#agreement-status")).ToHaveTextAsync("Waiting for the company's signature");
        await Artifacts.ScreenshotAsync(employee, "agreement-signed-by-employee");

        // HR countersigns and downloads the PDF.
        await hr.GotoAsync(agreementUrl, new() { WaitUntil = WaitUntilState.Commit });
        var hrName = (await hr.Locator("label[for=typed-name]").InnerTextAsync()).Split('(', ')')[1];
        if (await hr.Locator("#consent").CountAsync() > 0)
        {
            await hr.Locator("#consent").CheckAsync();
        }
        await hr.Locator("#typed-name").FillAsync(hrName);
        await hr.Locator("#intent").CheckAsync();
        await hr.Locator("#password").FillAsync(LoginPage.DemoPassword);
        await hr.GetByRole(AriaRole.Button, new() { Name = "Countersign" }).ClickAsync();
        await Assertions.Expect(hr.Locator("#agreement-status")).ToHaveTextAsync("Active");
        await hr.GetByRole(AriaRole.Link, new() { Name = "Verify" }).ClickAsync();
        await Assertions.Expect(hr.Locator("#verification")).ToContainTextAsync("Intact");

        var download = await hr.RunAndWaitForDownloadAsync(() => hr.Locator("#download-pdf").ClickAsync());
        var pdf = Path.Combine(Artifacts.ScreenshotDirectory, "signed-agreement.pdf");
        await download.SaveAsAsync(pdf);
        var bytes = await File.ReadAllBytesAsync(pdf);
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));

        // The certificate page (page 2) as a PNG artifact, rendered by poppler's pdftoppm.
        var prefix = Path.Combine(Artifacts.ScreenshotDirectory, "agreement-certificate");
        using var render = Process.Start(new ProcessStartInfo("pdftoppm", ["-png", "-r", "80", "-f", "2", "-l", "2", "-singlefile", pdf, prefix]) { RedirectStandardError = true })!;
        await render.WaitForExitAsync();
        Assert.True(render.ExitCode == 0, "pdftoppm failed: " + await render.StandardError.ReadToEndAsync());
        Assert.True(File.Exists(prefix + ".png"));

        foreach (var page in new[] { hr, admin, director, employee })
        {
            await page.Context.CloseAsync();
        }
    }
}
