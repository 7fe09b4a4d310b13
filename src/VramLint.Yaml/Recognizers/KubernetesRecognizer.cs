using System.Globalization;
using VramLint.Core.Arguments;
using VramLint.Core.Gpus;
using VramLint.Core.Settings;

namespace VramLint.Yaml.Recognizers;

/// <summary>
/// Kubernetes workloads (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, LeaderWorkerSet) whose
/// containers run vLLM (vllm-notes 6.3): <c>command</c> + <c>args</c> lists or <c>sh -c</c> strings, the image entrypoint
/// otherwise; GPU count from <c>nvidia.com/gpu</c> limits or requests (times <c>size</c> for a LeaderWorkerSet); GPU type
/// from node selectors or node affinity (NVIDIA GPU feature discovery, GKE, EKS/Karpenter labels); a <c>--config</c> file
/// read from the ConfigMap mounted at its path.
/// </summary>
internal sealed class KubernetesRecognizer : IYamlRecognizer
{
    /// <summary>Where KServe mounts an InferenceService's model for its runtime's container.</summary>
    private const string KServeModelMount = "/mnt/models";

    internal static readonly string[] GpuTypeLabels =
    {
        "nvidia.com/gpu.product", "cloud.google.com/gke-accelerator", "karpenter.k8s.aws/instance-gpu-name", "k8s.amazonaws.com/accelerator", "accelerator",
    };

    public IEnumerable<YamlDeployment> Find(YamlDocument document, YamlContext context)
    {
        var nodes = context.Nodes;
        var root = document.RootNode;
        var kind = YamlNodes.Scalar(YamlNodes.Child(root, "kind"));
        var apiVersion = YamlNodes.Scalar(YamlNodes.Child(root, "apiVersion")) ?? "";
        var podSpec = kind switch
        {
            "Pod" => YamlNodes.Child(root, "spec"),
            "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet" or "Job" => YamlNodes.Child(root, "spec", "template", "spec"),

            // Workloads of the platforms built on pods: an Argo Rollout, an OpenShift DeploymentConfig, a Knative Service.
            "Rollout" or "DeploymentConfig" => YamlNodes.Child(root, "spec", "template", "spec"),
            "Service" when apiVersion.StartsWith("serving.knative.dev/", StringComparison.Ordinal) => YamlNodes.Child(root, "spec", "template", "spec"),
            "PodTemplate" => YamlNodes.Child(root, "template", "spec"),
            "ServingRuntime" or "ClusterServingRuntime" => YamlNodes.Child(root, "spec"),
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
        foreach (var deployment in Containers(podSpec, workload, context, requireCommand: false))
        {
            if (kind == "LeaderWorkerSet")
            {
                GroupGpus(root, nodes, deployment);
            }

            // A KServe runtime serves whatever model its InferenceService mounts at /mnt/models: it has no model of its own.
            if (kind is "ServingRuntime" or "ClusterServingRuntime")
            {
                deployment.Skip($"a runtime serves the model each InferenceService using it mounts at {KServeModelMount}; the InferenceService names the model and is checked", ModelMountArgument(podSpec, deployment, nodes) ?? (YamlOrigin)deployment.Anchor);
            }

            yield return deployment;
        }
    }

    /// <summary>The runtime container's argument that names the mounted model (<c>--model=/mnt/models</c>), to point at.</summary>
    private static YamlOrigin? ModelMountArgument(YamlNode podSpec, YamlDeployment deployment, YamlNodes nodes)
    {
        // The deployment's container: the one whose text it was read from.
        var container = YamlNodes.Items(YamlNodes.Child(podSpec, "containers")).FirstOrDefault(c => nodes.Span(c).Start == deployment.Extent?.Start);
        var argument = new[] { "command", "args" }.SelectMany(part => YamlNodes.Items(YamlNodes.Child(container, part)))
            .FirstOrDefault(a => YamlNodes.Scalar(a)?.IndexOf(KServeModelMount, StringComparison.Ordinal) >= 0);
        return argument is null ? null : nodes.Origin(argument);
    }

    /// <summary>A container's name for messages: its <c>name</c>, else its image (Knative containers often have no name).</summary>
    private static string ContainerName(YamlNode container) =>
        YamlNodes.Scalar(YamlNodes.Child(container, "name")) ?? YamlNodes.Scalar(YamlNodes.Child(container, "image")) ?? "?";

    /// <summary>The containers of a pod spec that run vLLM (by command, or by image unless <paramref name="requireCommand"/>).</summary>
    internal static IEnumerable<YamlDeployment> Containers(YamlNode podSpec, string workload, YamlContext context, bool requireCommand)
    {
        var nodes = context.Nodes;
        foreach (var container in YamlNodes.Items(YamlNodes.Child(podSpec, "containers")))
        {
            var image = YamlNodes.Scalar(YamlNodes.Child(container, "image")) ?? "";
            var command = YamlNodes.Child(container, "command");
            var args = YamlNodes.Child(container, "args");
            var words = new List<ArgumentToken>();
            var known = Append(words, command, nodes) & Append(words, args, nodes);
            var environment = words.Any(w => w.Text.Contains("$(")) ? KubernetesEnvironment.Of(container, nodes) : null;
            if (environment is not null)
            {
                words = words.Select(w => KubernetesEnvironment.Expand(w, environment)).ToList();
            }

            var parsed = known ? VllmArgumentReader.Read(words) : null;
            if ((requireCommand || !VllmImage.IsVllm(image)) && parsed?.IsVllmCommand != true)
            {
                continue;
            }

            var name = ContainerName(container);
            (string Reason, YamlOrigin At)? missing = null;
            var deployment = new YamlDeployment($"{workload} container '{name}'", nodes.Origin(container), known ? ConfigFile(parsed!, words, container, podSpec, context, out missing) : null)
            {
                Extent = nodes.Span(container),
                Image = image,
            };
            if (missing is { } reason)
            {
                deployment.Skip(reason.Reason, reason.At);
            }

            if (environment is not null && parsed is not null && KubernetesEnvironment.Unresolved(parsed, environment) is { } unset)
            {
                deployment.Skip(unset.Reason, TaskFileRecognizer.Origin(unset.At) ?? nodes.Origin(container));
            }

            deployment.GpuLimit(nodes, YamlNodes.Child(container, "resources"));
            GpuType(podSpec, nodes, deployment);
            deployment.CheckCommandTypes(nodes, ("command", command), ("args", args));
            yield return deployment;
        }
    }

    /// <summary>LeaderWorkerSet: <c>size</c> pods per group, the leader's GPUs plus each worker's.</summary>
    private static void GroupGpus(YamlNode root, YamlNodes nodes, YamlDeployment deployment)
    {
        var template = YamlNodes.Child(root, "spec", "leaderWorkerTemplate");
        if (YamlNodes.Child(template, "size") is not YamlScalarNode sizeNode || !int.TryParse(sizeNode.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size <= 1)
        {
            return;
        }

        var leader = deployment.GpuCount ?? 0;
        var worker = PodGpus(YamlNodes.Child(template, "workerTemplate", "spec")) ?? leader;
        deployment.RequestTotalGpus(leader + (worker * (size - 1)), nodes.Origin(template!), "the LeaderWorkerSet group");
    }

    /// <summary>The GPUs one pod requests: the sum of its containers' nvidia.com/gpu limits (else requests).</summary>
    internal static long? PodGpus(YamlNode? podSpec)
    {
        long? total = null;
        foreach (var container in YamlNodes.Items(YamlNodes.Child(podSpec, "containers")))
        {
            var resources = YamlNodes.Child(container, "resources");
            var gpus = YamlNodes.Scalar(YamlNodes.Child(resources, "limits", "nvidia.com/gpu") ?? YamlNodes.Child(resources, "requests", "nvidia.com/gpu"));
            if (gpus is not null && GpuRequest.ParseCount(gpus, out _) is { } n)
            {
                total = (total ?? 0) + n;
            }
        }

        return total;
    }

    /// <summary>
    /// A <c>--config PATH</c> whose path is a ConfigMap key mounted into the container is read as vLLM reads the file
    /// (its settings first, the command line over them); a path no ConfigMap in the file or folder provides is named.
    /// </summary>
    private static ParsedArguments ConfigFile(ParsedArguments parsed, List<ArgumentToken> words, YamlNode container, YamlNode podSpec, YamlContext context, out (string Reason, YamlOrigin At)? missing)
    {
        missing = null;
        if (parsed.Find("config") is not { RawValue: { } path } occurrence)
        {
            return parsed;
        }

        var at = YamlOrigin.Range(occurrence.BestLocation) is { } range ? new YamlOrigin(range.Start, range.End) : context.Nodes.Origin(container);
        foreach (var mount in YamlNodes.Items(YamlNodes.Child(container, "volumeMounts")))
        {
            var mountPath = (YamlNodes.Scalar(YamlNodes.Child(mount, "mountPath")) ?? "").TrimEnd('/');
            var subPath = YamlNodes.Scalar(YamlNodes.Child(mount, "subPath"));
            string? key = subPath is not null ? (path == mountPath ? subPath : null)
                : path.StartsWith(mountPath + "/", StringComparison.Ordinal) ? path.Substring(mountPath.Length + 1) : null;
            var volumeName = YamlNodes.Scalar(YamlNodes.Child(mount, "name"));
            var volume = YamlNodes.Items(YamlNodes.Child(podSpec, "volumes")).FirstOrDefault(v => YamlNodes.Scalar(YamlNodes.Child(v, "name")) == volumeName);
            if (key is null || YamlNodes.Scalar(YamlNodes.Child(volume, "configMap", "name")) is not { } mapName)
            {
                continue;
            }

            // items: [{key: config.yaml, path: vllm.yaml}] renames a key inside the mount.
            var item = YamlNodes.Items(YamlNodes.Child(volume, "configMap", "items")).FirstOrDefault(i => YamlNodes.Scalar(YamlNodes.Child(i, "path")) == key);
            key = YamlNodes.Scalar(YamlNodes.Child(item, "key")) ?? key;
            if (ConfigMaps.Find(context, mapName, key) is not { } data)
            {
                missing = ($"--config {path} is key '{key}' of ConfigMap '{mapName}', which is not in this file or its folder", at);
                return parsed;
            }

            if (ConfigMaps.Entries(data.Nodes, data.Scalar, out var problem) is not { } entries)
            {
                missing = ($"--config {path}: ConfigMap '{mapName}' key '{key}' {problem}", data.Nodes.Origin(data.Scalar));
                return parsed;
            }

            return VllmArgumentReader.ReadConfigFile(entries, words);
        }

        missing = ($"--config {path} is a file in the container that no ConfigMap volume mounts, so its settings are unknown", at);
        return parsed;
    }

    /// <summary>Lists give one word per item; a single string (as in <c>args: ["vllm serve ..."]</c> after <c>sh -c</c>) stays one word.</summary>
    internal static bool Append(List<ArgumentToken> words, YamlNode? node, YamlNodes nodes)
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

    /// <summary>Node labels that name the machine type (EKS/Karpenter families, the well-known instance type AKS and EKS set).</summary>
    private static readonly string[] InstanceTypeLabels = { "karpenter.k8s.aws/instance-family", "eks.amazonaws.com/instance-family", "node.kubernetes.io/instance-type", "beta.kubernetes.io/instance-type" };

    internal static void GpuType(YamlNode podSpec, YamlNodes nodes, YamlDeployment deployment)
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

        foreach (var label in InstanceTypeLabels)
        {
            if (YamlNodes.Child(podSpec, "nodeSelector", label) is YamlScalarNode { Value: { } instance } selected
                && CloudInstanceTypes.Find(instance) is { } machine)
            {
                deployment.GpuType = machine.Gpu;
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
