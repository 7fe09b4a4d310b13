namespace VramLint.Cli;

/// <summary>Dispatches the vramlint commands. (Work in progress.)</summary>
public static class CommandLine
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, string workingDirectory)
    {
        stderr.WriteLine("vramlint: not implemented yet");
        return 2;
    }
}
