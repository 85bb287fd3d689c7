using CertDesk.Features.Agreements;
using CertDesk.Features.Repayments;
using CertDesk.Features.TuitionPolicies;
using Microsoft.EntityFrameworkCore;
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
                    var changed = ModifiedProperties(entry).Where(p => !s_agreementLifecycle.Contains(p)).ToList();
                    if (changed.Count > 0)
                    {
                        throw new SealedRecordException($"agreement {agreement.Id} is signed and cannot be edited ({string.Join(", ", changed)}); supersede it instead");
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

    private static IEnumerable<string> ModifiedProperties(EntityEntry entry) =>
        entry.Properties.Where(p => p.IsModified && !Equals(p.OriginalValue, p.CurrentValue)).Select(p => p.Metadata.Name);
}
