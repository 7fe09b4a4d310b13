using VramLint.Core.Configuration;

namespace VramLint.Cli.Commands;

/// <summary>
/// The options the commands share (GPU capacity, estimator, format) plus each command's own: flags override the
/// configuration keys of <see cref="ConfigKeys"/>; everything after <c>--</c> (or the first plain word) is positional.
/// </summary>
internal sealed class CommandArguments
{
    /// <summary>CLI flag to configuration key: flags override .globalconfig values.</summary>
    private static readonly Dictionary<string, string> FlagKeys = new(StringComparer.Ordinal)
    {
        ["--gpu"] = ConfigKeys.Gpu,
        ["--gpu-memory"] = ConfigKeys.GpuMemory,
        ["--gpu-count"] = ConfigKeys.GpuCount,
        ["--gpus-per-node"] = ConfigKeys.GpusPerNode,
        ["--estimator"] = ConfigKeys.Estimator,
        ["--vllm-version"] = ConfigKeys.VllmVersion,
    };

    public Dictionary<string, string> Overrides { get; } = new(StringComparer.Ordinal);

    /// <summary>Which flag set each overridden key, for messages.</summary>
    public Dictionary<string, string> OverrideFlags { get; } = new(StringComparer.Ordinal);

    /// <summary>Values of the command's own flags (e.g. --model for plan).</summary>
    public Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Switches { get; } = new(StringComparer.Ordinal);

    public string Format { get; private set; } = "text";

    public List<string> Positional { get; } = new();

    /// <param name="command">The command name, for messages.</param>
    /// <param name="formats">The formats the command supports; the first is the default.</param>
    /// <param name="valueFlags">The command's own flags that take a value.</param>
    /// <param name="switches">The command's own flags that take none.</param>
    /// <param name="plainWordsEndOptions">True when the first plain word starts the positional part (estimate's vLLM words).</param>
    public static CommandArguments Parse(
        string command,
        IReadOnlyList<string> args,
        IReadOnlyList<string> formats,
        IReadOnlyCollection<string>? valueFlags = null,
        IReadOnlyCollection<string>? switches = null,
        bool plainWordsEndOptions = false)
    {
        var result = new CommandArguments { Format = formats[0] };
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
                if (!formats.Contains(value))
                {
                    throw new UsageException($"--format '{value}' is not supported by {command}: expected {string.Join(", ", formats)}");
                }

                result.Format = value;
            }
            else if (FlagKeys.TryGetValue(flag, out var key))
            {
                result.Overrides[key] = inline ?? TakeValue(args, ref i, flag);
                result.OverrideFlags[key] = flag;
            }
            else if (valueFlags?.Contains(flag) == true)
            {
                result.Values[flag] = inline ?? TakeValue(args, ref i, flag);
            }
            else if (switches?.Contains(arg) == true)
            {
                result.Switches.Add(arg);
            }
            else if (arg.StartsWith("-", StringComparison.Ordinal) && arg != "-")
            {
                throw new UsageException($"unknown option '{arg}' for {command} (run 'vramlint help')");
            }
            else if (plainWordsEndOptions)
            {
                break;
            }
            else
            {
                result.Positional.Add(arg);
            }
        }

        for (; i < args.Count; i++)
        {
            result.Positional.Add(args[i]);
        }

        return result;
    }

    /// <summary>
    /// The options these flags and the configuration files give. A flag's unusable value is a usage error (exit code 2);
    /// a configuration file's stays in <see cref="VramLintOptions.Problems"/>, located at the file, line and column, for
    /// the command to report as a VRAM007 finding like any other.
    /// </summary>
    public VramLintOptions Options(ConfigFiles config)
    {
        // A GPU named on the command line replaces the configured one whole: --gpu must not lose to a configured gpu_memory.
        var gpuFromFlags = Overrides.ContainsKey(ConfigKeys.Gpu) || Overrides.ContainsKey(ConfigKeys.GpuMemory);
        var options = VramLintOptions.FromLookup(
            key => Overrides.TryGetValue(key, out var value) ? value
                : gpuFromFlags && key is ConfigKeys.Gpu or ConfigKeys.GpuMemory ? null
                : config.Get(key),
            key => new Core.Arguments.SourceLocation(OverrideFlags.TryGetValue(key, out var flag) ? flag : config.Value(key)));
        var flagProblems = options.Problems.Where(p => p.Location?.Origin is string).ToList();
        if (flagProblems.Count > 0)
        {
            throw new UsageException(string.Join(
                Environment.NewLine + "vramlint: ",
                flagProblems.Select(p => p.Location!.Origin + ": " + p.Message)));
        }

        return options;
    }

    /// <summary>The configuration files' unusable values as VRAM007 findings whose message starts with "file(line,col): ".</summary>
    public static IReadOnlyList<Core.Diagnostics.Finding> ConfigProblems(VramLintOptions options) =>
        options.Problems
            .Select(p => p.Location?.Origin is AnalyzerConfigValue at
                ? new Core.Diagnostics.Finding(p.Id, $"{at.FilePath}({at.Line},{at.Column}): {p.Message}", p.Setting, p.Location)
                : p)
            .ToList();

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
