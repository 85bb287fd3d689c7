using System.Security.Cryptography;
using CertDesk.Domain.Credentials;
using CertDesk.Features.ActionPlans;
using CertDesk.Features.Credentials;

namespace CertDesk.Features.Enrollments;

/// <summary>
/// What a passed exam issues, in the attempt's unit of work: the credential (the certification body's, whatever the
/// tuition policy's standard) and its 30/60/90-day action plan; and, when the enrollment completed, the start of the
/// service commitment of the person's tuition agreement.
/// </summary>
public sealed class CredentialIssuance(CertDeskDbContext db, IExpenseFunding expenseFunding)
{
    /// <summary>Adds the credential and its action plan (saved with the attempt); <paramref name="startsCommitment"/> when the completion rules are met.</summary>
    public async Task<Credential> IssueAsync(Enrollment enrollment, DateOnly passedOn, bool startsCommitment, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(enrollment);
        var credential = new Credential
        {
            Number = NewCredentialNumber(passedOn),
            EmployeeId = enrollment.EmployeeId,
            CertificationId = enrollment.CertificationId,
            EnrollmentId = enrollment.Id,
            IssuedOn = passedOn,
            ExpiresOn = CredentialDates.Expiry(passedOn, enrollment.Certification!.ValidityMonths),
        };
        db.Credentials.Add(credential);
        db.ActionPlans.Add(ActionPlanService.NewPlan(enrollment.EmployeeId, enrollment.CertificationId, credential.Id, passedOn));
        if (startsCommitment)
        {
            // The credential earned starts the service commitment of the person's tuition agreement (never typed by hand).
            await expenseFunding.CredentialEarnedAsync(enrollment.EmployeeId, enrollment.CertificationId, passedOn, ct);
        }
        return credential;
    }

    /// <summary>"CD-2026-" and eight characters from an alphabet without look-alikes (no 0/O, 1/I).</summary>
    public static string NewCredentialNumber(DateOnly issued)
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return string.Create(CultureInfo.InvariantCulture, $"CD-{issued.Year}-{RandomNumberGenerator.GetString(alphabet, 8)}");
    }
}
