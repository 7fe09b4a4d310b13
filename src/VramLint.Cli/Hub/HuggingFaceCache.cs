namespace VramLint.Cli.Hub;

/// <summary>
/// The local Hugging Face cache, read-only: <c>models--{org}--{name}/snapshots/{commit}/config.json</c> under
/// HF_HUB_CACHE, else HF_HOME/hub, else $XDG_CACHE_HOME/huggingface/hub or ~/.cache/huggingface/hub; <c>refs/main</c>
/// names the commit the cache last resolved "main" to. The CLI reads it; builds never do.
/// </summary>
public sealed class HuggingFaceCache
{
    public HuggingFaceCache(Func<string, string?> environment)
    {
        HubFolder = Locate(environment);
    }

    /// <summary>The cache the process's environment names.</summary>
    public static HuggingFaceCache FromProcessEnvironment() => new(Environment.GetEnvironmentVariable);

    /// <summary>The cache's hub folder (it may not exist).</summary>
    public string HubFolder { get; }

    /// <summary>The cached config.json of a repository: the snapshot refs/main names, else the newest snapshot that has one.</summary>
    public bool TryFindConfig(string repoId, out string path)
    {
        path = "";
        var segments = repoId.Trim().Trim('/').Split('/');
        if (segments.Length != 2 || segments.Any(s => s.Length == 0 || s == ".." || s == "."))
        {
            return false;
        }

        var repoFolder = Path.Combine(HubFolder, $"models--{segments[0]}--{segments[1]}");
        var snapshots = Path.Combine(repoFolder, "snapshots");
        if (!Directory.Exists(snapshots))
        {
            return false;
        }

        var mainRef = Path.Combine(repoFolder, "refs", "main");
        if (File.Exists(mainRef) && File.ReadAllText(mainRef).Trim() is { Length: > 0 } commit && commit.IndexOfAny(Path.GetInvalidFileNameChars()) < 0)
        {
            var pinned = Path.Combine(snapshots, commit, "config.json");
            if (File.Exists(pinned))
            {
                path = pinned;
                return true;
            }
        }

        var newest = Directory.GetDirectories(snapshots)
            .Select(d => Path.Combine(d, "config.json"))
            .Where(File.Exists)
            .OrderByDescending(File.GetLastWriteTimeUtc)
            .FirstOrDefault();
        path = newest ?? "";
        return newest is not null;
    }

    private static string Locate(Func<string, string?> environment)
    {
        if (NonEmpty(environment("HF_HUB_CACHE")) is { } hubCache)
        {
            return hubCache;
        }

        if (NonEmpty(environment("HF_HOME")) is { } home)
        {
            return Path.Combine(home, "hub");
        }

        var cacheRoot = NonEmpty(environment("XDG_CACHE_HOME"))
            ?? Path.Combine(NonEmpty(environment("HOME")) ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(cacheRoot, "huggingface", "hub");
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
}
