using System.ComponentModel.DataAnnotations;

namespace CertDesk.Features.Enrollments;

/// <summary>Settings of follow-through (section "Follow"): files, pass mark, reminder offsets and the scheduler.</summary>
public sealed class FollowOptions
{
    [Range(1024, 100L * 1024 * 1024)]
    public long MaxEvidenceBytes { get; set; } = 5L * 1024 * 1024;

    [Range(0, 100)]
    public decimal DefaultPassMark { get; set; } = 70;

    /// <summary>Days before a deadline to remind the person.</summary>
    public int[] DeadlineOffsets { get; set; } = [30, 7];

    /// <summary>Days before a scheduled exam.</summary>
    public int[] ExamOffsets { get; set; } = [7, 1];

    /// <summary>Days before a credential expires.</summary>
    public int[] ExpiryOffsets { get; set; } = [90, 60, 30];

    /// <summary>Days before a renewal window ends with hours still short.</summary>
    public int[] RenewalShortOffsets { get; set; } = [90, 30];

    /// <summary>Days before a check-in is due.</summary>
    public int[] CheckInOffsets { get; set; } = [3, 0];

    public bool SchedulerEnabled { get; set; } = true;

    [Range(1, 86400)]
    public int SchedulerIntervalSeconds { get; set; } = 300;

    /// <summary>A claim older than this with nothing sent was left by a node that stopped: another node takes it over.</summary>
    [Range(1, 1440)]
    public int ClaimLeaseMinutes { get; set; } = 10;
}
