using System.Text;
using System.Text.RegularExpressions;
using VramLint.Core.Arguments;
using VramLint.Core.Settings;

namespace VramLint.Yaml.Recognizers;

/// <summary>
/// Kubernetes' own expansion of <c>$(VAR)</c> in a container's command and args from the container's <c>env</c>
/// (<c>$$(VAR)</c> escapes it). A reference Kubernetes cannot resolve stays as written, as it does at run time; one
/// that feeds a setting the estimate needs is named.
/// </summary>
internal static class KubernetesEnvironment
{
    private static readonly Regex Reference = new(@"(?<!\$)\$\(([A-Za-z_][A-Za-z0-9_]*)\)", RegexOptions.CultureInvariant);

    private static readonly HashSet<string> Needed = new(StringComparer.Ordinal)
    {
        SettingNames.Model, SettingNames.TensorParallelSize, SettingNames.PipelineParallelSize, SettingNames.DataParallelSize, SettingNames.MaxModelLen,
        SettingNames.MaxNumSeqs, SettingNames.GpuMemoryUtilization, SettingNames.KvCacheDtype, SettingNames.Quantization, SettingNames.Dtype,
    };

    /// <summary>Name to value (located) for literal values; name to null for values from secrets, config maps or fields.</summary>
    public static Dictionary<string, ArgumentToken?> Of(YamlNode container, YamlNodes nodes)
    {
        var env = new Dictionary<string, ArgumentToken?>(StringComparer.Ordinal);
        foreach (var item in YamlNodes.Items(YamlNodes.Child(container, "env")))
        {
            if (YamlNodes.Scalar(YamlNodes.Child(item, "name")) is { } name)
            {
                env[name] = YamlNodes.Child(item, "value") is YamlScalarNode value ? nodes.Token(value) : null;
            }
        }

        return env;
    }

    public static ArgumentToken Expand(ArgumentToken word, IReadOnlyDictionary<string, ArgumentToken?> env)
    {
        var matches = Reference.Matches(word.Text).Cast<Match>().Where(m => env.TryGetValue(m.Groups[1].Value, out var v) && v is not null).ToList();
        if (matches.Count == 0)
        {
            return word;
        }

        if (matches.Count == 1 && matches[0].Length == word.Text.Length)
        {
            var value = env[matches[0].Groups[1].Value]!;
            return new ArgumentToken(value.Text, value.Location, value.RawOffsets);
        }

        int Raw(int i) => word.RawOffsets is { } r ? r[Math.Min(i, r.Count - 1)] : i;
        var text = new StringBuilder();
        var offsets = new List<int>();
        var last = 0;
        foreach (var m in matches)
        {
            for (var i = last; i < m.Index; i++)
            {
                text.Append(word.Text[i]);
                offsets.Add(Raw(i));
            }

            var value = env[m.Groups[1].Value]!.Text;
            text.Append(value);
            offsets.AddRange(Enumerable.Repeat(Raw(m.Index), value.Length));
            last = m.Index + m.Length;
        }

        for (var i = last; i < word.Text.Length; i++)
        {
            text.Append(word.Text[i]);
            offsets.Add(Raw(i));
        }

        offsets.Add(Raw(word.Text.Length));
        return new ArgumentToken(text.ToString(), word.Location, offsets);
    }

    /// <summary>The first needed setting whose value still holds a $(VAR) Kubernetes cannot resolve from the container's env.</summary>
    public static (string Reason, SourceLocation? At)? Unresolved(ParsedArguments parsed, IReadOnlyDictionary<string, ArgumentToken?> env)
    {
        foreach (var occurrence in parsed.Occurrences.Values.Where(o => Needed.Contains(o.Name)))
        {
            if (Reference.Match(occurrence.RawValue ?? "") is { Success: true } m)
            {
                var name = m.Groups[1].Value;
                var why = env.ContainsKey(name) ? "which the container's env takes from a secret, config map or field at run time" : "which the container's env does not set";
                return ($"{occurrence.Name} is $({name}), {why}", occurrence.BestLocation);
            }
        }

        return null;
    }
}
