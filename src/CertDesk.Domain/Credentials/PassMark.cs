namespace CertDesk.Domain.Credentials;

/// <summary>An exam score against the pass mark, and the fee of the attempt.</summary>
public static class ExamRules
{
    public static bool IsValidScore(decimal score) => score is >= 0 and <= 100;

    public static bool Passes(decimal score, decimal passMark) => score >= passMark;

    /// <summary>The first attempt costs the exam fee; every later one the retake fee (the exam fee when unknown).</summary>
    public static decimal? FeeOf(int attemptNumber, decimal? examFee, decimal? retakeFee) =>
        attemptNumber <= 1 ? examFee : retakeFee ?? examFee;
}
