using System.Text;
using System.Text.RegularExpressions;
using VramLint.Core.Arguments;
using VramLint.Yaml.Scripts;

namespace VramLint.Yaml.Recognizers;

/// <summary>
/// GitHub Actions workflows: each <c>jobs.*.steps[].run</c> script that launches vLLM, with the <c>env:</c> of the
/// workflow, job and step. <c>${{ ... }}</c> expressions are only known when the workflow runs: a setting that needs one is named.
/// </summary>
internal sealed class GitHubActionsRecognizer : IYamlRecognizer
{
    private static readonly Regex Expression = new(@"\$\{\{.*?\}\}", RegexOptions.CultureInvariant);

    public IEnumerable<YamlDeployment> Find(YamlDocument document, YamlContext context)
    {
        var nodes = context.Nodes;
        var root = document.RootNode;
        if (YamlNodes.Child(root, "jobs") is not YamlMappingNode jobs || (YamlNodes.Child(root, "on") is null && YamlNodes.Child(root, "true") is null))
        {
            yield break;
        }

        foreach (var job in jobs.Children)
        {
            var jobName = (job.Key as YamlScalarNode)?.Value ?? "?";
            var index = 0;
            foreach (var step in YamlNodes.Items(YamlNodes.Child(job.Value, "steps")))
            {
                index++;
                if (YamlNodes.Child(step, "run") is not YamlScalarNode { Value: { } script } run || script.IndexOf("vllm", StringComparison.OrdinalIgnoreCase) < 0)
                {
                    continue;
                }

                var env = TaskFileRecognizer.Environment(YamlNodes.Child(root, "env"), nodes);
                foreach (var scope in new[] { YamlNodes.Child(job.Value, "env"), YamlNodes.Child(step, "env") })
                {
                    foreach (var pair in TaskFileRecognizer.Environment(scope, nodes))
                    {
                        env[pair.Key] = pair.Value;
                    }
                }

                // ${{ expr }} becomes a same-length ${NAME} whose value is unknown, so positions in the script still hold.
                var text = Expression.Replace(script, m =>
                {
                    var name = "GHA" + env.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    env[name.PadRight(m.Length - 3, '_')] = new ShellVariable(m.Value, null, UnresolvedValue.Describe(m.Value));
                    return "${" + name.PadRight(m.Length - 3, '_') + "}";
                });
                var locate = ScalarLocator.For(nodes, run);
                var label = YamlNodes.Scalar(YamlNodes.Child(step, "name")) ?? $"step {index}";
                var launches = ShellScript.Launches(text, locate, env);
                for (var i = 0; i < launches.Count; i++)
                {
                    var launch = launches[i];
                    var deployment = new YamlDeployment($"workflow job '{jobName}' step '{label}'" + (launches.Count > 1 ? $" launch {i + 1}" : ""), nodes.Origin(run), launch.Unresolved is null ? launch.Arguments : null);
                    if (launch.Unresolved is { } reason)
                    {
                        deployment.Skip(reason, TaskFileRecognizer.Origin(launch.UnresolvedAt) ?? nodes.Origin(run));
                    }

                    yield return deployment;
                }
            }
        }
    }
}
