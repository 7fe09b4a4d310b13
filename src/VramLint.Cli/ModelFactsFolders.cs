using VramLint.Cli.Hub;
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

    private readonly Dictionary<string, IReadOnlyList<ModelFactsFile>> folders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ModelFactsLibrary> libraries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> configJsons = new(StringComparer.Ordinal);
    private readonly string workingDirectory;
    private readonly HuggingFaceCache cache;
    private (string Folder, ConfigFiles Config, ModelFactsContext Context)? last;

    /// <param name="workingDirectory">Where the CLI runs: served relative paths are read from here.</param>
    /// <param name="environment">Environment variables (HF_HUB_CACHE, HF_HOME); the process's when null.</param>
    public ModelFactsFolders(string workingDirectory, Func<string, string?>? environment = null)
    {
        this.workingDirectory = workingDirectory;
        cache = new HuggingFaceCache(environment ?? Environment.GetEnvironmentVariable);
    }

    /// <summary>The facts for a deployment file (for <c>estimate</c>, a path in the current folder).</summary>
    public ModelFactsContext For(string deploymentPath, ConfigFiles config)
    {
        var folder = Path.GetDirectoryName(Yaml.Files.FullPath.Of(deploymentPath))!;

        // The files of a folder, read in turn, share the context while their configuration is the same: no model_dirs
        // to read again, no key to build, no context a file.
        if (last is { } previous && previous.Folder == folder && config.SameValues(previous.Config))
        {
            return previous.Context;
        }

        var modelDirs = ModelFactsLibrary.ModelDirs(config.Get(ConfigKeys.ModelDirs), config.SourceFile(ConfigKeys.ModelDirs));

        // The library depends on the deployment's folder and the model_dirs only: the folders are walked and their files
        // parsed once per folder, not once per deployment file.
        var key = folder + "\n" + string.Join("\n", modelDirs);
        if (!libraries.TryGetValue(key, out var library))
        {
            var files = new List<ModelFactsFile>();
            for (var dir = new DirectoryInfo(folder); dir is not null; dir = dir.Parent)
            {
                files.AddRange(Read(Path.Combine(dir.FullName, ".vramlint", "models")));
            }

            foreach (var dir in modelDirs)
            {
                files.AddRange(Read(dir));
            }

            libraries[key] = library = ModelFactsLibrary.ForDeployment(files, deploymentPath, modelDirs);
        }

        var context = new ModelFactsContext(library, ConfigJsonFor);
        last = (folder, config, context);
        return context;
    }

    /// <summary>The config.json of a served local folder that exists here, else of the model's Hugging Face cache snapshot.</summary>
    internal string? ConfigJsonFor(string model)
    {
        // Many deployment files of a run serve the same model: its folder and cache are probed once.
        if (!configJsons.TryGetValue(model, out var text))
        {
            configJsons[model] = text = FindConfigJson(model);
        }

        return text;
    }

    private string? FindConfigJson(string model)
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

        return cache.TryFindConfig(written, out var cached) ? ReadText(cached) : null;
    }

    /// <summary>Every JSON file under a facts folder, in a stable order; an unreadable one is passed on empty, so Core names it.</summary>
    private IReadOnlyList<ModelFactsFile> Read(string folder)
    {
        if (folders.TryGetValue(folder, out var known))
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

        folders[folder] = files;
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
