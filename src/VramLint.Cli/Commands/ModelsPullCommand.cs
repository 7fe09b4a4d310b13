using System.Globalization;
using System.Text.RegularExpressions;
using VramLint.Cli.Hub;
using VramLint.Core;

namespace VramLint.Cli.Commands;

/// <summary>
/// <c>vramlint models pull &lt;repo-id&gt;... [--revision R] [--to DIR] [--timeout SECONDS]</c>: writes the facts of models
/// from the Hugging Face Hub into <c>.vramlint/models/&lt;org&gt;/&lt;name&gt;/</c> (design.md section 7) so that every front
/// end sizes them exactly and offline. A command a person runs; no build ever calls it.
/// </summary>
internal static class ModelsPullCommand
{
    public const double DefaultTimeoutSeconds = 30;

    private static readonly Regex RepoId = new("^[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*$", RegexOptions.CultureInvariant);

    public static int Run(CommandArguments arguments, CliContext context)
    {
        var (stdout, stderr, workingDirectory, environment, interactive) = (context.Stdout, context.Stderr, context.WorkingDirectory, context.Environment, context.Interactive);
        if (arguments.Positional.Count == 0)
        {
            throw new UsageException("models pull needs a repository id, e.g. vramlint models pull Qwen/Qwen2.5-7B-Instruct");
        }

        foreach (var repo in arguments.Positional)
        {
            if (!RepoId.IsMatch(repo) || repo.Contains("..", StringComparison.Ordinal))
            {
                throw new UsageException($"'{repo}' is not a Hugging Face repository id: expected org/name, e.g. Qwen/Qwen2.5-7B-Instruct");
            }
        }

        var revision = arguments.Values.TryGetValue("--revision", out var r) && !string.IsNullOrWhiteSpace(r) ? r.Trim() : "main";
        var root = Path.GetFullPath(arguments.Values.TryGetValue("--to", out var to) ? to : Path.Combine(".vramlint", "models"), workingDirectory);
        var timeout = Timeout(arguments.Values.TryGetValue("--timeout", out var t) ? t : null);

        var endpoint = environment("HF_ENDPOINT");
        if (!string.IsNullOrWhiteSpace(endpoint)
            && !(Uri.TryCreate(endpoint.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            throw new UsageException($"HF_ENDPOINT '{endpoint}' is not an http(s) URL, e.g. https://huggingface.co or a mirror's address");
        }

        using var hub = new HubClient(endpoint, environment("HF_TOKEN"), timeout);
        Action<string>? progress = interactive ? step => stderr.Write("\r\u001b[K" + step) : null;
        var puller = new ModelPuller(hub, progress);
        var failed = 0;
        foreach (var repo in arguments.Positional)
        {
            try
            {
                var pulled = puller.Pull(repo, revision, root);
                ClearProgress(stderr, interactive);
                stdout.WriteLine(Summary(pulled, workingDirectory));
            }
            catch (HubException e)
            {
                ClearProgress(stderr, interactive);
                stderr.WriteLine("vramlint: " + e.Message);
                failed++;
            }
        }

        return failed == 0 ? ExitCodes.Ok : ExitCodes.Usage;
    }

    private static TimeSpan Timeout(string? text)
    {
        if (text is null)
        {
            return TimeSpan.FromSeconds(DefaultTimeoutSeconds);
        }

        return double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 && seconds <= 3600
            ? TimeSpan.FromSeconds(seconds)
            : throw new UsageException($"--timeout '{text}' is not valid: expected seconds, e.g. 30");
    }

    /// <summary>"pulled Qwen/Qwen2.5-7B-Instruct at a1b2c3 into .vramlint/models/Qwen/Qwen2.5-7B-Instruct: config.json, vramlint-weights.json (BF16 14.19 GiB)".</summary>
    private static string Summary(PulledModel pulled, string workingDirectory)
    {
        var folder = Path.GetRelativePath(workingDirectory, pulled.Folder).Replace('\\', '/');
        var weights = pulled.BytesByDtype is { } bytes
            ? " (" + string.Join(", ", bytes.Select(b => $"{b.Key} {Size(b.Value)}")) + ")"
            : "; no safetensors checkpoint, so no vramlint-weights.json";
        return $"pulled {pulled.Repo} at {pulled.Revision} into {folder}: {string.Join(", ", pulled.Files)}{weights}";
    }

    /// <summary>2.00 GiB, 21.5 MiB, 16384 bytes: enough digits to compare with the Hub's file sizes.</summary>
    internal static string Size(long bytes) =>
        bytes >= 1L << 30 ? Numbers.F2(Numbers.ToGiB(bytes)) + " GiB"
        : bytes >= 1L << 20 ? Numbers.F1(bytes / 1048576.0) + " MiB"
        : Numbers.Int(bytes) + " bytes";

    private static void ClearProgress(TextWriter stderr, bool interactive)
    {
        if (interactive)
        {
            stderr.Write("\r\u001b[K");
        }
    }
}
