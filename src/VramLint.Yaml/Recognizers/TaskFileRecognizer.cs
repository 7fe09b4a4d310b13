using System.Globalization;
using VramLint.Core.Arguments;
using VramLint.Yaml.Scripts;

namespace VramLint.Yaml.Recognizers;

/// <summary>
/// Cloud task files that run a script: dstack (<c>type: service|task</c>, <c>commands:</c>, <c>env:</c>,
/// <c>resources.gpu</c>, <c>$DSTACK_GPUS_NUM</c>; <c>replicas:</c> groups each with their own) and SkyPilot (<c>run:</c>,
/// <c>envs:</c>, <c>resources.accelerators</c>, <c>num_nodes</c>, <c>$SKYPILOT_NUM_GPUS_PER_NODE</c>). Each vLLM launch in the
/// script is a deployment on the GPUs the file requests.
/// </summary>
internal sealed class TaskFileRecognizer : IYamlRecognizer
{
    public IEnumerable<YamlDeployment> Find(YamlDocument document, YamlContext context)
    {
        var nodes = context.Nodes;
        var root = document.RootNode;
        var type = YamlNodes.Scalar(YamlNodes.Child(root, "type"));
        if (type is "service" or "task" or "dev-environment" && (YamlNodes.Child(root, "commands") is not null || YamlNodes.Child(root, "replicas") is YamlSequenceNode))
        {
            var name = YamlNodes.Scalar(YamlNodes.Child(root, "name")) ?? "?";
            var groups = YamlNodes.Child(root, "replicas") is YamlSequenceNode replicas ? replicas.Children.ToList() : new List<YamlNode> { root };
            foreach (var group in groups)
            {
                var gpu = GpuNode(YamlNodes.Child(group, "resources", "gpu") ?? YamlNodes.Child(root, "resources", "gpu"), nodes);
                var env = Environment(YamlNodes.Child(root, "env"), nodes);
                foreach (var pair in Environment(YamlNodes.Child(group, "env"), nodes))
                {
                    env[pair.Key] = pair.Value;
                }

                if (gpu.Spec?.Count is { } count)
                {
                    env["DSTACK_GPUS_NUM"] = new ShellVariable(count.ToString(CultureInfo.InvariantCulture), gpu.CountAt);
                }

                foreach (var command in YamlNodes.Items(YamlNodes.Child(group, "commands")))
                {
                    foreach (var deployment in Launches(command, nodes, env, $"dstack {type} '{name}'", gpu))
                    {
                        yield return deployment;
                    }
                }
            }
        }
        else if (YamlNodes.Child(root, "run") is YamlScalarNode run && (YamlNodes.Child(root, "resources") is not null || YamlNodes.Child(root, "envs") is not null || YamlNodes.Child(root, "setup") is not null))
        {
            var resources = YamlNodes.Child(root, "resources");
            var gpu = GpuNode(YamlNodes.Child(resources, "accelerators"), nodes);
            var env = Environment(YamlNodes.Child(root, "envs"), nodes);
            var nodesCount = int.TryParse(YamlNodes.Scalar(YamlNodes.Child(root, "num_nodes")), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 1;
            if (gpu.Spec?.Count is { } perNode)
            {
                env["SKYPILOT_NUM_GPUS_PER_NODE"] = new ShellVariable(perNode.ToString(CultureInfo.InvariantCulture), gpu.CountAt);
                gpu = gpu with { Spec = gpu.Spec with { Count = perNode * nodesCount }, CountAt = nodesCount > 1 ? null : gpu.CountAt };
            }

            env["SKYPILOT_NUM_NODES"] = new ShellVariable(nodesCount.ToString(CultureInfo.InvariantCulture), null);
            var name = YamlNodes.Scalar(YamlNodes.Child(root, "name")) ?? "task";
            foreach (var deployment in Launches(run, nodes, env, $"SkyPilot task '{name}'", gpu))
            {
                yield return deployment;
            }
        }
    }

    internal sealed record Gpu(GpuSpecText? Spec, SourceLocation? TypeAt, SourceLocation? CountAt);

    /// <summary>A GPU request: a string, a SkyPilot "any of" mapping or list (the smallest), or a dstack mapping {name, memory, count}.</summary>
    private static Gpu GpuNode(YamlNode? node, YamlNodes nodes)
    {
        switch (node)
        {
            case YamlScalarNode scalar:
                // An unknown GPU name is reported on the request; a count inside "H100:2" is not rewritten by a fix.
                return new Gpu(GpuSpecText.Parse(scalar.Value), nodes.Token(scalar)?.Location, null);
            case YamlMappingNode map when YamlNodes.Child(map, "name") is { } named:
                var names = named is YamlSequenceNode list ? list.Children.Select(YamlNodes.Scalar) : new[] { YamlNodes.Scalar(named) };
                var memory = YamlNodes.Scalar(YamlNodes.Child(map, "memory"));
                var count = YamlNodes.Scalar(YamlNodes.Child(map, "count"));
                return new Gpu(GpuSpecText.Parse(string.Join(":", new[] { GpuSpecText.Smallest(names.Where(v => v is not null)!), memory, count }.Where(p => p is not null))), null, null);
            case YamlMappingNode any:
                var choices = any.Children.Select(c => $"{(c.Key as YamlScalarNode)?.Value}:{(string.IsNullOrEmpty((c.Value as YamlScalarNode)?.Value) ? "1" : ((YamlScalarNode)c.Value).Value)}").ToList();
                return new Gpu(GpuSpecText.Parse(choices.OrderBy(c => GpuCatalog(c)).FirstOrDefault()), null, null);
            case YamlSequenceNode options:
                var texts = options.Children.Select(YamlNodes.Scalar).Where(v => v is not null).ToList();
                return new Gpu(GpuSpecText.Parse(texts.OrderBy(c => GpuCatalog(c!)).FirstOrDefault()), null, null);
            default:
                return new Gpu(null, null, null);
        }
    }

    private static double GpuCatalog(string spec) =>
        GpuSpecText.Parse(spec)?.Type is { } t && Core.Gpus.GpuCatalog.TryFind(t, out var g) ? g.CudaTotalGiB : double.MaxValue;

    /// <summary>env as a mapping (SkyPilot, dstack) or a list of NAME=value (dstack); a name alone is a secret passed at run time.</summary>
    internal static Dictionary<string, ShellVariable> Environment(YamlNode? env, YamlNodes nodes)
    {
        var variables = new Dictionary<string, ShellVariable>(StringComparer.Ordinal);
        if (env is YamlMappingNode map)
        {
            foreach (var pair in map.Children)
            {
                if (pair.Key is YamlScalarNode { Value: { } name } && pair.Value is YamlScalarNode { Value: { Length: > 0 } value } scalar)
                {
                    variables[name] = UnresolvedValue.IsTemplated(value) && value.Contains("${{")
                        ? new ShellVariable(value, null, UnresolvedValue.Describe(value))
                        : new ShellVariable(value, nodes.Token(scalar)?.Location);
                }
            }
        }

        foreach (var item in YamlNodes.Items(env))
        {
            if (item is YamlScalarNode { Value: { } text } scalar && text.IndexOf('=') is var eq && eq > 0)
            {
                variables[text.Substring(0, eq)] = new ShellVariable(text.Substring(eq + 1), nodes.Token(scalar)?.Slice(eq + 1, text.Length - eq - 1));
            }
        }

        return variables;
    }

    internal static IEnumerable<YamlDeployment> Launches(YamlNode script, YamlNodes nodes, IDictionary<string, ShellVariable> env, string owner, Gpu gpu)
    {
        if (script is not YamlScalarNode { Value: { } text })
        {
            yield break;
        }

        var locate = ScalarLocator.For(nodes, script);
        var launches = ShellScript.Launches(text, locate, env);
        for (var i = 0; i < launches.Count; i++)
        {
            var launch = launches[i];
            var name = launches.Count > 1 ? $"{owner} launch {i + 1}" : owner;
            var deployment = new YamlDeployment(name, nodes.Origin(script), launch.Unresolved is null ? launch.Arguments : null);
            if (launch.Unresolved is { } reason)
            {
                deployment.Skip(reason, Origin(launch.UnresolvedAt) ?? nodes.Origin(script));
            }

            deployment.GpuType = gpu.Spec?.Type;
            deployment.GpuTypeLocation = gpu.TypeAt;
            deployment.GpuCount = gpu.Spec?.Count;
            deployment.GpuCountLocation = gpu.CountAt;
            deployment.GpuMemoryGiB = gpu.Spec?.MemoryGiB;
            yield return deployment;
        }
    }

    internal static YamlOrigin? Origin(SourceLocation? location) =>
        YamlOrigin.Range(location) is { } range ? new YamlOrigin(range.Start, range.End, -1, -1, (location!.Origin as YamlOrigin)?.File) : null;
}
