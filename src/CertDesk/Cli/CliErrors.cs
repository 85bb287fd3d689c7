namespace CertDesk.Cli;

/// <summary>Input data (a file or JSON) that does not validate: exit code 3, one line per error on stderr.</summary>
public sealed class InvalidInputException(IReadOnlyList<string> errors) : Exception(string.Join(Environment.NewLine, errors))
{
    public InvalidInputException(string error) : this([error])
    {
    }

    public IReadOnlyList<string> Errors { get; } = errors;
}

/// <summary>A malformed argument found after parsing (e.g. a fraction out of range): exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
