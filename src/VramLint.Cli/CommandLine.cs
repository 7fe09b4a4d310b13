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
          vramlint help

        options:
          --gpu NAME            a GPU from the catalog (RTX 4090, L4, A100-80GB, H100-80GB, ...)
          --gpu-memory SIZE     memory per GPU (24GiB, 80GB, 24576MiB; a bare number is GiB)
          --gpu-count N         GPUs available to the deployment
          --gpus-per-node N     GPUs per node (multi-node clusters)
          --estimator NAME      vllm (default) or blog (the seed method)
          --vllm-version X.Y    the vLLM release the deployment runs (defaults moved in 0.21)
          --format FORMAT       text (default) or json

        Configuration keys are also read from .globalconfig/.editorconfig files in the current
        folder and above (vramlint.gpu, vramlint.gpu_memory, vramlint.gpu_count, ...); flags win.

        exit codes: 0 no error, 1 at least one error-severity finding, 2 bad usage or input
        """;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, string workingDirectory)
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

    private static int Version(TextWriter stdout)
    {
        var version = typeof(CommandLine).Assembly.GetName().Version;
        stdout.WriteLine("vramlint " + (version?.ToString(3) ?? "0.0.0"));
        return ExitCodes.Ok;
    }
}
