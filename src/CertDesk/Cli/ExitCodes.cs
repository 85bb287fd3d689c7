namespace CertDesk.Cli;

/// <summary>The exit codes of the public contract.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int BadUsage = 2;
    public const int InvalidInput = 3;
}
