namespace VramLint.Cli.Hub;

/// <summary>A repository that could not be pulled: one line that says what failed and what to do about it.</summary>
public sealed class HubException : Exception
{
    public HubException(string message)
        : base(message)
    {
    }
}
