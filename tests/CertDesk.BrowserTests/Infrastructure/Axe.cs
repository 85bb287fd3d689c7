using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace CertDesk.BrowserTests.Infrastructure;

/// <summary>
/// Accessibility checks with axe-core (the npm package in this folder's package.json), injected into the page.
/// Fails on serious or critical violations of WCAG 2.x A/AA and axe's best practices.
/// </summary>
public static class Axe
{
    private static readonly Lazy<string> s_source = new(() =>
    {
        var path = Path.Combine(Artifacts.RepositoryRoot(), "tests", "CertDesk.BrowserTests", "node_modules", "axe-core", "axe.min.js");
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{path} is missing: run 'npm ci --prefix tests/CertDesk.BrowserTests' (test.sh does).");
        }
        return File.ReadAllText(path);
    });

    public static async Task AssertNoSeriousViolationsAsync(IPage page)
    {
        // Evaluated through the DevTools protocol, which the page's strict content security policy does not block.
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe !== 'undefined'"))
        {
            await page.EvaluateAsync(s_source.Value);
        }
        var json = await page.EvaluateAsync<string>("""
            async () => {
                const result = await axe.run(document, {
                    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
                    resultTypes: ['violations'],
                });
                return JSON.stringify(result.violations
                    .filter(v => v.impact === 'serious' || v.impact === 'critical')
                    .map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ': ' + n.failureSummary) })));
            }
            """);
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.GetArrayLength() == 0)
        {
            return;
        }
        var message = new StringBuilder($"axe-core found serious or critical violations on {page.Url}:");
        foreach (var violation in document.RootElement.EnumerateArray())
        {
            message.Append($"\n- {violation.GetProperty("id").GetString()} ({violation.GetProperty("impact").GetString()}): {violation.GetProperty("help").GetString()}");
            foreach (var node in violation.GetProperty("nodes").EnumerateArray())
            {
                message.Append($"\n    {node.GetString()?.ReplaceLineEndings(" ")}");
            }
        }
        Assert.Fail(message.ToString());
    }
}
