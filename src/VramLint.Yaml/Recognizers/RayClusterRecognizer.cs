using VramLint.Core.Settings;

namespace VramLint.Yaml.Recognizers;

/// <summary>
/// Ray clusters whose head runs <c>vllm serve</c> over Ray: KubeRay <c>RayCluster</c>, <c>RayJob</c>, a <c>RayService</c>'s
/// cluster, and AIBrix <c>RayClusterFleet</c>. The deployment has the GPUs of the whole cluster: the head's plus each
/// worker group's <c>replicas</c> x <c>numOfHosts</c> x GPUs per pod.
/// </summary>
internal sealed class RayClusterRecognizer : IYamlRecognizer
{
    public IEnumerable<YamlDeployment> Find(YamlDocument document, YamlContext context)
    {
        var root = document.RootNode;
        var kind = YamlNodes.Scalar(YamlNodes.Child(root, "kind"));
        var cluster = kind switch
        {
            "RayCluster" => YamlNodes.Child(root, "spec"),
            "RayClusterFleet" => YamlNodes.Child(root, "spec", "template", "spec"),
            "RayJob" => YamlNodes.Child(root, "spec", "rayClusterSpec"),
            "RayService" => YamlNodes.Child(root, "spec", "rayClusterConfig"),
            _ => null,
        };
        if (cluster is null)
        {
            yield break;
        }

        var workload = $"{kind} '{YamlNodes.Scalar(YamlNodes.Child(root, "metadata", "name")) ?? "?"}'";
        var head = YamlNodes.Child(cluster, "headGroupSpec", "template", "spec");
        if (head is null)
        {
            yield break;
        }

        foreach (var deployment in KubernetesRecognizer.Containers(head, workload + " head", context, requireCommand: true))
        {
            if (ClusterGpus(cluster) is { } total && total != deployment.GpuCount)
            {
                deployment.RequestTotalGpus(total, context.Nodes.Origin(cluster), workload);
            }

            if (deployment.GpuType is null)
            {
                GpuType(cluster, context.Nodes, deployment);
            }

            yield return deployment;
        }
    }

    /// <summary>All GPUs of the cluster; null when no pod states any.</summary>
    internal static long? ClusterGpus(YamlNode cluster)
    {
        var total = KubernetesRecognizer.PodGpus(YamlNodes.Child(cluster, "headGroupSpec", "template", "spec"));
        foreach (var group in YamlNodes.Items(YamlNodes.Child(cluster, "workerGroupSpecs")))
        {
            if (KubernetesRecognizer.PodGpus(YamlNodes.Child(group, "template", "spec")) is { } perPod)
            {
                var replicas = Number(group, "replicas") ?? Number(group, "minReplicas") ?? 1;
                var hosts = Number(group, "numOfHosts") ?? 1;
                total = (total ?? 0) + (perPod * replicas * hosts);
            }
        }

        return total;
    }

    /// <summary>The GPU type a worker group or the head selects.</summary>
    internal static void GpuType(YamlNode cluster, YamlNodes nodes, YamlDeployment deployment)
    {
        foreach (var spec in new[] { YamlNodes.Child(cluster, "headGroupSpec", "template", "spec") }.Concat(YamlNodes.Items(YamlNodes.Child(cluster, "workerGroupSpecs")).Select(g => YamlNodes.Child(g, "template", "spec"))))
        {
            if (spec is not null && deployment.GpuType is null)
            {
                KubernetesRecognizer.GpuType(spec, nodes, deployment);
            }
        }
    }

    private static long? Number(YamlNode node, string key) =>
        ValueRanges.TryParseWhole(YamlNodes.Scalar(YamlNodes.Child(node, key)) ?? "", out var n) && n >= 0 && n <= ValueRanges.MaxGpus ? n : null;
}
