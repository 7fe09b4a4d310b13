namespace VramLint.Cli.Commands;

/// <summary>The options of <c>vramlint estimate</c> and the vLLM words after <c>--</c>.</summary>
internal sealed class EstimateArguments
{
    /// <summary>CLI flag to configuration key: flags override .globalconfig values.</summary>
    private static readonly Dictionary<string, string> FlagKeys = new(StringComparer.Ordinal)
    {
        ["--gpu"] = Core.Configuration.ConfigKeys.Gpu,
        ["--gpu-memory"] = Core.Configuration.ConfigKeys.GpuMemory,
        ["--gpu-count"] = Core.Configuration.ConfigKeys.GpuCount,
        ["--gpus-per-node"] = Core.Configuration.ConfigKeys.GpusPerNode,
        ["--estimator"] = Core.Configuration.ConfigKeys.Estimator,
        ["--vllm-version"] = Core.Configuration.ConfigKeys.VllmVersion,
    };

    public Dictionary<string, string> Overrides { get; } = new(StringComparer.Ordinal);

    /// <summary>Which flag set each overridden key, for messages.</summary>
    public Dictionary<string, string> OverrideFlags { get; } = new(StringComparer.Ordinal);

    public string Format { get; private set; } = "text";

    public List<string> VllmWords { get; } = new();

    public static EstimateArguments Parse(IReadOnlyList<string> args)
    {
        var result = new EstimateArguments();
        var i = 0;
        for (; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                i++;
                break;
            }

            var (flag, inline) = SplitInline(arg);
            if (flag == "--format")
            {
                var value = inline ?? TakeValue(args, ref i, flag);
                if (value is not ("text" or "json"))
                {
                    throw new UsageException($"--format '{value}' is not supported: expected text or json");
                }

                result.Format = value;
            }
            else if (FlagKeys.TryGetValue(flag, out var key))
            {
                result.Overrides[key] = inline ?? TakeValue(args, ref i, flag);
                result.OverrideFlags[key] = flag;
            }
            else if (arg.StartsWith("-", StringComparison.Ordinal))
            {
                throw new UsageException($"unknown option '{arg}' for estimate; vLLM arguments go after '--' (run 'vramlint help')");
            }
            else
            {
                // Tolerate a missing "--" when the vLLM command starts plainly: vramlint estimate serve MODEL ...
                break;
            }
        }

        for (; i < args.Count; i++)
        {
            result.VllmWords.Add(args[i]);
        }

        if (result.VllmWords.Count == 0)
        {
            throw new UsageException("no vLLM arguments: write them after '--', e.g. vramlint estimate --gpu L4 -- serve Qwen/Qwen2.5-7B-Instruct --max-model-len 8192");
        }

        return result;
    }

    private static (string Flag, string? Inline) SplitInline(string arg)
    {
        var eq = arg.IndexOf('=');
        return arg.StartsWith("--", StringComparison.Ordinal) && eq > 2 ? (arg.Substring(0, eq), arg.Substring(eq + 1)) : (arg, null);
    }

    private static string TakeValue(IReadOnlyList<string> args, ref int i, string flag)
    {
        if (i + 1 >= args.Count || args[i + 1] == "--")
        {
            throw new UsageException($"{flag} needs a value");
        }

        i++;
        return args[i];
    }
}
