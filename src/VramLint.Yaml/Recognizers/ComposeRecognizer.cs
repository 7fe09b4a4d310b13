using System.Text.RegularExpressions;
using VramLint.Core.Arguments;
using YamlDotNet.RepresentationModel;

namespace VramLint.Yaml.Recognizers;

/// <summary>
/// docker-compose services running vLLM (vllm-notes 6.2): <c>command</c>/<c>entrypoint</c> as a list, a string or a folded
/// block; <c>${VAR:-default}</c> takes the default and <c>${VAR}</c> is unknown; GPUs from
/// <c>deploy.resources.reservations.devices</c> (<c>count</c> or <c>device_ids</c>) and CUDA_VISIBLE_DEVICES.
/// </summary>
internal static class ComposeRecognizer
{
    private static readonly Regex Variable = new(@"\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)", RegexOptions.CultureInvariant);

    public static IEnumerable<YamlDeployment> Find(YamlDocument document, YamlNodes nodes)
    {
        if (YamlNodes.Child(document.RootNode, "services") is not YamlMappingNode services)
        {
            yield break;
        }

        foreach (var service in services.Children)
        {
            var name = (service.Key as YamlScalarNode)?.Value ?? "service";
            var image = Interpolate(YamlNodes.Scalar(YamlNodes.Child(service.Value, "image")) ?? "") ?? "";
            var entrypoint = YamlNodes.Child(service.Value, "entrypoint");
            var command = YamlNodes.Child(service.Value, "command");
            var vllmImage = image.IndexOf("vllm", StringComparison.OrdinalIgnoreCase) >= 0;

            var words = new List<ArgumentToken>();
            var known = Append(words, entrypoint, nodes) & Append(words, command, nodes);
            var parsed = known ? VllmArgumentReader.Read(words) : null;
            if (!vllmImage && parsed?.IsVllmCommand != true)
            {
                continue;
            }

            var deployment = new YamlDeployment($"service '{name}'", nodes.Origin(service.Key), known ? parsed : null) { Image = image };
            Gpus(service.Value, nodes, deployment);
            deployment.CheckCommandTypes(nodes, ("entrypoint", entrypoint), ("command", command));
            yield return deployment;
        }
    }

    /// <summary>Adds a list's items or a string's words; false when a value is templated or not a string.</summary>
    private static bool Append(List<ArgumentToken> words, YamlNode? node, YamlNodes nodes)
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

                    words.Add(token);
                }

                return true;
            default:
                return false;
        }
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
            else if (YamlNodes.Child(device, "count") is YamlScalarNode count && int.TryParse(count.Value, out var n) && n > 0)
            {
                deployment.GpuCount = n;
                deployment.GpuCountLocation = nodes.Token(count)?.Location;
            }
        }

        var environment = YamlNodes.Child(service, "environment");
        var visible = YamlNodes.Scalar(YamlNodes.Child(environment, "CUDA_VISIBLE_DEVICES"))
            ?? YamlNodes.Items(environment).Select(YamlNodes.Scalar).FirstOrDefault(v => v?.StartsWith("CUDA_VISIBLE_DEVICES=", StringComparison.Ordinal) == true)?.Substring("CUDA_VISIBLE_DEVICES=".Length);
        if (visible is not null && GpuRequest.Devices("device=" + visible) is { } devices)
        {
            deployment.GpuDevices = devices;
            deployment.GpuCount ??= devices.Count;
        }
    }

    /// <summary>Compose interpolation: ${VAR:-default} and ${VAR-default} give the default; ${VAR} and $VAR are unknown (null).</summary>
    internal static string? Interpolate(string value)
    {
        var unknown = false;
        var result = Variable.Replace(value.Replace("$$", "\u0001"), m =>
        {
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
