using VramLint.Yaml.Files;

namespace VramLint.Cli.Commands;

/// <summary>
/// The files named on the command line: files as given, folders searched for *.yaml and *.yml and for the scripts that
/// launch vLLM (*.sh, Dockerfile, Makefile). Each file is listed once however many paths reach it (folder links, hard
/// links); a folder link back up the tree is not followed twice; links to nothing, FIFOs and devices are listed so that
/// the check reports them (VRAM008).
/// </summary>
internal static class YamlFiles
{
    private static readonly HashSet<string> SkippedFolders = new(StringComparer.OrdinalIgnoreCase) { "bin", "obj", ".git", "node_modules" };

    public static IReadOnlyList<string> Expand(IReadOnlyList<string> paths, string workingDirectory)
    {
        if (paths.Count == 0)
        {
            throw new UsageException("no files or folders to check; e.g. vramlint check deploy/");
        }

        var files = new List<string>();
        var visitedFolders = new HashSet<string>(StringComparer.Ordinal);

        // The facts of the files named one by one, read once: a check of 2,000 named files would stat each twice.
        var named = new Dictionary<string, FileFacts>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            var full = Path.GetFullPath(Path.Combine(workingDirectory, path));
            var facts = FileFacts.Of(full);
            named[full] = facts;
            switch (facts.Kind)
            {
                case FileKind.Missing:
                    throw new UsageException($"'{path}' is neither a file nor a folder");
                case FileKind.Directory:
                    Search(full, visitedFolders, files);
                    break;
                default:
                    files.Add(full);
                    break;
            }
        }

        // One path per file: the first in order, so that the output does not depend on the file system's listing order.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return files.Distinct().OrderBy(f => f, StringComparer.Ordinal).Where(f => seen.Add((named.TryGetValue(f, out var facts) ? facts : FileFacts.Of(f)).Identity)).ToList();
    }

    private static void Search(string folder, HashSet<string> visited, List<string> files)
    {
        if (!visited.Add(FileFacts.Of(folder).Identity))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(folder))
        {
            if (file.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || Yaml.YamlLinter.IsScript(file))
            {
                files.Add(file);
            }
        }

        foreach (var sub in Directory.EnumerateDirectories(folder).OrderBy(d => d, StringComparer.Ordinal))
        {
            if (!SkippedFolders.Contains(Path.GetFileName(sub)))
            {
                Search(sub, visited, files);
            }
        }
    }
}
