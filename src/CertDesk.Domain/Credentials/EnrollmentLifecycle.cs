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
}

/// <summary>
/// Which stage may follow which. Forward one step at a time; an exam can be postponed (exam scheduled back to in
/// progress) and a failed exam retaken (failed to exam scheduled); anything not finished can be withdrawn.
/// Passed and withdrawn are final.
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
    };

    public static IReadOnlyList<EnrollmentStatus> Next(EnrollmentStatus from) => s_next[from];

    public static bool IsFinal(EnrollmentStatus status) => s_next[status].Length == 0;

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

    /// <summary>The contract's snake_case name: planned, approved, enrolled, in_progress, exam_scheduled, passed, failed, withdrawn.</summary>
    public static string Name(EnrollmentStatus status) => status switch
    {
        EnrollmentStatus.InProgress => "in_progress",
        EnrollmentStatus.ExamScheduled => "exam_scheduled",
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
