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

    /// <summary>
    /// The files to check, in path order, each once, with the facts of each read just before it is handed out (for a
    /// file named on the command line, those read to tell it from a folder): one stat(2) a file, that also guards the read.
    /// </summary>
    public static IEnumerable<(string Path, FileFacts Facts)> Expand(IReadOnlyList<string> paths, string workingDirectory)
    {
        if (paths.Count == 0)
        {
            throw new UsageException("no files or folders to check; e.g. vramlint check deploy/");
        }

        var files = new List<string>();
        var visitedFolders = new HashSet<string>(StringComparer.Ordinal);
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
        return EachOnce(files.Distinct().OrderBy(f => f, StringComparer.Ordinal), named);
    }

    private static IEnumerable<(string Path, FileFacts Facts)> EachOnce(IEnumerable<string> files, Dictionary<string, FileFacts> named)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var facts = named.TryGetValue(file, out var known) ? known : FileFacts.Of(file);
            if (seen.Add(facts.Identity))
            {
                yield return (file, facts);
            }
        }
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
