namespace VramLint.Cli.Commands;

/// <summary>
/// The files named on the command line: files as given, folders searched for *.yaml and *.yml and for the scripts that
/// launch vLLM (*.sh, Dockerfile, Makefile).
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
        foreach (var path in paths)
        {
            var full = Path.GetFullPath(Path.Combine(workingDirectory, path));
            if (File.Exists(full))
            {
                files.Add(full);
            }
            else if (Directory.Exists(full))
            {
                files.AddRange(Search(full));
            }
            else
            {
                throw new UsageException($"'{path}' is neither a file nor a folder");
            }
        }

        return files.Distinct().OrderBy(f => f, StringComparer.Ordinal).ToList();
    }

    private static IEnumerable<string> Search(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            if (file.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || Yaml.YamlLinter.IsScript(file))
            {
                yield return file;
            }
        }

        foreach (var sub in Directory.EnumerateDirectories(folder))
        {
            if (!SkippedFolders.Contains(Path.GetFileName(sub)))
            {
                foreach (var file in Search(sub))
                {
                    yield return file;
                }
            }
        }
    }
}
