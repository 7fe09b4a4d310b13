using VramLint.Core.Arguments;
using VramLint.Yaml.Scripts;

namespace VramLint.Yaml;

/// <summary>
/// The files around the one being linted, read once per run: ConfigMaps in the same folder (for a vLLM <c>--config</c>
/// file mounted from one), a compose <c>.env</c>, a Helm chart's own <c>values.yaml</c> under a <c>values-*.yaml</c>, and
/// which charts have already been said to be skipped. Files are only read, never written.
/// </summary>
public sealed class YamlProject
{
    private readonly Dictionary<string, ProjectFile?> files = new(StringComparer.Ordinal);
    private readonly HashSet<string> reportedCharts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<string>> folders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FolderObjects> folderObjects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> chartRoots = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> chartFiles = new(StringComparer.Ordinal);
    private readonly Func<string, string?>? heldTexts;

    /// <summary>When set, the project is these files (full paths) and nothing else: the disk is never read or listed.</summary>
    private readonly HashSet<string>? onlyFiles;

    public YamlProject()
    {
    }

    /// <param name="heldTexts">
    /// The texts the host already holds by full path (the analyzer's AdditionalFiles: the editor's unsaved buffers),
    /// used instead of the disk; null for a path it does not hold, which is then read from the disk as the task reads it.
    /// </param>
    public YamlProject(Func<string, string?> heldTexts)
    {
        this.heldTexts = heldTexts;
    }

    /// <summary>
    /// A project made of the host's files alone (the analyzer's AdditionalFiles: an analyzer reads no disk): neighbours,
    /// folders and charts are looked for among <paramref name="files"/>, whose texts <paramref name="heldTexts"/> gives.
    /// </summary>
    public YamlProject(Func<string, string?> heldTexts, IEnumerable<string> files)
        : this(heldTexts)
    {
        onlyFiles = new HashSet<string>(files.Select(f => Files.FullPath.Of(f)), StringComparer.Ordinal);
    }

    /// <summary>A file read for the project: its text and, when it is YAML, its documents.</summary>
    internal sealed class ProjectFile
    {
        public ProjectFile(string path, string text, IReadOnlyList<YamlDocument>? documents)
        {
            Path = path;
            Text = text;
            Documents = documents ?? Array.Empty<YamlDocument>();
            Nodes = new YamlNodes(text, path);
            Lines = new LineMap(text);
        }

        public string Path { get; }

        public string Text { get; }

        public IReadOnlyList<YamlDocument> Documents { get; }

        public YamlNodes Nodes { get; }

        public LineMap Lines { get; }
    }

    internal ProjectFile? Load(string path)
    {
        var full = Files.FullPath.Of(path);
        if (files.TryGetValue(full, out var cached))
        {
            return cached;
        }

        ProjectFile? file = null;
        if ((onlyFiles is null || onlyFiles.Contains(full)) && heldTexts?.Invoke(full) is { } held)
        {
            file = new ProjectFile(full, held, IsYaml(full) ? YamlDocuments.Load(held, out _, out _) : null);
            files[full] = file;
            return file;
        }

        if (onlyFiles is not null)
        {
            files[full] = null;
            return null;
        }

        try
        {
            if (File.Exists(full) && new FileInfo(full).Length <= YamlText.MaxBytes)
            {
                var text = YamlText.Decode(File.ReadAllBytes(full), out _);
                if (text is not null)
                {
                    file = new ProjectFile(full, text, IsYaml(full) ? YamlDocuments.Load(text, out _, out _) : null);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // An unreadable neighbour only means its facts are unknown; the deployment that needs them says so.
            file = null;
        }

        files[full] = file;
        return file;
    }

    private static bool IsYaml(string path) => path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The objects (each document, and each item of a kind: List or Template) of the YAML files in the same folder as
    /// <paramref name="path"/>, itself excluded, in file and document order with their kind. Files are read only as far
    /// as the caller goes, and what was read is kept for the run: a folder of many files is not walked again for each
    /// file that looks for an object in it.
    /// </summary>
    internal IEnumerable<(ProjectFile File, YamlNode Root, string Kind)> SiblingObjects(string path)
    {
        var full = Files.FullPath.Of(path);
        var folder = System.IO.Path.GetDirectoryName(full);
        if (folder is null || (onlyFiles is null && !Directory.Exists(folder)))
        {
            yield break;
        }

        if (!folderObjects.TryGetValue(folder, out var read))
        {
            folderObjects[folder] = read = new FolderObjects(YamlFilesIn(folder));
        }

        var next = 0;
        while (true)
        {
            for (; next < read.Objects.Count; next++)
            {
                if (read.Objects[next].File.Path != full)
                {
                    yield return read.Objects[next];
                }
            }

            if (read.FilesRead == read.Files.Count)
            {
                yield break;
            }

            if (Load(read.Files[read.FilesRead++]) is { } file)
            {
                foreach (var root in file.Documents.SelectMany(YamlDocuments.Objects).Select(d => d.RootNode))
                {
                    read.Objects.Add((file, root, YamlNodes.Scalar(YamlNodes.Child(root, "kind")) ?? ""));
                }
            }
        }
    }

    /// <summary>How far a folder's files have been read for their objects.</summary>
    private sealed class FolderObjects
    {
        public FolderObjects(IReadOnlyList<string> files) => Files = files;

        public IReadOnlyList<string> Files { get; }

        public int FilesRead { get; set; }

        public List<(ProjectFile File, YamlNode Root, string Kind)> Objects { get; } = new();
    }

    /// <summary>A folder's YAML files in ordinal order, listed once per run (a folder of many files is not listed once per file).</summary>
    private IReadOnlyList<string> YamlFilesIn(string folder)
    {
        if (!folders.TryGetValue(folder, out var list))
        {
            folders[folder] = list = (onlyFiles?.Where(f => string.Equals(System.IO.Path.GetDirectoryName(f), folder, StringComparison.Ordinal)) ?? Directory.EnumerateFiles(folder))
                .Where(IsYaml)
                .OrderBy(f => f, StringComparer.Ordinal)
                .ToList();
        }

        return list;
    }

    /// <summary>The <c>.env</c> next to a compose file: KEY=VALUE lines, each value located in that file.</summary>
    internal IReadOnlyDictionary<string, ShellVariable> DotEnv(string path)
    {
        var folder = System.IO.Path.GetDirectoryName(Files.FullPath.Of(path));
        return folder is null ? new Dictionary<string, ShellVariable>() : EnvFile(System.IO.Path.Combine(folder, ".env")) ?? new Dictionary<string, ShellVariable>();
    }

    /// <summary>A file of KEY=VALUE (or export KEY=VALUE) lines, as a script sources it; null when it is not there.</summary>
    internal IReadOnlyDictionary<string, ShellVariable>? EnvFile(string file)
    {
        var variables = new Dictionary<string, ShellVariable>(StringComparer.Ordinal);
        if (Load(file) is not { } env)
        {
            return null;
        }

        var index = 0;
        foreach (var raw in env.Text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            var trimmed = line.TrimStart();
            var lead = line.Length - trimmed.Length;
            if (trimmed.StartsWith("export ", StringComparison.Ordinal))
            {
                lead += 7;
                trimmed = trimmed.Substring(7);
            }

            var eq = trimmed.IndexOf('=');
            if (!trimmed.StartsWith("#", StringComparison.Ordinal) && eq > 0)
            {
                var name = trimmed.Substring(0, eq).Trim();
                var value = trimmed.Substring(eq + 1);
                var start = index + lead + eq + 1;
                var hash = value.IndexOf(" #", StringComparison.Ordinal);
                if (hash >= 0)
                {
                    value = value.Substring(0, hash);
                }

                value = value.TrimEnd();
                var quoted = value.Length >= 2 && value[0] is '"' or '\'' && value[value.Length - 1] == value[0];
                var origin = new YamlOrigin(start, start + value.Length, quoted ? 1 : 0, quoted ? value.Length - 2 : value.Length, env.Path);
                variables[name] = new ShellVariable(quoted ? value.Substring(1, value.Length - 2) : value, new SourceLocation(origin));
            }

            index += raw.Length + 1;
        }

        return variables;
    }

    /// <summary>The chart folder (with Chart.yaml) a file belongs to, searching upward; null outside a chart.</summary>
    /// <remarks>
    /// Asked for every file (twice for a values file), up to six folders each: answered once per folder per run, and each
    /// folder's Chart.yaml looked for once (files in sibling folders share the folders above them).
    /// </remarks>
    internal string? ChartRoot(string path)
    {
        var folder = System.IO.Path.GetDirectoryName(Files.FullPath.Of(path)) ?? "";
        if (!chartRoots.TryGetValue(folder, out var chart))
        {
            chartRoots[folder] = chart = ChartRoot(path, HasChartFile);
        }

        return chart;
    }

    private bool HasChartFile(string chartFile)
    {
        if (!chartFiles.TryGetValue(chartFile, out var exists))
        {
            chartFiles[chartFile] = exists = onlyFiles is null ? File.Exists(chartFile) : onlyFiles.Contains(chartFile);
        }

        return exists;
    }

    /// <summary>The chart folder of a file, asking <paramref name="exists"/> whether a Chart.yaml is there (the disk, when no project says).</summary>
    internal static string? ChartRoot(string path, Func<string, bool> exists)
    {
        var folder = System.IO.Path.GetDirectoryName(Files.FullPath.Of(path));
        for (var depth = 0; folder is not null && depth < 6; depth++, folder = System.IO.Path.GetDirectoryName(folder))
        {
            if (exists(System.IO.Path.Combine(folder, "Chart.yaml")))
            {
                return folder;
            }
        }

        return null;
    }

    /// <summary>
    /// The chart's own values.yaml when <paramref name="path"/> is another values file of that chart (values-prod.yaml,
    /// values/gpu.yaml): Helm layers the given file over the chart's defaults.
    /// </summary>
    internal ProjectFile? ChartDefaults(string path)
    {
        var name = System.IO.Path.GetFileName(path);
        if (!name.StartsWith("values", StringComparison.OrdinalIgnoreCase) || name.Equals("values.yaml", StringComparison.OrdinalIgnoreCase)
            || ChartRoot(path) is not { } chart)
        {
            return null;
        }

        var defaults = System.IO.Path.Combine(chart, "values.yaml");
        return Files.FullPath.Of(path) == defaults ? null : Load(defaults);
    }

    /// <summary>True the first time a chart is reported as skipped in this run.</summary>
    internal bool FirstReport(string chart) => reportedCharts.Add(chart);

    internal LineMap? Lines(string path) => Load(path)?.Lines;
}
