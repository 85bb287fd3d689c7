using System.Globalization;
using CertDesk.BrowserTests.Infrastructure;
using CertDesk.BrowserTests.Pages;
using Microsoft.Playwright;

namespace CertDesk.BrowserTests.Journeys;

/// <summary>
/// Issue 22's journey: the program manager looks at a person's ranked certifications, records the center's quote for
/// the one ranked second (a cheap online course) in the price book, and sees it ranked first, its cost said to come
/// from that quote.
/// </summary>
public sealed class ProgramManagerRecordsAQuote(BrowserSession session) : IClassFixture<BrowserSession>
{
    private const string Vendor = "Journey Online Training";

    [Fact]
    public async Task ProgramManager_RecordsAQuote_RecommendationOrderChanges()
    {
        var page = await session.NewPageAsync();
        await LoginPage.SignInAsync(page, "hr@demo.local");
        var person = await new HeatMapPage(page).OpenAsync().ContinueWith(t => t.Result.OpenPersonAsync(0)).Unwrap();
        var personUrl = page.Url;
        var before = await person.RankedAsync();
        Assert.True(before.Count(r => r.GapClosed > 0) >= 2, $"two certifications close part of the gap: {string.Join(", ", before)}");
        var second = before.Where(r => r.GapClosed > 0).Skip(1).First().Code;

        var prices = await new PriceBookPage(page).OpenAsync();
        await Assertions.Expect(prices.Heading).ToHaveTextAsync("Price book");
        await prices.Certification.SelectOptionAsync(second);
        await prices.Vendor.FillAsync(Vendor);
        await prices.Tuition.FillAsync("25");
        await prices.ClassHours.FillAsync("2");
        await prices.Delivery.SelectOptionAsync("online");
        await prices.ScreenshotAsync("catalog-price-book-record-a-quote");
        await prices.AssertAccessibleAsync();
        await prices.RecordAsync();
        await Assertions.Expect(prices.Message).ToContainTextAsync($"Quote recorded for {second}");
        await Assertions.Expect(prices.Row(Vendor)).ToContainTextAsync("USD 25.00");

        await page.GotoAsync(personUrl);
        var after = await new PersonGapsPage(page).RankedAsync();
        Assert.Equal(second, after[0].Code);
        Assert.Equal($"quote from {Vendor}", after[0].CostFrom);
        Assert.NotEqual(before.Select(r => r.Code), after.Select(r => r.Code));
        await person.ScreenshotAsync("gaps-person-recommendations-with-quote");
        await page.Context.CloseAsync();
    }
}

/// <summary>The center's price book: the quotes, the form to record one, the CSV import and export.</summary>
public sealed class PriceBookPage(IPage page) : AppPage(page)
{
    public ILocator Certification => Page.GetByLabel("Certification", new() { Exact = true });

    public ILocator Vendor => Page.GetByLabel("Vendor or source");

    public ILocator Tuition => Page.GetByLabel("Tuition (USD)");

    public ILocator ClassHours => Page.GetByLabel("Class hours");

    public ILocator Delivery => Page.GetByLabel("Delivery");

    public ILocator Message => Page.Locator("#price-book-message");

    public ILocator Row(string text) => Page.Locator("table tbody tr").Filter(new() { HasText = text });

    public async Task<PriceBookPage> OpenAsync()
    {
        await GotoAsync("/Catalog/Quotes");
        return this;
    }

    public async Task RecordAsync()
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = "Record the quote" }).ClickAsync();
        await Message.WaitForAsync(new() { Timeout = 30_000 });
    }
}

public sealed record RankedCertification(string Code, decimal GapClosed, string CostFrom);

public static class PersonGapsPageRanking
{
    /// <summary>The ranked certifications as shown: code (first word of the certification cell), gap closed, and where the cost came from.</summary>
    public static async Task<IReadOnlyList<RankedCertification>> RankedAsync(this PersonGapsPage person)
    {
        var rows = await person.Recommendations.EvaluateAllAsync<string[][]>("rows => rows.map(r => [...r.querySelectorAll('td')].map(td => td.textContent.trim()))");
        return [.. rows.Select(cells => new RankedCertification(
            cells[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0],
            decimal.Parse(cells[2], NumberStyles.Number, CultureInfo.InvariantCulture),
            cells[4]))];
    }
}
