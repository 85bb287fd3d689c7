using System.Net;
using System.Text.RegularExpressions;

namespace CertDesk.Features.Mail;

/// <summary>
/// The HTML alternative of a message, made from its text so the two always say the same: paragraphs at blank lines,
/// line breaks kept, every http(s) address a link. Everything else is encoded, so no text becomes markup.
/// </summary>
public static partial class MailHtml
{
    public static string Render(string title, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\r\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
            .Append(WebUtility.HtmlEncode(title))
            .Append("</title></head>\r\n<body style=\"font-family:sans-serif;line-height:1.4\">\r\n");
        var normalized = text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim('\n');
        foreach (var paragraph in normalized.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            html.Append("<p>");
            var lines = paragraph.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                if (i > 0)
                {
                    html.Append("<br>\r\n");
                }
                AppendLine(html, lines[i]);
            }
            html.Append("</p>\r\n");
        }
        return html.Append("</body></html>\r\n").ToString();
    }

    private static void AppendLine(StringBuilder html, string line)
    {
        var at = 0;
        foreach (Match link in Link().Matches(line))
        {
            // A sentence's closing punctuation is not part of the address.
            var address = link.Value.TrimEnd('.', ',', ';', ':', ')', '!', '?');
            html.Append(WebUtility.HtmlEncode(line[at..link.Index]));
            html.Append("<a href=\"").Append(WebUtility.HtmlEncode(address)).Append("\">").Append(WebUtility.HtmlEncode(address)).Append("</a>");
            at = link.Index + address.Length;
        }
        html.Append(WebUtility.HtmlEncode(line[at..]));
    }

    [GeneratedRegex(@"https?://[^\s<>""]+", RegexOptions.CultureInvariant)]
    private static partial Regex Link();
}
