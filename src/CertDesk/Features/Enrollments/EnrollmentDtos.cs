namespace CertDesk.Features.Enrollments;

public sealed record EnrollmentInput(Guid? EmployeeId, Guid? CertificationId, string? Origin, DateOnly? PlannedStart, DateOnly? Deadline, decimal? PassMark, decimal? MinimumScore);

public sealed record EnrollmentUpdate(DateOnly? PlannedStart, DateOnly? Deadline, decimal? PassMark, decimal? MinimumScore);

public sealed record TransitionInput(string? To, string? Note, DateOnly? ExamDate);

public sealed record StudyInput(DateOnly? On, decimal? Hours, string? Note);

public sealed record AttemptInput(DateOnly? TakenOn, decimal? Score);

/// <summary>An expense (a payment under the tuition agreement for tuition and materials); <c>currency</c>, when given, must be USD like every agreement.</summary>
/// <summary>The multipart form of an expense as the API description declares it; the handler reads the form itself (to check the receipt's bytes).</summary>
public sealed record ExpenseFormInput(string? Category, decimal? Amount, DateOnly? IncurredOn, string? Note, string? Currency, IFormFile? Receipt);

public sealed record ExpenseInput(string? Category, decimal? Amount, DateOnly? IncurredOn, string? Note, string? Currency = null);

/// <summary>Approve or reject; <c>override_reason</c> pays an expense past its agreement's limits (audited).</summary>
public sealed record ExpenseDecision(string? Decision, string? OverrideReason = null);

public sealed record TransitionDto(string? From, string To, DateTimeOffset At, string Actor, string Note);

public sealed record StudyDto(Guid Id, DateOnly On, decimal Hours, string Note, string LoggedBy);

public sealed record ExpenseDto(Guid Id, string Category, decimal Amount, DateOnly IncurredOn, string Note, string State, string SubmittedBy, string? DecidedBy, Guid? ReceiptId, string? ReceiptName, string? ReceiptType, long? ReceiptBytes, string? ReceiptSha256, int Version,
    Guid? AgreementId = null, string? OverrideReason = null);

public sealed record AttemptDto(Guid Id, int Number, DateOnly TakenOn, decimal Score, decimal PassMark, bool Passed, decimal? Fee);

public sealed record CompletionDto(string State, IReadOnlyList<string> Reasons, string RulesFrom, DateOnly? Deadline, bool RequirePass, decimal? MinimumScore);

public sealed record EnrollmentDto(
    Guid Id, Guid EmployeeId, string EmployeeNumber, string EmployeeName, Guid CertificationId, string CertificationCode, string CertificationName,
    string Status, IReadOnlyList<string> NextStatuses, string Origin, DateOnly? PlannedStart, DateOnly? Deadline, DateOnly? ExamDate, decimal PassMark, decimal? MinimumScore,
    decimal StudyHours, decimal ApprovedExpenses, decimal ExamFees, decimal StudyTimeCost, decimal RealCost, CompletionDto Completion, Guid? CredentialId,
    IReadOnlyList<TransitionDto> Transitions, IReadOnlyList<StudyDto> Study, IReadOnlyList<ExpenseDto> Expenses, IReadOnlyList<AttemptDto> Attempts, int Version);
