using VramLint.Core.Arguments;
using VramLint.Core.Configuration;
using VramLint.Yaml.Scripts;

namespace VramLint.Yaml.Tests;

/// <summary>Variables with their defaults (shell and compose rules), scripts, templates and files read together as a project.</summary>
public sealed class VariableAndProjectTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "vramlint-vars-" + Guid.NewGuid().ToString("N"));

    public VariableAndProjectTests() => Directory.CreateDirectory(folder);

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static VramLintOptions Gpu(string name) => VramLintOptions.FromLookup(k => k == ConfigKeys.Gpu ? name : null);

    private static string Where(YamlFinding f) => $"{f.Finding.Id} {f.Line}:{f.Column}-{f.EndLine}:{f.EndColumn}";

    private string Write(string name, string text)
    {
        var path = Path.Combine(folder, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    [Theory]
    [InlineData("${A:-8}", "8")]     // set but empty: the colon form takes the default
    [InlineData("${A-8}", "")]       // set but empty: the plain form keeps the empty value
    [InlineData("${B-8}", "8")]      // unset: both forms take the default
    [InlineData("${B:-8}", "8")]
    [InlineData("${C:-8}", "7")]     // set: the value
    [InlineData("${B:+--x}", "")]    // unset: the alternative word is dropped
    [InlineData("${C:+--x}", "--x")]
    [InlineData("pre${C}post", "pre7post")]
    public void Shell_expansion_follows_the_shell_rules_for_defaults(string word, string expected)
    {
        var variables = new Dictionary<string, ShellVariable> { ["A"] = new("", null), ["C"] = new("7", null) };

        var expanded = ShellScript.Expand(new ArgumentToken(word), variables, false, new());

        Assert.Equal(expected, expanded.Text);
    }

    [Fact]
    public void A_script_variable_assigned_earlier_carries_the_finding_and_the_fix_to_its_assignment()
    {
        const string script = "#!/bin/sh\nMODEL=meta-llama/Llama-3.1-8B-Instruct\nLEN=131072\nvllm serve \"$MODEL\" --max-model-len $LEN --max-num-seqs 8\n";

        var result = YamlLinter.Lint("serve.sh", script, Gpu("L4"));

        var finding = Assert.Single(result.Findings, f => f.Finding.Id == "VRAM001");
        Assert.Equal("VRAM001 3:5-3:11", Where(finding));
        var edit = Assert.Single(result.Edits);
        Assert.Equal("LEN=", script.Substring(edit.Start - 4, 4));
        Assert.Equal("131072", script.Substring(edit.Start, edit.End - edit.Start));
    }

    [Fact]
    public void A_script_argument_is_named_and_an_unknown_port_does_not_matter()
    {
        var unresolved = Assert.Single(YamlLinter.Lint("run.sh", "M=$1\nvllm serve $M --port $PORT\n", Gpu("L4")).Findings);
        Assert.Equal("run.sh(2,12): VRAM009: script was not checked: model is the variable M, set from the script's argument $1, known only when it runs", unresolved.ToString());

        var sized = YamlLinter.Lint("run.sh", "vllm serve Qwen/Qwen2.5-7B-Instruct --port $PORT --max-model-len 4096\n", Gpu("L4"));
        Assert.Equal(1, sized.Sized);
    }

    [Fact]
    public void Compose_reads_the_sibling_env_file_before_the_defaults()
    {
        var compose = Write("docker-compose.yml", "services:\n  vllm:\n    image: vllm/vllm-openai\n    command: [\"${MODEL:-Qwen/Qwen2.5-7B-Instruct}\", \"--max-model-len\", \"${LEN:-4096}\", \"--max-num-seqs\", \"${SEQS:-8}\"]\n");
        Write(".env", "# overrides\nLEN=16384\nSEQS=\n");

        var result = YamlLinter.Lint(compose, File.ReadAllText(compose), Gpu("H100-80GB"), new YamlProject());

        // LEN comes from .env; SEQS is set but empty there, so ${SEQS:-8} takes its default.
        var settings = result.Checks.Single().Result.Estimate!.Settings;
        Assert.Equal((16384, 8), (settings.MaxModelLen, settings.MaxNumSeqs));
        Assert.Empty(result.Findings);
    }

    [Fact]
    public void A_compose_default_carries_the_finding_and_the_fix_and_an_env_file_value_carries_the_finding()
    {
        const string text = "services:\n  llm:\n    image: vllm/vllm-openai\n    command: [\"meta-llama/Llama-3.1-8B-Instruct\", \"--max-model-len\", \"${LEN:-131072}\"]\n";
        var options = VramLintOptions.FromLookup(k => k switch { ConfigKeys.Gpu => "RTX 4090", ConfigKeys.GpuCount => "1", _ => null });

        var withDefault = YamlLinter.Lint("compose.yml", text, options);

        Assert.Equal("VRAM001 4:78-4:84", Where(Assert.Single(withDefault.Findings)));
        Assert.Equal(text.Replace("${LEN:-131072}", "${LEN:-37888}"), YamlFixer.Apply(text, withDefault.Edits));

        var compose = Write("docker-compose.yml", text);
        var env = Write(".env", "LEN=65536\n");
        var fromEnv = YamlLinter.Lint(compose, text, options, new YamlProject());

        var finding = Assert.Single(fromEnv.Findings);
        Assert.Equal((env, "VRAM001 1:5-1:10"), (finding.Path, Where(finding)));
        Assert.Empty(fromEnv.Edits);
    }

    [Fact]
    public void The_unresolved_value_named_is_the_deployment_s_own_not_a_neighbour_s()
    {
        const string text = "services:\n  web:\n    image: nginx\n    command: [\"--port\", \"${PORT}\"]\n  llm:\n    image: vllm/vllm-openai\n    command: [\"${MODEL}\"]\n";

        var finding = Assert.Single(YamlLinter.Lint("compose.yml", text, Gpu("L4")).Findings);

        Assert.Equal("compose.yml(7,15): VRAM009: service 'llm' was not checked: the variable MODEL (no value and no default) in '${MODEL}'", finding.ToString());
    }

    [Fact]
    public void Chart_templates_are_said_once_per_chart_and_a_stray_template_is_not_a_broken_file()
    {
        Write("chart/Chart.yaml", "apiVersion: v2\nname: llm\nversion: 0.1.0\n");
        var deployment = Write("chart/templates/deployment.yaml", "{{- if .Values.enabled }}\nkind: Deployment\nimage: vllm/vllm-openai\n{{- end }}\n");
        var service = Write("chart/templates/service.yaml", "{{- if .Values.enabled }}\nkind: Service # vllm\n{{- end }}\n");
        var project = new YamlProject();

        var first = YamlLinter.Lint(deployment, File.ReadAllText(deployment), Gpu("L4"), project);
        var second = YamlLinter.Lint(service, File.ReadAllText(service), Gpu("L4"), project);
        const string strayText = "{{- if .Values.vllm }}\nargs: [x]\n{{- end }}\n";
        var stray = YamlLinter.Lint(Write("other.yaml", strayText), strayText, Gpu("L4"), project);

        Assert.Equal("VRAM009 1:1-1:1", Where(Assert.Single(first.Findings)));
        Assert.StartsWith("the Helm chart 'chart' has templates that VramLint does not render", first.Findings[0].Finding.Message);
        Assert.Empty(second.Findings);
        Assert.Equal("VRAM009", Assert.Single(stray.Findings).Finding.Id);
        Assert.StartsWith("the file is a template", stray.Findings[0].Finding.Message);
    }

    [Fact]
    public void A_values_file_is_layered_over_the_chart_defaults_and_findings_land_in_the_file_that_holds_the_value()
    {
        Write("chart/Chart.yaml", "apiVersion: v2\nname: llm\nversion: 0.1.0\n");
        var defaults = Write("chart/values.yaml", "vllm:\n  model: meta-llama/Llama-3.1-8B-Instruct\n  maxModelLen: 131072\nresources:\n  limits:\n    nvidia.com/gpu: 1\n");
        var production = Write("chart/values-prod.yaml", "vllm:\n  maxNumSeqs: 16\nnodeSelector:\n  nvidia.com/gpu.product: NVIDIA-L4\n");

        var result = YamlLinter.Lint(production, File.ReadAllText(production), Gpu("H100-80GB"), new YamlProject());

        var check = Assert.Single(result.Checks).Result.Estimate!;
        Assert.Equal(("L4", 16), (check.Gpu.Name, check.Settings.MaxNumSeqs));
        var finding = Assert.Single(result.Findings, f => f.Finding.Id == "VRAM001");
        Assert.Equal((defaults, "VRAM001 3:16-3:22"), (finding.Path, Where(finding)));
        Assert.Empty(result.Edits);
    }

    [Fact]
    public void Deployments_of_one_folder_find_their_configmaps_in_the_first_neighbour_that_has_them()
    {
        static string ConfigMap(string name, int length) => $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\ndata:\n  config.yaml: |\n    model: meta-llama/Llama-3.1-8B-Instruct\n    max-model-len: {length}\n";
        static string Deployment(string map) => $"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: vllm\nspec:\n  template:\n    spec:\n      containers:\n        - name: vllm\n          image: vllm/vllm-openai:v0.10.1\n          args: [\"--config\", \"/etc/vllm/config.yaml\"]\n          volumeMounts:\n            - name: config\n              mountPath: /etc/vllm\n          resources:\n            limits:\n              nvidia.com/gpu: \"1\"\n      volumes:\n        - name: config\n          configMap:\n            name: {map}\n";

        // Ordinal order: "a-maps.yaml" before "b-maps.yaml", so the first one's "long" wins; "short" is only in the second.
        Write("a-maps.yaml", ConfigMap("long", 131072));
        Write("b-maps.yaml", ConfigMap("long", 4096) + "---\n" + ConfigMap("short", 8192));
        var project = new YamlProject();
        var results = new[] { "long", "short", "long", "missing" }
            .Select((map, i) => YamlLinter.Lint(Write($"d{i}.yaml", Deployment(map)), File.ReadAllText(Path.Combine(folder, $"d{i}.yaml")), Gpu("RTX 4090"), project))
            .ToList();

        var tooLong = results.Select(r => r.Findings.Where(f => f.Finding.Id == "VRAM001").Select(f => $"{Path.GetFileName(f.Path)} {f.Line}:{f.Column}").ToList()).ToList();
        Assert.Equal(new[] { "a-maps.yaml 8:20" }, tooLong[0]);
        Assert.Empty(tooLong[1]);
        Assert.Equal(new[] { "a-maps.yaml 8:20" }, tooLong[2]);
        Assert.Equal(new[] { 1, 1, 1, 0 }, results.Select(r => r.Sized));
        Assert.Contains(results[3].Findings, f => f.Finding.Id == "VRAM009" && f.Finding.Message.EndsWith("--config /etc/vllm/config.yaml is key 'config.yaml' of ConfigMap 'missing', which is not in this file or its folder", StringComparison.Ordinal));
    }

    [Fact]
    public void An_inference_service_takes_the_arguments_of_the_serving_runtime_it_names_from_a_neighbour()
    {
        Write("runtime.yaml", "apiVersion: serving.kserve.io/v1alpha1\nkind: ServingRuntime\nmetadata:\n  name: vllm\nspec:\n  containers:\n    - name: kserve-container\n      image: vllm/vllm-openai:v0.10.1\n      args:\n        - --model=/mnt/models\n        - --served-model-name={{.Name}}\n        - --max-model-len=131072\n  supportedModelFormats:\n    - name: vLLM\n      autoSelect: true\n");
        const string service = "apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: llama\nspec:\n  predictor:\n    model:\n      runtime: vllm\n      modelFormat:\n        name: vLLM\n      storageUri: hf://meta-llama/Llama-3.1-8B-Instruct\n      resources:\n        limits:\n          nvidia.com/gpu: \"1\"\n";
        const string own = "apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: short\nspec:\n  predictor:\n    model:\n      runtime: vllm\n      storageUri: hf://meta-llama/Llama-3.1-8B-Instruct\n      args: [--max-model-len=8192]\n";
        const string selected = "apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: auto\nspec:\n  predictor:\n    model:\n      modelFormat:\n        name: vllm\n      storageUri: hf://meta-llama/Llama-3.1-8B-Instruct\n";
        var project = new YamlProject();

        var result = YamlLinter.Lint(Write("isvc.yaml", service), service, Gpu("RTX 4090"), project);
        var autoSelected = YamlLinter.Lint(Write("auto.yaml", selected), selected, Gpu("RTX 4090"), project);
        var overridden = YamlLinter.Lint(Write("short.yaml", own), own, Gpu("RTX 4090"), project);

        // The runtime's --max-model-len is the service's, and the finding lands on its value in the runtime's file (fixed there, not from here).
        var finding = Assert.Single(result.Findings, f => f.Finding.Id == "VRAM001");
        Assert.Equal(("runtime.yaml", "VRAM001 12:27-12:33"), (Path.GetFileName(finding.Path), Where(finding)));
        Assert.Empty(result.Edits);

        // With no runtime named, KServe takes one that auto-selects the service's model format.
        Assert.Equal(new[] { "runtime.yaml VRAM001 12:27-12:33" }, autoSelected.Findings.Where(f => f.Finding.Id == "VRAM001").Select(f => Path.GetFileName(f.Path) + " " + Where(f)));

        // Other formats auto-select the runtimes KServe installs in the cluster: the folder's runtime is not theirs.
        const string huggingface = "apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: hf\nspec:\n  predictor:\n    model:\n      modelFormat:\n        name: huggingface\n      args: [--model_id=meta-llama/Llama-3.1-8B-Instruct, --max-model-len=8192]\n";
        Write("hf-runtime.yaml", "apiVersion: serving.kserve.io/v1alpha1\nkind: ServingRuntime\nmetadata:\n  name: hf\nspec:\n  containers:\n    - name: kserve-container\n      image: vllm/vllm-openai:v0.10.1\n      args: [--max-num-seqs=4096]\n  supportedModelFormats:\n    - name: huggingface\n      autoSelect: true\n");
        var notSelected = YamlLinter.Lint(Write("hf.yaml", huggingface), huggingface, Gpu("RTX 4090"), new YamlProject());
        Assert.DoesNotContain(notSelected.Findings, f => f.Path.EndsWith("hf-runtime.yaml", StringComparison.Ordinal) || f.Finding.Id == "VRAM004");

        // The service's own arguments come after the runtime's, so they win.
        Assert.DoesNotContain(overridden.Findings, f => f.Finding.Id == "VRAM001");
        Assert.Equal(1, overridden.Sized);
    }

    [Fact]
    public void A_project_of_the_hosts_files_alone_finds_neighbours_among_them_and_never_on_the_disk()
    {
        // The analyzer's view: the files it was given, by full path, in a folder that need not exist on the disk.
        var root = Path.Combine(folder, "not-on-disk");
        var compose = Path.Combine(root, "compose.yaml");
        var deployment = Path.Combine(root, "deployment.yaml");
        var held = new Dictionary<string, string>
        {
            [compose] = "services:\n  vllm:\n    image: vllm/vllm-openai\n    command: [\"Qwen/Qwen2.5-7B-Instruct\", \"--max-model-len\", \"${LEN:-4096}\"]\n",
            [Path.Combine(root, ".env")] = "LEN=16384\n",
            [Path.Combine(root, "maps.yaml")] = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: short\ndata:\n  config.yaml: |\n    model: meta-llama/Llama-3.1-8B-Instruct\n    max-model-len: 8192\n",
            [deployment] = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: vllm\nspec:\n  template:\n    spec:\n      containers:\n        - name: vllm\n          image: vllm/vllm-openai:v0.10.1\n          args: [\"--config\", \"/etc/vllm/config.yaml\"]\n          volumeMounts:\n            - name: config\n              mountPath: /etc/vllm\n      volumes:\n        - name: config\n          configMap:\n            name: short\n",
        };
        var project = new YamlProject(path => held.TryGetValue(path, out var text) ? text : null, held.Keys);

        var fromEnv = YamlLinter.Lint(compose, held[compose], Gpu("H100-80GB"), project);
        var fromMap = YamlLinter.Lint(deployment, held[deployment], Gpu("H100-80GB"), project);

        Assert.Equal(16384, fromEnv.Checks.Single().Result.Estimate!.Settings.MaxModelLen);
        Assert.Equal(8192, fromMap.Checks.Single().Result.Estimate!.Settings.MaxModelLen);

        // A neighbour on the disk that the host did not give is not read: the deployment says what it could not find.
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "other-maps.yaml"), held[Path.Combine(root, "maps.yaml")].Replace("name: short", "name: disk-only"));
        var fromDisk = YamlLinter.Lint(deployment, held[deployment].Replace("name: short", "name: disk-only"), Gpu("H100-80GB"), project);
        Assert.Contains(fromDisk.Findings, f => f.Finding.Id == "VRAM009" && f.Finding.Message.EndsWith("of ConfigMap 'disk-only', which is not in this file or its folder", StringComparison.Ordinal));
    }
}
