using System.Diagnostics;
using System.Text;

namespace VramLint.EndToEnd.Tests;

/// <summary>Runs the real SDK (or a tool it installed) the way a user would, isolated from long-lived build servers.</summary>
public static class Dotnet
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(4);

    public static (int Exit, string Output) Run(string folder, params string[] args) => RunProgram(folder, "dotnet", args);

    public static (int Exit, string Output) RunProgram(string folder, string program, params string[] args)
    {
        using var process = Process.Start(StartInfo(folder, program, args))!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(Limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(" ", args)} did not finish within {Limit}:\n{output}");
        }

        process.WaitForExit();
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }

    /// <summary>Runs a program and returns its standard output and error apart, exactly as written (for byte comparisons).</summary>
    public static (int Exit, string Stdout, string Stderr) Capture(string folder, string program, params string[] args)
    {
        using var process = Process.Start(StartInfo(folder, program, args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(" ", args)} did not finish within {Limit}");
        }

        process.WaitForExit();
        return (process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    private static ProcessStartInfo StartInfo(string folder, string program, string[] args)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Build servers would keep an older VramLint loaded; every build gets fresh processes.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["UseSharedCompilation"] = "false";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return start;
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
