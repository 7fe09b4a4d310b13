using VramLint.Core.Configuration;

namespace VramLint.Cli.Commands;

/// <summary>
/// What a verb was given, as <see cref="CommandTree"/> read it: the sizing flags, which override the configuration keys
/// of <see cref="ConfigKeys"/>, the verb's own options and switches, the output format and the positional words.
/// </summary>
internal sealed class CommandArguments
{
    public CommandArguments(string format) => Format = format;

    public Dictionary<string, string> Overrides { get; } = new(StringComparer.Ordinal);

    /// <summary>Which flag set each overridden key, for messages.</summary>
    public Dictionary<string, string> OverrideFlags { get; } = new(StringComparer.Ordinal);

    /// <summary>Values of the command's own flags (e.g. --model for plan).</summary>
    public Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Switches { get; } = new(StringComparer.Ordinal);

    /// <summary>The output format chosen (one the verb supports).</summary>
    public string Format { get; }

    public List<string> Positional { get; } = new();

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
}
