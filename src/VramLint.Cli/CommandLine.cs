using VramLint.Cli.Commands;

namespace VramLint.Cli;

/// <summary>Dispatches the vramlint commands; every failure becomes a message and an exit code.</summary>
public static class CommandLine
{
    public const string Usage = """
        vramlint: check that vLLM deployments fit their GPUs

        usage:
          vramlint estimate [options] -- <vllm serve arguments>
          vramlint plan --model MODEL [options]
          vramlint check [--format text|json|sarif] PATH...
          vramlint fix [--dry-run] PATH...
          vramlint explain FILE...
          vramlint report --html OUT PATH...
          vramlint models pull REPO-ID... [--revision R] [--to DIR] [--timeout SECONDS]
          vramlint models show ID
          vramlint models list
          vramlint help

        options:
          --gpu NAME            a GPU from the catalog (RTX 4090, L4, A100-80GB, H100-80GB, ...)
          --gpu-memory SIZE     memory per GPU (24GiB, 80GB, 24576MiB; a bare number is GiB)
          --gpu-count N         GPUs available to the deployment
          --gpus-per-node N     GPUs per node (multi-node clusters)
          --estimator NAME      vllm (default) or blog (the seed method)
          --vllm-version X.Y    the vLLM release the deployment runs (defaults moved in 0.21)
          --format FORMAT       text (default) or json

        models pull writes config.json, the quantization config and vramlint-weights.json (bytes per
        dtype from the safetensors headers) to .vramlint/models/ORG/NAME; it reads HF_ENDPOINT, HF_TOKEN
        and HTTPS_PROXY/HTTP_PROXY. Builds never call it.

        Configuration keys are also read from .globalconfig/.editorconfig files in the current
        folder and above (vramlint.gpu, vramlint.gpu_memory, vramlint.gpu_count, ...); flags win.

        exit codes: 0 no error, 1 at least one error-severity finding, 2 bad usage or input
        """;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, string workingDirectory) =>
        Run(args, stdout, stderr, workingDirectory, Environment.GetEnvironmentVariable);

    /// <param name="environment">Environment variables (HF_ENDPOINT, HF_TOKEN, HF_HUB_CACHE, HF_HOME); tests pass their own.</param>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, string workingDirectory, Func<string, string?> environment)
    {
        try
        {
            if (args.Length == 0 || args[0] is "help" or "--help" or "-h")
            {
                (args.Length == 0 ? stderr : stdout).WriteLine(Usage);
                return args.Length == 0 ? ExitCodes.Usage : ExitCodes.Ok;
            }

            var rest = args.Skip(1).ToArray();
            return args[0] switch
            {
                "estimate" => EstimateCommand.Run(rest, stdout, workingDirectory),
                "plan" => PlanCommand.Run(rest, stdout, workingDirectory),
                "check" => CheckCommand.Run(rest, stdout, workingDirectory),
                "fix" => FixCommand.Run(rest, stdout, workingDirectory),
                "explain" => ExplainCommand.Run(rest, stdout, workingDirectory),
                "report" => ReportCommand.Run(rest, stdout, workingDirectory),
                "models" => Models(rest, stdout, stderr, workingDirectory, environment),
                "--version" or "version" => Version(stdout),
                _ => throw new UsageException($"unknown command '{args[0]}'; run 'vramlint help'"),
            };
        }
        catch (UsageException e)
        {
            stderr.WriteLine("vramlint: " + e.Message);
            return ExitCodes.Usage;
        }
        catch (IOException e)
        {
            stderr.WriteLine("vramlint: " + e.Message);
            return ExitCodes.Usage;
        }
        catch (UnauthorizedAccessException e)
        {
            stderr.WriteLine("vramlint: " + e.Message);
            return ExitCodes.Usage;
        }
        catch (Exception e)
        {
            // A bug of ours: still one line, never a stack trace in a user's terminal or CI log.
            stderr.WriteLine($"vramlint: internal error ({e.GetType().Name}: {e.Message}); please report it");
            return ExitCodes.Usage;
        }
    }

    private static int Models(string[] args, TextWriter stdout, TextWriter stderr, string workingDirectory, Func<string, string?> environment)
    {
        var rest = args.Skip(1).ToArray();
        return args.FirstOrDefault() switch
        {
            // Progress only for a person watching a terminal: never in CI logs, pipes or tests.
            "pull" => ModelsPullCommand.Run(rest, stdout, stderr, workingDirectory, environment, interactive: ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected),
            "show" => ModelsShowCommand.Run(rest, stdout, workingDirectory, environment),
            "list" => ModelsListCommand.Run(rest, stdout),
            null => throw new UsageException("models needs a verb: pull, show or list"),
            var verb => throw new UsageException($"unknown models verb '{verb}': expected pull, show or list"),
        };
    }

    private static int Version(TextWriter stdout)
    {
        var version = typeof(CommandLine).Assembly.GetName().Version;
        stdout.WriteLine("vramlint " + (version?.ToString(3) ?? "0.0.0"));
        return ExitCodes.Ok;
    }
}
