using VramLint.Core.Configuration;
using VramLint.Core.Models;

namespace VramLint.Cli;

/// <summary>
/// The CLI's reading of model facts (design.md section 7): every <c>.vramlint/models</c> folder from a deployment file's
/// folder upward and the folders named by <c>vramlint.model_dirs</c>; and, for a served model it can see itself, the
/// config.json of a local model folder or of the model's snapshot in the Hugging Face cache. Core does the parsing.
/// </summary>
internal sealed class ModelFactsFolders
{
    /// <summary>A safetensors index of a very large checkpoint is a few MiB; anything far beyond is not a facts file.</summary>
    private const long MaxFileBytes = 64L << 20;

    private readonly Dictionary<string, IReadOnlyList<ModelFactsFile>> cache = new(StringComparer.Ordinal);
    private readonly string workingDirectory;

    public ModelFactsFolders(string workingDirectory)
    {
        this.workingDirectory = workingDirectory;
    }

    /// <summary>The facts for a deployment file (for <c>estimate</c>, a path in the current folder).</summary>
    public ModelFactsContext For(string deploymentPath, ConfigFiles config)
    {
        var files = new List<ModelFactsFile>();
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(Path.GetFullPath(deploymentPath))!); dir is not null; dir = dir.Parent)
        {
            files.AddRange(Read(Path.Combine(dir.FullName, ".vramlint", "models")));
        }

        var modelDirs = ModelFactsLibrary.ModelDirs(config.Get(ConfigKeys.ModelDirs), config.SourceFile(ConfigKeys.ModelDirs));
        foreach (var dir in modelDirs)
        {
            files.AddRange(Read(dir));
        }

        return new ModelFactsContext(ModelFactsLibrary.ForDeployment(files, deploymentPath, modelDirs), ConfigJsonFor);
    }

    /// <summary>The config.json of a served local folder that exists here, else of the model's Hugging Face cache snapshot.</summary>
    internal string? ConfigJsonFor(string model)
    {
        var written = model.Trim();
        if (written.StartsWith("file://", StringComparison.OrdinalIgnoreCase))
        {
            written = written.Substring("file://".Length);
        }

        if (written.StartsWith("~", StringComparison.Ordinal))
        {
            written = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + written.Substring(1);
        }

        if (written.IndexOf("://", StringComparison.Ordinal) < 0)
        {
            var folder = Path.GetFullPath(Path.Combine(workingDirectory, written));
            if (Directory.Exists(folder))
            {
                return ReadText(Path.Combine(folder, "config.json"));
            }
        }

        return HuggingFaceCacheConfig(written);
    }

    /// <summary>
    /// hub/models--org--name/snapshots/&lt;commit&gt;/config.json, the commit named by refs/main when present (the layout
    /// huggingface_hub writes); the hub folder is HF_HUB_CACHE, else HF_HOME/hub, else ~/.cache/huggingface/hub.
    /// </summary>
    private static string? HuggingFaceCacheConfig(string model)
    {
        var parts = model.Split('/');
        if (parts.Length != 2 || parts.Any(p => p.Length == 0 || p == "." || p == ".."))
        {
            return null;
        }

        var hub = Environment.GetEnvironmentVariable("HF_HUB_CACHE") is { Length: > 0 } hubCache
            ? hubCache
            : Path.Combine(
                Environment.GetEnvironmentVariable("HF_HOME") is { Length: > 0 } home ? home : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "huggingface"),
                "hub");
        var repo = Path.Combine(hub, $"models--{parts[0]}--{parts[1]}");
        var snapshots = Path.Combine(repo, "snapshots");
        if (!Directory.Exists(snapshots))
        {
            return null;
        }

        var main = ReadText(Path.Combine(repo, "refs", "main"))?.Trim();
        if (main is { Length: > 0 } && ReadText(Path.Combine(snapshots, main, "config.json")) is { } pinned)
        {
            return pinned;
        }

        return Directory.EnumerateDirectories(snapshots)
            .Select(d => Path.Combine(d, "config.json"))
            .Where(File.Exists)
            .OrderByDescending(File.GetLastWriteTimeUtc)
            .Select(ReadText)
            .FirstOrDefault(t => t is not null);
    }

    /// <summary>Every JSON file under a facts folder, in a stable order; an unreadable one is passed on empty, so Core names it.</summary>
    private IReadOnlyList<ModelFactsFile> Read(string folder)
    {
        if (cache.TryGetValue(folder, out var known))
        {
            return known;
        }

        var files = new List<ModelFactsFile>();
        if (Directory.Exists(folder))
        {
            foreach (var path in Directory.EnumerateFiles(folder, "*.json", SearchOption.AllDirectories).OrderBy(p => p, StringComparer.Ordinal))
            {
                files.Add(new ModelFactsFile(path, ReadText(path) ?? ""));
            }
        }

        cache[folder] = files;
        return files;
    }

    private static string? ReadText(string path)
    {
        try
        {
            return File.Exists(path) && new FileInfo(path).Length <= MaxFileBytes ? File.ReadAllText(path) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
