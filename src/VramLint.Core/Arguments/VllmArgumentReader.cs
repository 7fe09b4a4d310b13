using System.Globalization;
using System.Text.RegularExpressions;
using VramLint.Core.Diagnostics;
using VramLint.Core.Json;
using VramLint.Core.Settings;

namespace VramLint.Core.Arguments;

/// <summary>
/// Reads vLLM command lines as vLLM's own parser does (vllm-notes section 1): <c>--flag value</c>, <c>--flag=value</c>,
/// dashes or underscores, short aliases, <c>--no-</c> booleans, last occurrence wins, human-readable integers, and the
/// command shapes of <see cref="CommandLocator"/>. Values vLLM would reject or silently ignore become VRAM007 findings at the value.
/// </summary>
public static class VllmArgumentReader
{

    public static ParsedArguments Read(IReadOnlyList<ArgumentToken> tokens)
    {
        var located = CommandLocator.Locate(tokens ?? Array.Empty<ArgumentToken>());
        var state = new ReadState();
        state.ReadArguments(located.Arguments, located.ModelIsPositional);
        return state.Finish(located.IsVllm || state.HasEngineFlag) with
        {
            GpuCount = located.GpuCount,
            GpuCountLocation = located.GpuToken?.Location,
        };
    }

    /// <summary>
    /// Reads a vLLM <c>--config</c> file's top-level entries, then the command line that loads it: the file's
    /// arguments come first, so the command line wins (vLLM: CLI &gt; file &gt; defaults).
    /// </summary>
    public static ParsedArguments ReadConfigFile(IEnumerable<ConfigEntry> entries, IReadOnlyList<ArgumentToken>? commandLine = null)
    {
        var state = new ReadState();
        var fileTokens = new List<ArgumentToken>();
        foreach (var entry in entries)
        {
            var flag = new ArgumentToken("--" + entry.Key, entry.KeyLocation);
            switch (entry.Kind)
            {
                case ConfigValueKind.False:
                    state.Problem(
                        VllmFlags.Canonical(entry.Key),
                        entry.ValueLocation ?? entry.KeyLocation,
                        $"'{entry.Key}: false' is ignored: vLLM drops false values from config files, so the setting keeps its default; "
                        + $"write 'no-{entry.Key.TrimStart('-')}: true' to turn it off",
                        invalidates: false);
                    break;
                case ConfigValueKind.True:
                    fileTokens.Add(flag);
                    break;
                case ConfigValueKind.List:
                    fileTokens.Add(flag);
                    fileTokens.AddRange(entry.Items);
                    break;
                default:
                    fileTokens.Add(flag);
                    fileTokens.Add(new ArgumentToken(entry.Value ?? "", entry.ValueLocation));
                    break;
            }
        }

        state.ReadArguments(fileTokens, modelIsPositional: false);
        var located = commandLine is null ? null : CommandLocator.Locate(commandLine);
        if (located is not null)
        {
            state.ReadArguments(located.Arguments, located.ModelIsPositional);
        }

        return state.Finish(isVllm: true) with { GpuCount = located?.GpuCount, GpuCountLocation = located?.GpuToken?.Location };
    }

    /// <summary>Parses vLLM's human-readable integer: 32k = 32000, 32K = 32768, 1.5k = 1500; decimals only with lower case.</summary>
    public static bool TryParseHumanInt(string text, out long value)
    {
        // ASCII digits, an optional fraction, an optional unit letter (k m g t: powers of 1000; K M G T: of 1024). Read by
        // hand: it runs for every size a deployment states, and a regular expression is interpreted under NativeAOT.
        value = 0;
        var t = text.Trim();
        var end = DigitsFrom(t, 0);
        if (end == 0)
        {
            return false;
        }

        var hasFraction = end < t.Length && t[end] == '.';
        if (hasFraction)
        {
            var fractionEnd = DigitsFrom(t, end + 1);
            if (fractionEnd == end + 1)
            {
                return false;
            }

            end = fractionEnd;
        }

        var suffix = end < t.Length ? t.Substring(end) : "";
        if (suffix.Length > 1 || (suffix.Length == 1 && "kmgtKMGT".IndexOf(suffix[0]) < 0))
        {
            return false;
        }

        var number = double.Parse(t.Substring(0, end), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        if (suffix.Length == 1 && char.IsUpper(suffix[0]) && hasFraction)
        {
            return false;
        }

        var exponent = suffix.ToLowerInvariant() switch { "k" => 1, "m" => 2, "g" => 3, "t" => 4, _ => 0 };
        var unit = suffix.Length == 1 && char.IsUpper(suffix[0]) ? Math.Pow(1024, exponent) : Math.Pow(1000, exponent);
        var result = number * unit;
        if (result > long.MaxValue / 2 || Math.Floor(result) != result)
        {
            return false;
        }

        value = (long)result;
        return true;
    }

    /// <summary>The index after the ASCII digits that start at <paramref name="start"/>.</summary>
    private static int DigitsFrom(string text, int start)
    {
        var i = start;
        while (i < text.Length && text[i] is >= '0' and <= '9')
        {
            i++;
        }

        return i;
    }

    private sealed class ReadState
    {
        private readonly Dictionary<string, SettingOccurrence> occurrences = new(StringComparer.Ordinal);
        private readonly Dictionary<string, object> values = new(StringComparer.Ordinal);
        private readonly List<Finding> problems = new();
        private readonly HashSet<string> invalid = new(StringComparer.Ordinal);

        /// <summary>Dotted --limit-mm-per-prompt.image 0 items, merged over the JSON form in <see cref="Build"/>.</summary>
        private readonly Dictionary<string, int> dottedLimits = new(StringComparer.OrdinalIgnoreCase);
        private SettingOccurrence? positionalModel;

        public bool HasEngineFlag { get; private set; }

        public void Problem(string setting, SourceLocation? location, string message, bool invalidates = true)
        {
            problems.Add(new Finding(DiagnosticIds.InvalidValue, message, setting, location));
            if (invalidates)
            {
                invalid.Add(setting);
            }
        }

        public void ReadArguments(IReadOnlyList<ArgumentToken> args, bool modelIsPositional)
        {
            var positionalTaken = !modelIsPositional;
            for (var i = 0; i < args.Count; i++)
            {
                var token = args[i];
                var text = token.Text;
                if (!IsFlag(text))
                {
                    if (!positionalTaken && text.Length > 0)
                    {
                        positionalTaken = true;
                        positionalModel = new SettingOccurrence(SettingNames.Model, "", token, text, token.Slice(0, text.Length), inlineValue: false);
                    }

                    continue;
                }

                i = ReadFlag(args, i);
            }
        }

        /// <summary>Reads the flag at <paramref name="i"/> and its value; returns the index of the last token it used.</summary>
        private int ReadFlag(IReadOnlyList<ArgumentToken> args, int i)
        {
            var token = args[i];
            var text = token.Text;
            string written;
            string? inline = null;
            var valueStart = -1;

            if (text.StartsWith("-O", StringComparison.Ordinal) && text.Length > 2 && char.IsDigit(text[2]))
            {
                written = "-O";
                inline = text.Substring(2);
                valueStart = 2;
            }
            else
            {
                var eq = text.IndexOf('=');
                written = eq > 0 ? text.Substring(0, eq) : text;
                if (eq > 0)
                {
                    inline = text.Substring(eq + 1);
                    valueStart = eq + 1;
                }
            }

            var name = VllmFlags.Canonical(written);
            HasEngineFlag |= VllmFlags.IsEngineFlag(name);

            if (VllmFlags.Removed.TryGetValue(name, out var removed))
            {
                Problem(name, token.Location, $"'{written}' is not a vLLM option any more ({removed.Advice}): vLLM stops with 'unrecognized arguments'", invalidates: false);
                var takesNext = removed.TakesValue && inline is null && HasValueAt(args, i + 1);
                if (name == "task" && (inline ?? (takesNext ? args[i + 1].Text : null)) is { } task)
                {
                    // Releases before the removal read it: --task embed / score / classify runs the pooling runner.
                    values[name] = task;
                }

                return takesNext ? i + 1 : i;
            }

            var flag = VllmFlags.Find(name);
            if (flag is null && name.StartsWith("no-", StringComparison.Ordinal) && VllmFlags.Find(name.Substring(3)) is { Kind: FlagKind.Bool } negated)
            {
                Record(negated.Name, written, token, null, null, false);
                values[negated.Name] = false;
                return i;
            }

            if (flag is null && written.StartsWith("-", StringComparison.Ordinal) && !VllmFlags.IsKnown(name))
            {
                // vLLM's parser rejects what it does not know; a typo must not silently drop a setting the verdict needs.
                var suggestion = VllmFlags.Suggest(name);
                Problem(
                    name,
                    token.Location,
                    $"'{written}' is not a vLLM option{(suggestion is null ? ";" : $": did you mean --{suggestion}?")} vLLM would stop with 'unrecognized arguments'",
                    invalidates: false);
            }

            if (flag is null && VllmFlags.IsSwitch(name))
            {
                // A switch vLLM knows (e.g. --enable-sleep-mode): it takes no value, so the next word is not its value.
                Record(name, written, token, null, null, inline is not null);
                return i;
            }

            if (flag is { Kind: FlagKind.Bool })
            {
                if (inline is not null)
                {
                    Problem(flag.Name, token.Slice(valueStart, inline.Length), $"'{written}' takes no value ('{inline}' given): vLLM rejects it; write '{written}' or '--no-{flag.Name}'");
                    return i;
                }

                Record(flag.Name, written, token, null, null, false);
                values[flag.Name] = true;
                return i;
            }

            if (flag is { Kind: FlagKind.TextList })
            {
                // nargs='+': argparse takes every following word up to the next option.
                var words = new List<string>();
                var end = i;
                if (inline is not null)
                {
                    words.Add(inline);
                }

                while (inline is null && end + 1 < args.Count && !IsFlag(args[end + 1].Text))
                {
                    end++;
                    words.Add(args[end].Text);
                }

                if (words.Count == 0)
                {
                    Problem(flag.Name, token.Location, $"'{written}' needs at least one value");
                    return i;
                }

                var first = inline is not null ? token.Slice(valueStart, inline.Length) : args[i + 1].Slice(0, args[i + 1].Text.Length);
                Record(flag.Name, written, token, string.Join(" ", words), first, inline is not null);
                values[flag.Name] = words;
                return end;
            }

            if (flag is { Kind: FlagKind.IntList })
            {
                var items = new List<(string Text, SourceLocation? Location)>();
                if (inline is not null)
                {
                    items.Add((inline, token.Slice(valueStart, inline.Length)));
                }

                var j = i;
                while (inline is null && j + 1 < args.Count && !IsFlag(args[j + 1].Text))
                {
                    j++;
                    items.Add((args[j].Text, args[j].Slice(0, args[j].Text.Length)));
                }

                if (items.Count == 0)
                {
                    Problem(flag.Name, token.Location, $"'{written}' needs at least one value");
                    return i;
                }

                Record(flag.Name, written, token, string.Join(" ", items.Select(x => x.Text)), items[0].Location, inline is not null);
                var sizes = new List<int>();
                foreach (var (itemText, location) in items)
                {
                    if (int.TryParse(itemText, NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size >= 1)
                    {
                        sizes.Add(size);
                    }
                    else
                    {
                        Problem(flag.Name, location, $"'{written} {itemText}' is not valid: expected whole numbers of at least 1");
                    }
                }

                values[flag.Name] = sizes;
                return j;
            }

            // Options with a value (known or not): inline, else the next word unless it is another option.
            string? value = inline;
            SourceLocation? valueLocation = inline is null ? null : token.Slice(valueStart, inline.Length);
            var last = i;
            if (value is null)
            {
                if (HasValueAt(args, i + 1))
                {
                    last = i + 1;
                    value = args[last].Text;
                    valueLocation = args[last].Slice(0, value.Length);
                }
                else if (flag is not null)
                {
                    Problem(flag.Name, token.Location, $"'{written}' needs a value");
                    return i;
                }
            }

            Record(name, written, token, value, valueLocation, inline is not null);
            if (flag is not null && value is not null)
            {
                Convert(flag, written, value, valueLocation);
            }
            else if (value is not null && name.StartsWith("compilation-config.", StringComparison.Ordinal))
            {
                CompilationOverride(name.Substring("compilation-config.".Length), value);
            }
            else if (value is not null && name.StartsWith("limit-mm-per-prompt.", StringComparison.Ordinal))
            {
                DottedLimit(name, written, value, valueLocation ?? token.Location);
            }

            return last;
        }

        private void Convert(VllmFlag flag, string written, string value, SourceLocation? location)
        {
            var name = flag.Name;
            string Quote() => $"'{written} {ValueRanges.Shorten(value)}'";
            switch (flag.Kind)
            {
                case FlagKind.PositiveInt:
                case FlagKind.NonNegativeInt:
                    var min = flag.Kind == FlagKind.PositiveInt ? 1 : 0;
                    var maxLevel = name == "optimization-level" ? 3 : ValueRanges.MaxOf(name) ?? int.MaxValue;
                    if (!ValueRanges.TryParseWhole(value, out var number))
                    {
                        Problem(name, location, $"{Quote()} is not valid: expected a whole number{(min == 1 ? " of at least 1" : "")}");
                    }
                    else if (number < min || number > maxLevel)
                    {
                        var range = maxLevel == int.MaxValue ? (min == 1 ? "at least 1" : "0 or more") : $"{min} to {Numbers.Int(maxLevel)}";
                        Problem(name, location, $"{Quote()} is out of range: {name} must be {range}");
                    }
                    else
                    {
                        values[name] = (int)number;
                    }

                    break;

                case FlagKind.HumanInt:
                    if (name == SettingNames.MaxModelLen && (value == "auto" || value == "-1"))
                    {
                        values[name] = "auto";
                        break;
                    }

                    if (TryParseHumanInt(value, out var amount) && amount > (ValueRanges.MaxOf(name) ?? int.MaxValue))
                    {
                        Problem(name, location, $"{Quote()} is out of range: {name} must be 1 to {Numbers.Int(ValueRanges.MaxOf(name) ?? int.MaxValue)}");
                        break;
                    }

                    if (!TryParseHumanInt(value, out amount) || amount < 1 || (name != SettingNames.KvCacheMemoryBytes && amount > int.MaxValue))
                    {
                        var expected = name == SettingNames.KvCacheMemoryBytes
                            ? "a number of bytes such as 8589934592, 8G or 8g"
                            : "a whole number of tokens such as 32768, 32K (= 32768) or 32k (= 32000)" + (name == SettingNames.MaxModelLen ? ", or auto" : "");
                        Problem(name, location, $"{Quote()} is not valid: expected {expected}");
                        break;
                    }

                    values[name] = amount;
                    var suffix = value.Trim();
                    if (name != SettingNames.KvCacheMemoryBytes && suffix.EndsWith("k", StringComparison.Ordinal))
                    {
                        TryParseHumanInt(suffix.Substring(0, suffix.Length - 1) + "K", out var binary);
                        Problem(
                            name,
                            location,
                            $"{Quote()} means {amount} tokens: vLLM reads a lower-case k as 1000; write {suffix.Substring(0, suffix.Length - 1)}K for {binary}, or {amount} to make the decimal size explicit",
                            invalidates: false);
                    }

                    break;

                case FlagKind.Fraction:
                    if (!ValueRanges.TryParseFinite(value, out var fraction))
                    {
                        Problem(name, location, $"{Quote()} is not valid: expected a fraction of GPU memory greater than 0 and at most 1, such as 0.9");
                    }
                    else if (fraction <= 0 || fraction > 1)
                    {
                        Problem(name, location, $"{Quote()} is out of range: {name} must be greater than 0 and at most 1");
                    }
                    else
                    {
                        values[name] = fraction;
                    }

                    break;

                case FlagKind.NonNegativeNumber:
                    if (!ValueRanges.TryParseFinite(value, out var size) || size < 0)
                    {
                        Problem(name, location, $"{Quote()} is not valid: expected a number, 0 or more (GiB)");
                    }
                    else if (size > ValueRanges.MaxHostMemoryGiB)
                    {
                        Problem(name, location, $"{Quote()} is out of range: {name} must be 0 to {Numbers.Int((long)ValueRanges.MaxHostMemoryGiB)} (GiB)");
                    }
                    else
                    {
                        values[name] = size;
                    }

                    break;

                case FlagKind.Choice:
                    var known = flag.Choices!.Contains(value) || (name == SettingNames.KvCacheDtype && value.StartsWith("turboquant_", StringComparison.Ordinal));
                    if (!known)
                    {
                        Problem(name, location, $"{Quote()} is not valid: unknown {name}; expected one of {string.Join(", ", flag.Choices!.Take(12))}{(flag.Choices!.Count > 12 ? ", ..." : "")}");
                    }
                    else
                    {
                        values[name] = value;
                    }

                    break;

                case FlagKind.Json:
                    if (name == "limit-mm-per-prompt" && MultimodalLimits.FromPairs(value) is { } pairs)
                    {
                        // Releases before 0.10 took image=2,video=0.
                        values[name] = pairs;
                    }
                    else if (!JsonNode.TryParse(value, out var json, out var error) || json is not JsonObject)
                    {
                        Problem(name, location, $"{Quote()} is not valid: expected a JSON object ({error ?? "not an object"})");
                    }
                    else
                    {
                        values[name] = json;
                    }

                    break;

                default:
                    values[name] = value;
                    break;
            }
        }

        /// <summary>vLLM's dotted form of a JSON option: --limit-mm-per-prompt.image 0 sets one modality's count.</summary>
        private void DottedLimit(string name, string written, string value, SourceLocation? location)
        {
            var modality = name.Substring("limit-mm-per-prompt.".Length);
            if (modality.Length > 0 && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                dottedLimits[modality] = count;
            }
            else
            {
                Problem("limit-mm-per-prompt", location, $"'{written} {ValueRanges.Shorten(value)}' is not valid: expected a whole number of items");
            }
        }

        private void CompilationOverride(string key, string value)
        {
            switch (key.Replace('-', '_'))
            {
                case "cudagraph_mode":
                    values["cudagraph-mode"] = value;
                    break;
                case "max_cudagraph_capture_size" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n):
                    values["max-cudagraph-capture-size"] = n;
                    break;
            }
        }

        private void Record(string name, string written, ArgumentToken token, string? value, SourceLocation? valueLocation, bool inline)
        {
            var occurrence = new SettingOccurrence(name, written, token, value, valueLocation, inline);
            occurrences[name] = occurrence;
            invalid.Remove(name);
            values.Remove(name);
        }

        public ParsedArguments Finish(bool isVllm)
        {
            // The positional model wins over --model (vLLM moves --model to the positional slot, positional first).
            if (positionalModel is not null)
            {
                occurrences[SettingNames.Model] = positionalModel;
                values[SettingNames.Model] = positionalModel.RawValue!;
            }

            var settings = Build();
            return new ParsedArguments(settings, occurrences, problems, isVllm, invalid.ToArray());
        }

        private DeploymentSettings Build()
        {
            // Each option through its entry of the typed settings table (VllmFlags); what no single option sets stays here:
            // a dotted -O.cudagraph_mode override, the --task of older releases, and --hf-overrides kept as written.
            var settings = VllmFlags.Settings(values);
            if (dottedLimits.Count > 0)
            {
                settings = settings with { LimitMmPerPrompt = MultimodalLimits.Overridden(settings.LimitMmPerPrompt, dottedLimits) };
            }

            return settings with
            {
                CudagraphMode = (values.TryGetValue("cudagraph-mode", out var mode) ? mode as string : null) ?? settings.CudagraphMode,
                Task = values.TryGetValue("task", out var task) ? task as string : null,
                HfOverrides = values.TryGetValue("hf-overrides", out var hf) && hf is JsonNode ? occurrences["hf-overrides"].RawValue : null,
            };
        }

        /// <summary>An option, not a negative number ("-1" is a value).</summary>
        private static bool IsFlag(string text) => text.Length > 1 && text[0] == '-' && text[1] is not (>= '0' and <= '9');

        /// <summary>A value may follow: a plain word or a negative number ("-1" for max-model-len auto, "-3" to be reported).</summary>
        private static bool HasValueAt(IReadOnlyList<ArgumentToken> args, int index) => index < args.Count && !IsFlag(args[index].Text);
    }
}
