
namespace VramLint.Yaml.Recognizers;

/// <summary>
/// Azure Container Apps in the YAML that <c>az containerapp create --yaml</c> takes: <c>properties.template.containers</c>,
/// each a container as in a pod (image, command, args, env). The GPU comes from the environment's workload profile,
/// which the file names but does not describe, so the configuration's GPU is used.
/// </summary>
internal sealed class AzureContainerAppRecognizer : IYamlRecognizer
{
    public IEnumerable<YamlDeployment> Find(YamlDocument document, YamlContext context)
    {
        var root = document.RootNode;
        var type = YamlNodes.Scalar(YamlNodes.Child(root, "type"));
        if ((type is not null && !type.Equals("Microsoft.App/containerApps", StringComparison.OrdinalIgnoreCase))
            || YamlNodes.Child(root, "kind") is not null
            || YamlNodes.Child(root, "properties", "template") is not { } template)
        {
            return Array.Empty<YamlDeployment>();
        }

        var workload = $"container app '{YamlNodes.Scalar(YamlNodes.Child(root, "name")) ?? "?"}'";
        return KubernetesRecognizer.Containers(template, workload, context, requireCommand: false);
    }
}
