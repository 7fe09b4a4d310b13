using System.Text.RegularExpressions;
using VramLint.Core.Arguments;

namespace VramLint.Yaml.Recognizers;

/// <summary>
/// docker-compose services running vLLM (vllm-notes 6.2): <c>command</c>/<c>entrypoint</c> as a list, a string or a folded
/// block; <c>${VAR:-default}</c> takes the default and <c>${VAR}</c> is unknown; GPUs from
/// <c>deploy.resources.reservations.devices</c> (<c>count</c> or <c>device_ids</c>) and CUDA_VISIBLE_DEVICES.
/// </summary>
internal sealed class ComposeRecognizer : IYamlRecognizer
{
    private static readonly Regex Variable = new(@"\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)", RegexOptions.CultureInvariant);

    public IEnumerable<YamlDeployment> Find(YamlDocument document, YamlContext context)
    {
        if (YamlNodes.Child(document.RootNode, "services") is not YamlMappingNode services)
        {
            yield break;
        }

        var nodes = context.Nodes;
        var dotEnv = context.Project?.DotEnv(context.Path) ?? new Dictionary<string, Scripts.ShellVariable>();
        string? Interpolate(string value) => ComposeRecognizer.Interpolate(value, dotEnv);

        foreach (var service in services.Children)
        {
            var name = (service.Key as YamlScalarNode)?.Value ?? "service";
            var image = Interpolate(YamlNodes.Scalar(YamlNodes.Child(service.Value, "image")) ?? "") ?? "";
            var entrypoint = YamlNodes.Child(service.Value, "entrypoint");
            var command = YamlNodes.Child(service.Value, "command");
            var vllmImage = VllmImage.IsVllm(image);

            var words = new List<ArgumentToken>();
            var known = Append(words, entrypoint, nodes, Interpolate, dotEnv) & Append(words, command, nodes, Interpolate, dotEnv);
            var parsed = known ? VllmArgumentReader.Read(words) : null;
            if (!vllmImage && parsed?.IsVllmCommand != true)
            {
                continue;
            }

            var deployment = new YamlDeployment($"service '{name}'", nodes.Origin(service.Key), known ? parsed : null) { Extent = nodes.Span(service.Value), Image = image };
            Gpus(service.Value, nodes, deployment);
            deployment.CheckCommandTypes(nodes, ("entrypoint", entrypoint), ("command", command));
            yield return deployment;
        }
    }

    /// <summary>Adds a list's items or a string's words; false when a value is templated or not a string.</summary>
    private static bool Append(List<ArgumentToken> words, YamlNode? node, YamlNodes nodes, Func<string, string?> Interpolate, IReadOnlyDictionary<string, Scripts.ShellVariable> dotEnv)
    {
        switch (node)
        {
            case null:
                return true;
            case YamlScalarNode:
                var split = nodes.Words(node, Interpolate);
                if (split is null)
                {
                    return false;
                }

                words.AddRange(split);
                return true;
            case YamlSequenceNode list:
                foreach (var item in list.Children)
                {
                    if (nodes.Token(item, Interpolate) is not { } token)
                    {
                        return false;
                    }

                    words.Add(Located(item, token, nodes, dotEnv));
                }

                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// An interpolated list item located where its value is written: the default inside <c>${VAR:-default}</c>, or the
    /// line of the <c>.env</c> that sets it, so a finding (and a fix) lands on that value rather than on the whole item.
    /// </summary>
    private static ArgumentToken Located(YamlNode item, ArgumentToken interpolated, YamlNodes nodes, IReadOnlyDictionary<string, Scripts.ShellVariable> dotEnv)
    {
        if (item is not YamlScalarNode { Value: { } value } || value.IndexOf('$') < 0 || value.Contains("$$") || nodes.Token(item) is not { } raw)
        {
            return interpolated;
        }

        var expanded = Scripts.ShellScript.Expand(raw, dotEnv, false, new());
        return expanded.Text == interpolated.Text && raw.Location?.Origin is YamlOrigin { ContentOffset: >= 0 } ? expanded : interpolated;
    }

    private static void Gpus(YamlNode service, YamlNodes nodes, YamlDeployment deployment)
    {
        foreach (var device in YamlNodes.Items(YamlNodes.Child(service, "deploy", "resources", "reservations", "devices")))
        {
            if (YamlNodes.Child(device, "device_ids") is YamlSequenceNode ids)
            {
                deployment.GpuDevices = ids.Children.Select(YamlNodes.Scalar).Where(v => v is not null).Select(v => v!).ToArray();
                deployment.GpuCount = deployment.GpuDevices.Count;
                deployment.GpuCountLocation = new SourceLocation(nodes.Origin(ids));
            }
            else if (YamlNodes.Child(device, "count") is YamlScalarNode count && count.Value != "all")
            {
                deployment.SetGpuCount(nodes, count, "count");
            }
        }

        var environment = YamlNodes.Child(service, "environment");
        var visible = YamlNodes.Scalar(YamlNodes.Child(environment, "CUDA_VISIBLE_DEVICES"))
            ?? YamlNodes.Items(environment).Select(YamlNodes.Scalar).FirstOrDefault(v => v?.StartsWith("CUDA_VISIBLE_DEVICES=", StringComparison.Ordinal) == true)?.Substring("CUDA_VISIBLE_DEVICES=".Length);
        deployment.PinVisibleDevices(visible);
    }

    /// <summary>
    /// Compose interpolation: a variable the <c>.env</c> file sets takes that value; otherwise ${VAR:-default} and
    /// ${VAR-default} give the default; ${VAR} and $VAR are unknown (null). ${VAR:-default} also takes the default for an empty value.
    /// </summary>
    internal static string? Interpolate(string value, IReadOnlyDictionary<string, Scripts.ShellVariable>? dotEnv = null)
    {
        var unknown = false;
        var result = Variable.Replace(value.Replace("$$", "\u0001"), m =>
        {
            var name = m.Groups[1].Success ? m.Groups[1].Value : m.Groups[4].Value;
            if (dotEnv is not null && dotEnv.TryGetValue(name, out var set) && !(set.Value.Length == 0 && m.Groups[2].Value == ":-"))
            {
                return set.Value;
            }

            if (m.Groups[2].Success)
            {
                return m.Groups[3].Value;
            }

            unknown = true;
            return m.Value;
        });
        return unknown ? null : result.Replace("\u0001", "$");
    }
}
