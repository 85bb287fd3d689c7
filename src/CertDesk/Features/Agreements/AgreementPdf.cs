using System.Globalization;
using CertDesk.Files;

namespace CertDesk.Features.Agreements;

/// <summary>The signed agreement as a PDF: the document's text, then a certificate page listing the evidence of every signature.</summary>
public static class AgreementPdf
{
    public static byte[] Render(Agreement agreement)
    {
        var inv = CultureInfo.InvariantCulture;
        var check = AgreementService.Verify(agreement);
        using var pdf = new PdfText($"Tuition agreement {agreement.Id}");
        foreach (var (paragraph, i) in AgreementDocument.Paragraphs(agreement.Document).Select((p, i) => (p, i)))
        {
            if (i == 0)
            {
                pdf.Heading(paragraph);
            }
            else
            {
                pdf.Paragraph(paragraph);
            }
        }
        pdf.Rule();
        foreach (var s in agreement.Signatures.OrderBy(s => s.SignedAt))
        {
            pdf.Paragraph($"Signed electronically by {s.TypedName} ({(s.Role == SignerRole.Employee ? "employee" : "for the company")}) on {s.SignedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", inv)} UTC.", bold: true);
        }

        pdf.NewPage();
        pdf.Heading("Certificate of electronic signature");
        pdf.Field("Agreement", agreement.Id.ToString());
        pdf.Field("Certification", $"{agreement.CertificationCode} {agreement.CertificationName}");
        pdf.Field("Policy", $"{agreement.Policy?.Code} version {agreement.Policy?.VersionNumber}");
        pdf.Field("Employee", $"{agreement.Employee?.FullName} ({agreement.Employee?.EmployeeNumber})");
        pdf.Field("Issued", $"{agreement.IssuedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", inv)} UTC by {agreement.IssuedBy}");
        pdf.Field("Document SHA-256", agreement.DocumentSha256);
        pdf.Field("Verification", check.Intact ? "intact: the document's SHA-256 matches the recorded hash and every signature" : "CHANGED: " + string.Join("; ", check.Problems));
        pdf.Field("Status", agreement.Status.ToString());
        foreach (var s in agreement.Signatures.OrderBy(s => s.SignedAt))
        {
            pdf.Rule();
            pdf.Paragraph(s.Role == SignerRole.Employee ? "Employee signature" : "Company countersignature", bold: true);
            pdf.Field("Signer", $"{s.SignerName} <{s.SignerEmail}>");
            pdf.Field("Typed name", s.TypedName);
            pdf.Field("Signed at", $"{s.SignedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", inv)} UTC");
            pdf.Field("IP address", s.IpAddress);
            pdf.Field("User agent", s.UserAgent);
            pdf.Field("Authentication", s.AuthenticationMethod);
            pdf.Field("Intent", s.IntentStatement);
            pdf.Field("Consent", $"electronic records consent {AgreementDocument.ConsentDisclosureVersion} (record {s.ConsentId})");
            pdf.Field("Signed SHA-256", s.DocumentSha256);
        }
        pdf.Rule();
        pdf.Small("Verify: recompute the SHA-256 of the agreement's UTF-8 text (CertDesk: certdesk agreements verify ID, or the Verify action) and compare it with the hashes above.");
        return pdf.ToBytes();
    }
}
