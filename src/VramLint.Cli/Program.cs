using System.Text;

namespace VramLint.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        var workingDirectory = Directory.GetCurrentDirectory();
        if (!Console.IsOutputRedirected)
        {
            // A person watching: each line as soon as it is written.
            return CommandLine.Run(args, Console.Out, Console.Error, workingDirectory);
        }

        // Into a file or a pipe: one 64 KB buffer, written when full and at the end. The console's writer makes a system
        // call for every line (four for a finding with its arithmetic).
        var encoding = Console.OutputEncoding.CodePage == Encoding.UTF8.CodePage ? new UTF8Encoding(false) : Console.OutputEncoding;
        using var stdout = new StreamWriter(Console.OpenStandardOutput(), encoding, 64 * 1024);
        return CommandLine.Run(args, stdout, Console.Error, workingDirectory, Environment.GetEnvironmentVariable, stdoutIsTerminal: false);
    }
}
