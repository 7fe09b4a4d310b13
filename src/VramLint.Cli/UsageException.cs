namespace VramLint.Cli;

/// <summary>Bad usage or unusable input: printed as one clear line, exit code 2, never a stack trace.</summary>
public sealed class UsageException : Exception
{
    public UsageException(string message)
        : base(message)
    {
    }
}
