using System.Net;
using System.Security.Cryptography;
using CertDesk.Features.TuitionPolicies;

namespace CertDesk.Features.Agreements;

/// <summary>Renders an agreement from a policy version and the employee's data, and hashes its exact UTF-8 bytes.</summary>
public static class AgreementDocument
{
    public const string ConsentDisclosureVersion = "esign-2026-1";

    public const string ConsentDisclosure =
        "You agree to receive and sign this agreement electronically. You may instead ask HR for a paper copy and a paper " +
        "signature at no cost; you may withdraw this consent at any time by telling HR, after which documents come on paper. " +
        "Consent covers tuition agreements and their notices. You need a current web browser and the ability to open PDF files; " +
        "keep your e-mail address up to date with HR. You can download a copy of every signed agreement from CertDesk.";

    public const string IntentStatement = "By typing my full name and checking the box, I sign this agreement electronically and intend to be bound by it.";

    public static string Sha256(string document) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(document)));

    public static string Render(TuitionPolicy policy, Employee employee, string certificationCode, string certificationName, decimal funded, DateTimeOffset issuedAt,
        Domain.Repayment.JurisdictionRule? jurisdiction = null)
    {
        static string E(string text) => WebUtility.HtmlEncode(text);
        var inv = CultureInfo.InvariantCulture;
        var tiers = PolicyService.TierBands(policy.Tiers);
        var repayment = policy.Proration switch
        {
            Domain.Repayment.Proration.Monthly => "the funded amount multiplied by the whole months of the commitment not yet served, divided by the commitment months",
            Domain.Repayment.Proration.Daily => "the funded amount multiplied by the days of the commitment not yet served, divided by the commitment's days",
            _ => string.Join("; ", tiers.Select(t => string.Create(inv, $"{t.Percent:0.##}% if I leave after {t.From} and before {t.Until} whole months of service"))),
        };
        var completion = policy.CompletionStandard == CompletionStandard.Pass
            ? "pass the certification exam"
            : $"complete the program with a grade of {policy.MinimumGrade} or better";
        var sb = new StringBuilder();
        sb.Append("<article class=\"agreement\">\n");
        sb.Append(inv, $"<h1>Tuition assistance and service agreement</h1>\n");
        sb.Append(inv, $"<p>Policy {E(policy.Code)} version {policy.VersionNumber}: {E(policy.Name)}. Issued {issuedAt.UtcDateTime:yyyy-MM-dd} (UTC).</p>\n");
        sb.Append(inv, $"<p>Employee: {E(employee.FullName)} (employee id {E(employee.EmployeeNumber)}, {E(employee.Email)}), {E(employee.Title)}, hired {employee.HireDate:yyyy-MM-dd}.</p>\n");
        sb.Append(inv, $"<p>Certification: {E(certificationCode)} {E(certificationName)}. The company funds {funded:0.00} USD of: {E(policy.FundedItems.Replace(",", ", ", StringComparison.Ordinal))}.</p>\n");
        sb.Append(inv, $"<p>1. Completion. I will {completion} within {policy.CompletionDeadlineMonths} months of this agreement.</p>\n");
        sb.Append(inv, $"<p>2. Service commitment. I will remain employed for {policy.CommitmentMonths} months from the date of {(policy.CommitmentStart == CommitmentStart.Completion ? "completion" : "payment")}.</p>\n");
        sb.Append(inv, $"<p>3. Repayment. If my employment ends for one of these reasons: {E(policy.TriggeringReasons.Replace(",", ", ", StringComparison.Ordinal))}, before the commitment is served, I will repay {E(repayment)}. ");
        sb.Append(inv, $"If I do not complete the program, I will repay {policy.NotCompletedPercent:0.##}% of the funded amount. Nothing is owed when employment ends because of: {E(policy.ExemptReasons.Replace(",", ", ", StringComparison.Ordinal))}. Repayment is interest-free.</p>\n");
        sb.Append(inv, $"<p>4. Deductions. To the extent the law allows, I authorize repayment by payroll deduction, including from final pay, in installments the company schedules.</p>\n");
        sb.Append(inv, $"<p>5. Taxes. Up to {policy.TaxFreeAnnualLimit:0.00} USD per calendar year of educational assistance is excluded from my income under the company's written plan (IRC section 127); any excess is reported as taxable wages unless it qualifies as a working-condition fringe benefit.</p>\n");
        sb.Append(inv, $"<p>6. Electronic signature. The parties agree to sign electronically; an electronic signature has the same effect as a handwritten one.</p>\n");
        if (jurisdiction is not null)
        {
            var issued = DateOnly.FromDateTime(issuedAt.UtcDateTime);
            sb.Append(inv, $"<p>7. {E(jurisdiction.Name)}. This agreement is separate from my employment contract. ");
            if (jurisdiction.CounselBusinessDays is { } days)
            {
                sb.Append(inv, $"I have {days} business days to consult a lawyer before signing; I can sign from {jurisdiction.SignableFrom(issued):yyyy-MM-dd}. ");
            }
            if (jurisdiction.RepaymentOnlyAfter is { } only)
            {
                sb.Append(inv, $"Repayment is owed only after {E(Domain.Repayment.Jurisdictions.Describe(only))}. ");
            }
            sb.Append("</p>\n");
        }
        sb.Append("</article>\n");
        return sb.ToString();
    }

    /// <summary>The document as plain paragraphs (for the PDF and e-mail).</summary>
    public static IEnumerable<string> Paragraphs(string document)
    {
        foreach (var line in document.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var text = System.Text.RegularExpressions.Regex.Replace(line, "<[^>]+>", "", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1)).Trim();
            if (text.Length > 0)
            {
                yield return WebUtility.HtmlDecode(text);
            }
        }
    }
}
