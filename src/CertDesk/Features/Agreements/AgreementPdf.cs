using CertDesk.Files;

namespace CertDesk.Features.Agreements;

/// <summary>
/// The signed agreement as a PDF: the document's text, the chain of its signed record (the original and every
/// amendment with what it changed, its signers, times in UTC and hashes), then a certificate page listing the
/// evidence of every signature.
/// </summary>
public static class AgreementPdf
{
    public static byte[] Render(Agreement agreement, VerifyResult check)
    {
        ArgumentNullException.ThrowIfNull(agreement);
        ArgumentNullException.ThrowIfNull(check);
        var inv = CultureInfo.InvariantCulture;
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
        foreach (var s in agreement.Signatures.Where(s => s.RecordSequence == 0).OrderBy(s => s.SignedAt))
        {
            pdf.Paragraph($"Signed electronically by {s.TypedName} ({(s.Role == SignerRole.Employee ? "employee" : "for the company")}) on {s.SignedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", inv)} UTC.", bold: true);
        }
        if (check.Records.Count > 0)
        {
            pdf.Rule();
            pdf.Heading("Chain of the signed record");
            pdf.Small("Each version is a canonical record of every term, hashed (SHA-256), chained to the version before and sealed with a key kept outside the database. Times are UTC.");
            foreach (var r in check.Records)
            {
                pdf.Paragraph(r.Kind == SignedTerms.BackfilledKind ? "Original (version 0, record backfilled after signing; not the original signature)" : r.Sequence == 0 ? "Original (version 0)" : r.Kind == SignedTerms.ClericalKind ? $"Clerical correction {r.Sequence} (approved by a second HR person)" : $"Amendment {r.Sequence}", bold: true);
                pdf.Field("Status", r.Status.Replace('_', ' '));
                pdf.Field("Created", $"{r.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", inv)} UTC by {r.CreatedBy}");
                if (r.Reason is { Length: > 0 } reason)
                {
                    pdf.Field("Reason", reason);
                }
                foreach (var change in r.Changes)
                {
                    pdf.Field("Changes", $"{change.Field}: {change.Signed} -> {change.Now}");
                }
                foreach (var s in r.Signatures)
                {
                    pdf.Field(r.Kind == SignedTerms.ClericalKind ? "Approved by" : "Signed by", $"{s.Signer} ({(s.Role == "employee" ? "employee" : "for the company")}) on {s.SignedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", inv)} UTC");
                }
                pdf.Field("Record SHA-256", r.Sha256);
                pdf.Field("Previous SHA-256", r.PreviousSha256 ?? "none (the original)");
                pdf.Field("Seal", r.Sealed ? $"holds (key {r.SealKeyId})" : "DOES NOT HOLD");
            }
        }

        pdf.NewPage();
        pdf.Heading("Certificate of electronic signature");
        pdf.Field("Agreement", agreement.Id.ToString());
        pdf.Field("Certification", $"{agreement.CertificationCode} {agreement.CertificationName}");
        pdf.Field("Policy", $"{agreement.Policy?.Code} version {agreement.Policy?.VersionNumber}");
        pdf.Field("Employee", $"{agreement.Employee?.FullName} ({agreement.Employee?.EmployeeNumber})");
        pdf.Field("Issued", $"{agreement.IssuedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", inv)} UTC by {agreement.IssuedBy}");
        pdf.Field("Document SHA-256", agreement.DocumentSha256);
        pdf.Field("Verification", check.Intact ? "intact: the document's SHA-256, the sealed record chain and every signature match, and the agreement still holds the signed terms" : "CHANGED: " + string.Join("; ", check.Problems));
        pdf.Field("Status", agreement.Status.ToString());
        foreach (var s in agreement.Signatures.OrderBy(s => s.SignedAt))
        {
            pdf.Rule();
            pdf.Paragraph((s.Role == SignerRole.Employee ? "Employee signature" : "Company countersignature") + (s.RecordSequence > 0 ? $" of amendment {s.RecordSequence}" : ""), bold: true);
            pdf.Field("Signer", $"{s.SignerName} <{s.SignerEmail}>");
            pdf.Field("Typed name", s.TypedName);
            pdf.Field("Signed at", $"{s.SignedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", inv)} UTC");
            pdf.Field("IP address", s.IpAddress);
            pdf.Field("User agent", s.UserAgent);
            pdf.Field("Authentication", s.AuthenticationMethod);
            pdf.Field("Intent", s.IntentStatement);
            pdf.Field("Consent", $"electronic records consent {AgreementDocument.ConsentDisclosureVersion} (record {s.ConsentId})");
            pdf.Field("Signed SHA-256", s.DocumentSha256);
            pdf.Field("Signed record SHA-256", s.RecordSha256 ?? "none");
        }
        pdf.Rule();
        pdf.Small("Verify: recompute the SHA-256 of the agreement's UTF-8 text and of each record (CertDesk: certdesk agreements verify ID, or the Verify action) and compare them with the hashes above; the seals need the key.");
        return pdf.ToBytes();
    }
}
