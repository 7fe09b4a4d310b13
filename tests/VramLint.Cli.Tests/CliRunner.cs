namespace VramLint.Cli.Tests;

/// <summary>Runs the CLI in-process in a private folder, capturing what it prints.</summary>
internal sealed class CliRunner : IDisposable
{
    public CliRunner()
    {
        Folder = Directory.CreateTempSubdirectory("vramlint-cli-").FullName;
    }

    public string Folder { get; }

    public void Write(string relativePath, string text)
    {
        var path = Path.Combine(Folder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    public CliResult Run(params string[] args) => RunIn(Folder, args);

    public CliResult RunIn(string folder, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = CommandLine.Run(args, stdout, stderr, folder);
        return new CliResult(exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs with the given environment variables instead of the process's (HF_ENDPOINT, HF_TOKEN, HF_HUB_CACHE...).</summary>
    public CliResult RunWith(Func<string, string?> environment, params string[] args) => RunWithIn(environment, Folder, args);

    public CliResult RunWithIn(Func<string, string?> environment, string folder, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = CommandLine.Run(args, stdout, stderr, folder, environment);
        return new CliResult(exit, stdout.ToString(), stderr.ToString());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

internal sealed record CliResult(int ExitCode, string Stdout, string Stderr);
