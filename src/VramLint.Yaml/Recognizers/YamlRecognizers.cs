namespace VramLint.Yaml.Recognizers;

/// <summary>The YAML shapes VramLint reads (docs/yaml-shapes.md), in the order their deployments are reported within a document.</summary>
internal static class YamlRecognizers
{
    public static readonly IYamlRecognizer[] All =
    {
        new VllmConfigFileRecognizer(),
        new ComposeRecognizer(),
        new KubernetesRecognizer(),
        new AzureContainerAppRecognizer(),
        new HelmProductionStackRecognizer(),
        new KServeRecognizer(),
        new KubeRayRecognizer(),
        new KubeAiRecognizer(),
        new RayClusterRecognizer(),
        new LlmdModelServiceRecognizer(),
        new TaskFileRecognizer(),
        new GitHubActionsRecognizer(),
        new HelmVllmValuesRecognizer(),
    };
}
