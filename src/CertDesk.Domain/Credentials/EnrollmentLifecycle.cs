namespace CertDesk.Domain.Credentials;

/// <summary>The stages of an enrollment (product.md capability 7).</summary>
public enum EnrollmentStatus
{
    Planned,
    Approved,
    Enrolled,
    InProgress,
    ExamScheduled,
    Passed,
    Failed,
    Withdrawn,

    /// <summary>
    /// Final: the completion rules were not met (the deadline passed, the final exam attempt failed or the grade was below
    /// the standard). Set by the rules as the event happens, never chosen by hand.
    /// </summary>
    NotCompleted,
}

/// <summary>
/// Which stage may follow which. Forward one step at a time; an exam can be postponed (exam scheduled back to in
/// progress) and a failed exam retaken (failed to exam scheduled); anything not finished can be withdrawn.
/// Passed, withdrawn and not completed are final; not completed is reached only through the completion rules.
/// </summary>
public static class EnrollmentLifecycle
{
    private static readonly Dictionary<EnrollmentStatus, EnrollmentStatus[]> s_next = new()
    {
        [EnrollmentStatus.Planned] = [EnrollmentStatus.Approved, EnrollmentStatus.Withdrawn],
        [EnrollmentStatus.Approved] = [EnrollmentStatus.Enrolled, EnrollmentStatus.Withdrawn],
        [EnrollmentStatus.Enrolled] = [EnrollmentStatus.InProgress, EnrollmentStatus.Withdrawn],
        [EnrollmentStatus.InProgress] = [EnrollmentStatus.ExamScheduled, EnrollmentStatus.Withdrawn],
        [EnrollmentStatus.ExamScheduled] = [EnrollmentStatus.Passed, EnrollmentStatus.Failed, EnrollmentStatus.InProgress, EnrollmentStatus.Withdrawn],
        [EnrollmentStatus.Failed] = [EnrollmentStatus.ExamScheduled, EnrollmentStatus.Withdrawn],
        [EnrollmentStatus.Passed] = [],
        [EnrollmentStatus.Withdrawn] = [],
        [EnrollmentStatus.NotCompleted] = [],
    };

    public static IReadOnlyList<EnrollmentStatus> Next(EnrollmentStatus from) => s_next[from];

    public static bool IsFinal(EnrollmentStatus status) => s_next[status].Length == 0;

    /// <summary>Still running: not passed, withdrawn or not completed (a failed exam may still be retaken).</summary>
    public static bool IsOpen(EnrollmentStatus status) => !IsFinal(status);

    /// <summary>Null when the move is allowed, else why not (shown to the person as is).</summary>
    public static string? WhyNot(EnrollmentStatus from, EnrollmentStatus to)
    {
        if (from == to)
        {
            return $"the enrollment is already {Name(from)}";
        }
        if (IsFinal(from))
        {
            return $"the enrollment is {Name(from)}: that is final";
        }
        if (!s_next[from].Contains(to))
        {
            return $"{Name(from)} cannot move to {Name(to)}; next can be {string.Join(" or ", s_next[from].Select(Name))}";
        }
        return null;
    }

    /// <summary>Whether an exam attempt may be recorded at this stage: only once the exam was scheduled.</summary>
    public static bool AcceptsExamAttempt(EnrollmentStatus status) => status == EnrollmentStatus.ExamScheduled;

    /// <summary>Whether study hours may be logged: from enrollment until the exam is decided.</summary>
    public static bool AcceptsStudy(EnrollmentStatus status) =>
        status is EnrollmentStatus.Enrolled or EnrollmentStatus.InProgress or EnrollmentStatus.ExamScheduled or EnrollmentStatus.Failed;

    /// <summary>The contract's snake_case name: planned, approved, enrolled, in_progress, exam_scheduled, passed, failed, withdrawn, not_completed.</summary>
    public static string Name(EnrollmentStatus status) => status switch
    {
        EnrollmentStatus.InProgress => "in_progress",
        EnrollmentStatus.ExamScheduled => "exam_scheduled",
        EnrollmentStatus.NotCompleted => "not_completed",
        _ => status.ToString().ToLowerInvariant(),
    };

    public static bool TryParse(string? text, out EnrollmentStatus status)
    {
        foreach (var candidate in Enum.GetValues<EnrollmentStatus>())
        {
            if (string.Equals(Name(candidate), (text ?? "").Trim().Replace(' ', '_').Replace('-', '_'), StringComparison.OrdinalIgnoreCase))
            {
                status = candidate;
                return true;
            }
        }
        status = default;
        return false;
    }
}
