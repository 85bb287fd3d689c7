using CertDesk.Features.Agreements;
using CertDesk.Features.Repayments;
using CertDesk.Features.TuitionPolicies;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace CertDesk.Data;

/// <summary>Thrown when a save would change a record that may never change again (a published policy, a signed document, evidence).</summary>
public sealed class SealedRecordException(string message) : InvalidOperationException(message);

/// <summary>
/// The last line of defence for immutability, below every service: SaveChanges refuses to modify or delete a
/// published policy version, the signed text of an agreement, signature evidence and ledger entries.
/// </summary>
public static class SealedRecords
{
    /// <summary>What may still change on an agreement after the employee signed: its lifecycle, never its content.</summary>
    private static readonly HashSet<string> s_agreementLifecycle = new(StringComparer.Ordinal)
    {
        nameof(Agreement.Status), nameof(Agreement.CountersignedAt), nameof(Agreement.SupersededById),
        nameof(Agreement.LastReminderAt), nameof(Agreement.RemindersSent), nameof(Agreement.CompletedOn),
        nameof(Agreement.PaidOn), nameof(Agreement.Version),
    };

    /// <summary>What an amendment signed by both parties may change on the agreement row (in the same save as its last signature).</summary>
    private static readonly HashSet<string> s_amendable = new(StringComparer.Ordinal)
    {
        nameof(Agreement.FundedAmount), nameof(Agreement.CertificationCode), nameof(Agreement.CertificationName),
        nameof(Agreement.TaxTreatment), nameof(Agreement.PolicyId),
    };

    /// <summary>What may change on a signed record: its signing status, never its content.</summary>
    private static readonly HashSet<string> s_recordSigning = new(StringComparer.Ordinal)
    {
        nameof(AgreementRecord.Status), nameof(AgreementRecord.EmployeeSignedAt), nameof(AgreementRecord.CompanySignedAt),
    };

    public static void Guard(CertDeskDbContext db)
    {
        if (db.Audit.Restoring)
        {
            return;
        }
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }
            switch (entry.Entity)
            {
                case TuitionPolicy policy when (PolicyStatus)entry.OriginalValues[nameof(TuitionPolicy.Status)]! == PolicyStatus.Published:
                    throw new SealedRecordException($"policy {policy.Code} version {policy.VersionNumber} is published and cannot be changed; create a new version");
                case Agreement agreement when entry.OriginalValues[nameof(Agreement.EmployeeSignedAt)] is not null:
                    if (entry.State == EntityState.Deleted)
                    {
                        throw new SealedRecordException($"agreement {agreement.Id} is signed and cannot be deleted");
                    }
                    var amended = AmendmentSignedNow(db, agreement.Id);
                    var changed = ModifiedProperties(entry).Where(p => !s_agreementLifecycle.Contains(p) && !(amended && s_amendable.Contains(p))).ToList();
                    if (changed.Count > 0)
                    {
                        throw new SealedRecordException($"agreement {agreement.Id} is signed and cannot be edited ({string.Join(", ", changed)}); amend it (both parties sign) or supersede it instead");
                    }
                    break;
                case AgreementRecord record:
                    if (entry.State == EntityState.Deleted || ModifiedProperties(entry).Any(p => !s_recordSigning.Contains(p)))
                    {
                        throw new SealedRecordException($"signed record {record.Sequence} of agreement {record.AgreementId} cannot be changed or deleted; amend the agreement instead");
                    }
                    break;
                case AgreementSignature:
                    throw new SealedRecordException("signature evidence cannot be changed or deleted");
                case RepaymentEntry:
                    throw new SealedRecordException("ledger entries cannot be changed or deleted; record a correcting entry");
                case ElectronicConsent when entry.State == EntityState.Deleted || ModifiedProperties(entry).Any(p => p != nameof(ElectronicConsent.WithdrawnAt)):
                    throw new SealedRecordException("a consent record cannot be changed; it can only be withdrawn");
            }
        }
    }

    /// <summary>Whether this save completes an amendment of the agreement (its record moves to signed by both).</summary>
    private static bool AmendmentSignedNow(CertDeskDbContext db, Guid agreementId) => db.ChangeTracker.Entries<AgreementRecord>().Any(r =>
        r.State == EntityState.Modified && r.Entity.AgreementId == agreementId && r.Entity.Sequence > 0
        && r.Entity.Status == RecordStatus.Signed && (RecordStatus)r.OriginalValues[nameof(AgreementRecord.Status)]! != RecordStatus.Signed);

    private static IEnumerable<string> ModifiedProperties(EntityEntry entry) =>
        entry.Properties.Where(p => p.IsModified && !Equals(p.OriginalValue, p.CurrentValue)).Select(p => p.Metadata.Name);
}
