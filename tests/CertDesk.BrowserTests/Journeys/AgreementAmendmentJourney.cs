using System.Diagnostics;
using CertDesk.BrowserTests.Infrastructure;
using CertDesk.BrowserTests.Pages;
using Microsoft.Playwright;

namespace CertDesk.BrowserTests.Journeys;

/// <summary>
/// A signed agreement corrected the only way it can be (issue 15): HR proposes an amendment on the agreement page, the
/// employee signs it, HR signs it for the company; the page and the PDF show the chain (original and amendment, what
/// changed, signers, times in UTC, hashes) and Verify says intact.
/// </summary>
public sealed class AgreementAmendmentJourney(BrowserSession session) : IClassFixture<BrowserSession>
{
    private const string PolicyCode = "TA-AMEND";

    private static async Task SignAsync(IPage page, string button)
    {
        var name = (await page.Locator("label[for=typed-name]").InnerTextAsync()).Split('(', ')')[1];
        if (await page.Locator("#consent").CountAsync() > 0)
        {
            await page.Locator("#consent").CheckAsync();
        }
        await page.Locator("#typed-name").FillAsync(name);
        await page.Locator("#intent").CheckAsync();
        await page.Locator("#password").FillAsync(LoginPage.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();
    }

    [Fact]
    public async Task SignedAgreement_AmendedAndResigned_PageAndPdfShowTheChain()
    {
        // A published policy (HR drafts, the admin publishes).
        var hr = await session.NewPageAsync();
        await LoginPage.SignInAsync(hr, "hr@demo.local");
        await hr.GotoAsync("/TuitionPolicies/Edit", new() { WaitUntil = WaitUntilState.Commit });
        await hr.GetByLabel("Code", new() { Exact = true }).FillAsync(PolicyCode);
        await hr.GetByLabel("Name", new() { Exact = true }).FillAsync("Amendable tuition policy");
        await hr.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await Assertions.Expect(hr.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Amendable tuition policy");
        var admin = await session.NewPageAsync();
        await LoginPage.SignInAsync(admin, "admin@demo.local");
        await admin.GotoAsync(hr.Url, new() { WaitUntil = WaitUntilState.Commit });
        await admin.GetByRole(AriaRole.Link, new() { Name = "Publish…" }).ClickAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Publish version 1" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Published");

        // HR issues the agreement to the demo employee; the employee signs, HR countersigns.
        await hr.GotoAsync("/Agreements/Issue", new() { WaitUntil = WaitUntilState.Commit });
        await hr.GetByLabel("Person (without a business case)").FillAsync("E0020"); // an employee id is still understood
        await hr.GetByLabel("Certification code").FillAsync("CCCM");
        await hr.GetByLabel("Certification name").FillAsync("Certified Call Center Manager");
        await hr.GetByLabel("Policy version").SelectOptionAsync(new SelectOptionValue { Label = $"{PolicyCode} v1: Amendable tuition policy" });
        await hr.GetByLabel("Funded amount (empty = the case's fees, materials and travel)").FillAsync("400");
        await hr.GetByRole(AriaRole.Button, new() { Name = "Issue for signature" }).ClickAsync();
        await Assertions.Expect(hr.Locator("#agreement-status")).ToHaveTextAsync("Waiting for the employee's signature");
        var agreementUrl = hr.Url;

        var employee = await session.NewPageAsync();
        await LoginPage.SignInAsync(employee, "employee@demo.local");
        await employee.GotoAsync(agreementUrl, new() { WaitUntil = WaitUntilState.Commit });
        await SignAsync(employee, "Sign");
        await Assertions.Expect(employee.Locator("#agreement-status")).ToHaveTextAsync("Waiting for the company's signature");
        await hr.GotoAsync(agreementUrl, new() { WaitUntil = WaitUntilState.Commit });
        await SignAsync(hr, "Countersign");
        await Assertions.Expect(hr.Locator("#agreement-status")).ToHaveTextAsync("Active");
        await Assertions.Expect(hr.Locator("#record-0")).ToContainTextAsync("Signed by both");

        // HR proposes the amendment: a new funded amount, with the reason.
        await hr.GetByText("Amend the signed terms…").ClickAsync();
        await hr.GetByLabel("Funded amount (USD)").FillAsync("900");
        await hr.GetByLabel("Reason").FillAsync("exam retake added");
        await hr.GetByRole(AriaRole.Button, new() { Name = "Propose amendment" }).ClickAsync();
        await Assertions.Expect(hr.Locator("#record-1")).ToContainTextAsync("Waiting for the employee's signature");
        await Assertions.Expect(hr.Locator("#record-1")).ToContainTextAsync("funded_amount: 400.00 → 900.00");

        // The employee reads what changes and signs amendment 1; HR signs it for the company.
        await employee.GotoAsync(agreementUrl, new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(employee.Locator("#amendment-terms")).ToContainTextAsync("exam retake added");
        await Axe.AssertNoSeriousViolationsAsync(employee);
        await SignAsync(employee, "Sign amendment 1");
        await Assertions.Expect(employee.Locator("#record-1")).ToContainTextAsync("Waiting for the company's signature");
        await hr.GotoAsync(agreementUrl, new() { WaitUntil = WaitUntilState.Commit });
        await SignAsync(hr, "Countersign amendment 1");
        await Assertions.Expect(hr.Locator("#record-1")).ToContainTextAsync("Signed by both");
        await Assertions.Expect(hr.Locator(".lead")).ToContainTextAsync("900.00 USD");
        await Artifacts.ScreenshotAsync(hr, "agreement-amended");
        await hr.GetByRole(AriaRole.Link, new() { Name = "Verify" }).ClickAsync();
        await Assertions.Expect(hr.Locator("#verification")).ToContainTextAsync("Intact");

        // The PDF carries the chain.
        var download = await hr.RunAndWaitForDownloadAsync(() => hr.Locator("#download-pdf").ClickAsync());
        var pdf = Path.Combine(Artifacts.ScreenshotDirectory, "amended-agreement.pdf");
        await download.SaveAsAsync(pdf);
        using var extract = Process.Start(new ProcessStartInfo("pdftotext", ["-enc", "UTF-8", pdf, "-"]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var text = string.Join(' ', (await extract.StandardOutput.ReadToEndAsync()).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        await extract.WaitForExitAsync();
        Assert.True(extract.ExitCode == 0, "pdftotext failed: " + await extract.StandardError.ReadToEndAsync());
        Assert.Contains("Chain of the signed record", text, StringComparison.Ordinal);
        Assert.Contains("Original (version 0)", text, StringComparison.Ordinal);
        Assert.Contains("Amendment 1", text, StringComparison.Ordinal);
        Assert.Contains("funded_amount: 400.00 -> 900.00", text, StringComparison.Ordinal);
        Assert.Contains("exam retake added", text, StringComparison.Ordinal);
        Assert.Contains("Previous SHA-256", text, StringComparison.Ordinal);

        foreach (var page in new[] { hr, admin, employee })
        {
            await page.Context.CloseAsync();
        }
    }
}
