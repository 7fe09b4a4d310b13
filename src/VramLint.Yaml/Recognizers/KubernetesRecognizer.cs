using VramLint.Core.Arguments;
using YamlDotNet.RepresentationModel;

namespace VramLint.Yaml.Recognizers;

/// <summary>
/// Kubernetes workloads (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, LeaderWorkerSet) whose
/// containers run vLLM (vllm-notes 6.3): <c>command</c> + <c>args</c> lists or <c>sh -c</c> strings, the image entrypoint
/// otherwise; GPU count from <c>nvidia.com/gpu</c> limits or requests; GPU type from node selectors or node affinity.
/// </summary>
internal static class KubernetesRecognizer
{
    private static readonly string[] GpuTypeLabels = { "nvidia.com/gpu.product", "cloud.google.com/gke-accelerator", "karpenter.k8s.aws/instance-gpu-name" };

    public static IEnumerable<YamlDeployment> Find(YamlDocument document, YamlNodes nodes)
    {
        var root = document.RootNode;
        var kind = YamlNodes.Scalar(YamlNodes.Child(root, "kind"));
        var podSpec = kind switch
        {
            "Pod" => YamlNodes.Child(root, "spec"),
            "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet" or "Job" => YamlNodes.Child(root, "spec", "template", "spec"),
            "CronJob" => YamlNodes.Child(root, "spec", "jobTemplate", "spec", "template", "spec"),
            "LeaderWorkerSet" => YamlNodes.Child(root, "spec", "leaderWorkerTemplate", "leaderTemplate", "spec")
                ?? YamlNodes.Child(root, "spec", "leaderWorkerTemplate", "workerTemplate", "spec"),
            _ => null,
        };
        if (podSpec is null)
        {
            yield break;
        }

        var workload = $"{kind} '{YamlNodes.Scalar(YamlNodes.Child(root, "metadata", "name")) ?? "?"}'";
        foreach (var container in YamlNodes.Items(YamlNodes.Child(podSpec, "containers")))
        {
            var image = YamlNodes.Scalar(YamlNodes.Child(container, "image")) ?? "";
            var command = YamlNodes.Child(container, "command");
            var args = YamlNodes.Child(container, "args");
            var words = new List<ArgumentToken>();
            var known = Append(words, command, nodes) & Append(words, args, nodes);
            var parsed = known ? VllmArgumentReader.Read(words) : null;
            if (image.IndexOf("vllm", StringComparison.OrdinalIgnoreCase) < 0 && parsed?.IsVllmCommand != true)
            {
                continue;
            }

            var name = YamlNodes.Scalar(YamlNodes.Child(container, "name")) ?? "?";
            var deployment = new YamlDeployment($"{workload} container '{name}'", nodes.Origin(container), known ? parsed : null) { Image = image };
            deployment.GpuLimit(nodes, YamlNodes.Child(container, "resources"));

            GpuType(podSpec, nodes, deployment);
            deployment.CheckCommandTypes(nodes, ("command", command), ("args", args));
            yield return deployment;
        }
    }

    /// <summary>Lists give one word per item; a single string (as in <c>args: ["vllm serve ..."]</c> after <c>sh -c</c>) stays one word.</summary>
    private static bool Append(List<ArgumentToken> words, YamlNode? node, YamlNodes nodes)
    {
        switch (node)
        {
            case null:
                return true;
            case YamlSequenceNode list:
                foreach (var item in list.Children)
                {
                    if (nodes.Token(item) is not { } token)
                    {
                        return false;
                    }

                    words.Add(token);
                }

                return true;
            case YamlScalarNode scalar when nodes.Token(scalar) is { } single:
                words.Add(single);
                return true;
            default:
                return false;
        }
    }

    private static void GpuType(YamlNode podSpec, YamlNodes nodes, YamlDeployment deployment)
    {
        foreach (var label in GpuTypeLabels)
        {
            if (YamlNodes.Child(podSpec, "nodeSelector", label) is YamlScalarNode selected && selected.Value is { } value)
            {
                deployment.GpuType = value;
                deployment.GpuTypeLocation = nodes.Token(selected)?.Location;
                return;
            }
        }

        var terms = YamlNodes.Child(podSpec, "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms");
        foreach (var expression in YamlNodes.Items(terms).SelectMany(t => YamlNodes.Items(YamlNodes.Child(t, "matchExpressions"))))
        {
            if (GpuTypeLabels.Contains(YamlNodes.Scalar(YamlNodes.Child(expression, "key"))) && YamlNodes.Items(YamlNodes.Child(expression, "values")).FirstOrDefault() is YamlScalarNode first)
            {
                deployment.GpuType = first.Value;
                deployment.GpuTypeLocation = nodes.Token(first)?.Location;
                return;
            }
        }
    }
}
