using System.Globalization;
using System.Text.RegularExpressions;
using CertDesk.BrowserTests.Infrastructure;
using CertDesk.BrowserTests.Pages;
using Microsoft.Playwright;

namespace CertDesk.BrowserTests.Journeys;

/// <summary>
/// The tuition money trail as each role walks it, from their own screens: the employee requests a certification (the
/// policy's verdict first); the manager and then the director approve it from their home pages; HR issues the
/// agreement from the home page; after both signatures HR records two payments (one refused past what the agreement
/// funds, then approved with an override reason); the employee reads what they would owe if they left; HR previews and
/// records the separation, and the repayment opens. Each hand-off mails the next person an absolute link (to the app's
/// public base address), and the journey follows it from the mail as that person would. The screenshots are the user
/// guide's pictures of the trail.
/// </summary>
public sealed class TuitionTrailJourney(MailSession session) : IClassFixture<MailSession>
{
    private const string PolicyCode = "TP-TRAIL";
    private const string PolicyName = "Certification tuition policy";
    private const string CostCenter = "CC-TRAIL";

    // QAMC is priced in the demo price book (online, 1,150 tuition and 90 materials): well inside the policy's cap.
    private const string Certification = "QAMC";

    private static string Today => DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    // A receipt the upload accepts (its first bytes say PDF).
    private static readonly byte[] Receipt = "%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"u8.ToArray();

    private static ILocator QueueItem(IPage page, string queue) =>
        page.Locator($"#queue-{queue} li.queue-item").Filter(new() { HasText = Certification });

    /// <summary>The person opens the link of their e-mail (absolute, on the app's public address) and lands on <paramref name="path"/>.</summary>
    private async Task FollowMailAsync(IPage page, Uri link, string path)
    {
        Assert.Equal(session.App.BaseUrl, link.GetLeftPart(UriPartial.Authority));
        await page.GotoAsync(link.AbsoluteUri, new() { WaitUntil = WaitUntilState.Commit });
        // The address bar, not a load state: once the URL already matches, WaitForURL would wait for a load state instead.
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("^" + Regex.Escape(session.App.BaseUrl + path)));
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync(Certification);
    }

    [Fact]
    public async Task RequestToSeparation_EachRoleFromTheirOwnScreens()
    {
        var year = DateTime.UtcNow.Year.ToString(CultureInfo.InvariantCulture);

        // Set-up through the pages: HR drafts the policy (requests accepted this calendar year), the admin publishes it and sets the one budget.
        var hr = await session.NewPageAsync();
        await LoginPage.SignInAsync(hr, "hr@demo.local");
        await hr.GotoAsync("/TuitionPolicies/Edit", new() { WaitUntil = WaitUntilState.Commit });
        await hr.GetByLabel("Code", new() { Exact = true }).FillAsync(PolicyCode);
        await hr.GetByLabel("Name", new() { Exact = true }).FillAsync(PolicyName);
        await hr.GetByLabel("Requests accepted from").FillAsync($"{year}-01-01");
        await hr.GetByLabel("Requests accepted until").FillAsync($"{year}-12-31");
        await hr.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await Assertions.Expect(hr.Locator("#application-window")).ToHaveTextAsync($"from 1 January {year} to 31 December {year}");
        var policyUrl = hr.Url;

        // The draft waits in the admin's queue; published from there (after the confirmation), it leaves the queue.
        var admin = await session.NewPageAsync();
        await LoginPage.SignInAsync(admin, "admin@demo.local");
        var policyId = new Uri(policyUrl).AbsolutePath.Split('/')[^1];
        var draft = admin.Locator("#queue-publish li.queue-item").Filter(new() { Has = admin.Locator($"a[href^='/TuitionPolicies/Publish/{policyId}']") });
        await Assertions.Expect(draft).ToContainTextAsync("Draft: review and publish it");
        await draft.GetByRole(AriaRole.Link).ClickAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Publish version 1" }).ClickAsync();
        await Assertions.Expect(admin.Locator("#queue-done")).ToContainTextAsync($"Published {PolicyName}, version 1.");
        await Assertions.Expect(draft).ToHaveCountAsync(0);
        await admin.GotoAsync("/BusinessCases/Budgets", new() { WaitUntil = WaitUntilState.Commit });
        await admin.GetByLabel("Fiscal year").FillAsync(year);
        await admin.GetByLabel("Cost center").FillAsync(CostCenter);
        await admin.GetByLabel("Amount").FillAsync("20000");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Cell, new() { Name = CostCenter })).ToBeVisibleAsync();
        await admin.Context.CloseAsync();

        // The employee asks: the policy's verdict (cost, the year's allowance) comes before anything is sent.
        var employee = await session.NewPageAsync();
        await LoginPage.SignInAsync(employee, "employee@demo.local");
        await employee.GotoAsync("/Requests/New", new() { WaitUntil = WaitUntilState.Commit });
        await employee.GetByLabel("Certification", new() { Exact = true }).SelectOptionAsync(Certification);
        await employee.GetByLabel("Why (what it will help with)").FillAsync("Our QA scores lag the site target; I run the calibration sessions.");
        await employee.GetByRole(AriaRole.Button, new() { Name = "Check with the policy" }).ClickAsync();
        await Assertions.Expect(employee.Locator("#request-check h2")).ToHaveTextAsync("The policy allows this request");
        await Assertions.Expect(employee.Locator("#request-check")).ToContainTextAsync($"Charged to cost center {CostCenter}");
        await Axe.AssertNoSeriousViolationsAsync(employee);
        await Artifacts.ScreenshotAsync(employee, "trail-request-check");
        await employee.Locator("#send-request").ClickAsync();
        await Assertions.Expect(employee.Locator("#request-status")).ToHaveTextAsync("Waiting for the manager");

        // The manager is mailed, by name, a link to the request; it waits on their home page too, where they approve it.
        var toManager = await session.MailAsync("manager@demo.local", "request:");
        Assert.StartsWith("Hello ", toManager.Body, StringComparison.Ordinal);
        var manager = await session.NewPageAsync();
        await LoginPage.SignInAsync(manager, "manager@demo.local");
        await Assertions.Expect(QueueItem(manager, "requests")).ToHaveCountAsync(1);
        await Artifacts.ScreenshotAsync(manager, "trail-manager-home");
        await FollowMailAsync(manager, toManager.Link, "/Requests/Details/");
        await manager.GotoAsync("/", new() { WaitUntil = WaitUntilState.Commit });
        await QueueItem(manager, "requests").GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Assertions.Expect(manager.Locator("#queue-done")).ToContainTextAsync("Approved.");
        await Assertions.Expect(QueueItem(manager, "requests")).ToHaveCountAsync(0);
        await manager.Context.CloseAsync();

        // The director, the budget holder, is mailed next and approves the business case from their home page.
        var toDirector = await session.MailAsync("director@demo.local", "request:");
        Assert.StartsWith("Hello ", toDirector.Body, StringComparison.Ordinal);
        var director = await session.NewPageAsync();
        await LoginPage.SignInAsync(director, "director@demo.local");
        await Assertions.Expect(QueueItem(director, "decide")).ToContainTextAsync($"Cost center {CostCenter}");
        await Artifacts.ScreenshotAsync(director, "trail-director-home");
        await FollowMailAsync(director, toDirector.Link, "/Requests/Details/");
        await director.GotoAsync("/", new() { WaitUntil = WaitUntilState.Commit });
        await QueueItem(director, "decide").GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Assertions.Expect(director.Locator("#queue-done")).ToBeVisibleAsync();
        await Assertions.Expect(QueueItem(director, "decide")).ToHaveCountAsync(0);
        await director.Context.CloseAsync();

        // HR is mailed the approved case and finds it on their home page, the mail's link and the queue's the same; HR
        // issues the agreement under the published policy.
        var toHr = await session.MailAsync("hr@demo.local", "case:");
        Assert.StartsWith("Approved: issue the tuition agreement for ", toHr.Subject, StringComparison.Ordinal);
        await hr.GotoAsync("/", new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(QueueItem(hr, "fund")).ToContainTextAsync("Approved: issue the tuition agreement");
        Assert.Equal(toHr.Link.PathAndQuery, await QueueItem(hr, "fund").GetByRole(AriaRole.Link).GetAttributeAsync("href"));
        await QueueItem(hr, "fund").GetByRole(AriaRole.Link).ClickAsync();
        await hr.GetByLabel("Policy version").SelectOptionAsync(new SelectOptionValue { Label = $"{PolicyCode} v1: {PolicyName}" });
        await hr.GetByRole(AriaRole.Button, new() { Name = "Issue for signature" }).ClickAsync();
        await Assertions.Expect(hr.Locator("#agreement-status")).ToHaveTextAsync("Waiting for the employee's signature");
        var agreementUrl = hr.Url;

        // The employee opens the agreement from the mail asking them to sign, and signs; HR countersigns.
        var toSign = await session.MailAsync("employee@demo.local", "agreement:");
        await employee.GotoAsync("/", new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(QueueItem(employee, "sign")).ToContainTextAsync("Read and sign by");
        Assert.Equal(toSign.Link.PathAndQuery, await QueueItem(employee, "sign").GetByRole(AriaRole.Link).GetAttributeAsync("href"));
        await FollowMailAsync(employee, toSign.Link, "/Agreements/Details/");
        Assert.Equal(agreementUrl, employee.Url);
        var employeeName = (await employee.Locator("label[for=typed-name]").InnerTextAsync()).Split('(', ')')[1];
        if (await employee.Locator("#consent").CountAsync() > 0)
        {
            await employee.Locator("#consent").CheckAsync();
        }
        await employee.Locator("#typed-name").FillAsync(employeeName);
        await employee.Locator("#intent").CheckAsync();
        await employee.Locator("#password").FillAsync(LoginPage.DemoPassword);
        await employee.GetByRole(AriaRole.Button, new() { Name = "Sign", Exact = true }).ClickAsync();
        await Assertions.Expect(employee.Locator("#agreement-status")).ToHaveTextAsync("Waiting for the company's signature");

        // The signed agreement waits in HR's queue to be countersigned; HR opens it from there.
        await hr.GotoAsync("/", new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(QueueItem(hr, "countersign")).ToContainTextAsync("Signed by the employee: countersign it");
        await QueueItem(hr, "countersign").GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(hr).ToHaveURLAsync(agreementUrl);
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

        // The employee plans the certification (the enrollment the payments are recorded on).
        await employee.GotoAsync("/Dashboards/Me", new() { WaitUntil = WaitUntilState.Commit });
        await employee.GetByLabel("Certification", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = (await employee.Locator("#plan-certification option", new() { HasText = Certification + ":" }).InnerTextAsync()).Trim() });
        await employee.GetByRole(AriaRole.Button, new() { Name = "Plan", Exact = true }).ClickAsync();
        await Address.ContainsAsync(employee, "/Enrollments/Details/");
        var enrollmentUrl = employee.Url;

        // HR records the tuition payment with its receipt and approves it: paid under the agreement.
        await hr.GotoAsync(enrollmentUrl, new() { WaitUntil = WaitUntilState.Commit });
        await RecordPaymentAsync(hr, "tuition", "1000");
        var tuition = Expense(hr, "tuition 1000.00");
        await tuition.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Assertions.Expect(Expense(hr, "tuition 1000.00")).ToContainTextAsync("paid under the tuition agreement");

        // A second payment past what the agreement funds: refused with the figures, then approved with a reason (kept and audited).
        await RecordPaymentAsync(hr, "materials", "2000");
        await Expense(hr, "materials 2000.00").GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Assertions.Expect(hr.GetByRole(AriaRole.Alert).Filter(new() { HasText = "it funds" })).ToBeVisibleAsync();
        await Artifacts.ScreenshotAsync(hr, "trail-payment-refused");
        await Expense(hr, "materials 2000.00").GetByLabel("Override reason").FillAsync("lab kit bought for the whole QA team");
        await Expense(hr, "materials 2000.00").GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Assertions.Expect(Expense(hr, "materials 2000.00")).ToContainTextAsync("override: lab kit bought for the whole QA team");

        // Later, the employee reads on the agreement what they would owe if they left today: the repayment's own calculation.
        await employee.GotoAsync(agreementUrl, new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(employee.Locator("#paid-on")).ToHaveTextAsync(Today);
        await Assertions.Expect(employee.Locator("#payments-total")).ToContainTextAsync("Paid USD 3,000.00 of the USD");
        await Assertions.Expect(employee.Locator("#exposure-amount")).ToContainTextAsync($"Resigning on {Today}");
        var exposure = await employee.Locator("#exposure-amount strong").InnerTextAsync();
        await employee.Locator("#exposure").ScrollIntoViewIfNeededAsync();
        await Artifacts.ScreenshotAsync(employee, "trail-employee-exposure", fullPage: false);
        await employee.Context.CloseAsync();

        // HR records the separation: the preview first (what each agreement will owe), the same amount the employee saw, then the save.
        // The people list opened already searched (its address), one navigation fewer to wait for on a loaded machine.
        var people = await new EmployeesPage(hr).OpenAsync("?q=" + Uri.EscapeDataString(employeeName.Split(' ')[^1]));
        await people.Rows.Filter(new() { HasText = employeeName }).First.GetByRole(AriaRole.Link).First.ClickAsync();
        await hr.GetByRole(AriaRole.Link, new() { Name = "Record separation" }).ClickAsync();
        await hr.GetByLabel("Separation date").FillAsync(Today);
        await hr.GetByLabel("Reason").SelectOptionAsync(new SelectOptionValue { Label = "Resignation" });
        await hr.GetByRole(AriaRole.Button, new() { Name = "Preview what each agreement owes" }).ClickAsync();
        var preview = hr.Locator("#separation-preview tbody tr").Filter(new() { HasText = Certification });
        await Assertions.Expect(preview).ToContainTextAsync(exposure.Replace(" USD", "", StringComparison.Ordinal));
        await Axe.AssertNoSeriousViolationsAsync(hr);
        await Artifacts.ScreenshotAsync(hr, "trail-separation-preview");
        await hr.GetByRole(AriaRole.Button, new() { Name = "Record separation" }).ClickAsync();
        await Address.PathIsAsync(hr, "/Repayments");
        var repayment = hr.Locator("main table tbody tr").Filter(new() { HasText = employeeName });
        await Assertions.Expect(repayment).ToContainTextAsync(Certification);
        await Artifacts.ScreenshotAsync(hr, "trail-repayments");
        await hr.Context.CloseAsync();
    }

    private static ILocator Expense(IPage page, string text) =>
        page.Locator("section[aria-labelledby=expenses] li").Filter(new() { HasText = text });

    private static async Task RecordPaymentAsync(IPage page, string category, string amount)
    {
        await page.GetByLabel("Category").SelectOptionAsync(category);
        await page.GetByLabel("Amount").FillAsync(amount);
        await page.GetByLabel("Receipt (PDF, PNG or JPEG, at most 5 MB)").SetInputFilesAsync(new FilePayload { Name = "receipt.pdf", MimeType = "application/pdf", Buffer = Receipt });
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit expense" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Expense submitted");
    }
}
