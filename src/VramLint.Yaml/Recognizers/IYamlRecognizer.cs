
namespace VramLint.Yaml.Recognizers;

/// <summary>
/// Finds one shape of vLLM deployment in a YAML document (a vLLM config file, compose, a Kubernetes workload, a Helm
/// values file, a CRD...). The linter gives every document of a file to every recognizer in <see cref="YamlRecognizers.All"/>;
/// each looks at the document's top-level keys first and returns nothing for a shape that is not its own.
/// </summary>
internal interface IYamlRecognizer
{
    IEnumerable<YamlDeployment> Find(YamlDocument document, YamlContext context);
}
