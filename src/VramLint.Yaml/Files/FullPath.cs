namespace VramLint.Yaml.Files;

/// <summary>
/// <see cref="Path.GetFullPath(string)"/> without its normalizing walk over a path that needs none: a check asks for the
/// full path of every file several times (its facts, its folder's configuration, model facts and chart), and the walk
/// copies the path each time.
/// </summary>
public static class FullPath
{
    /// <summary>
    /// The path itself when it is already full and normal on a Unix file system (rooted, no empty, <c>.</c> or
    /// <c>..</c> segment); otherwise <see cref="Path.GetFullPath(string)"/>'s answer.
    /// </summary>
    public static string Of(string path) => IsNormal(path) ? path : Path.GetFullPath(path);

    /// <summary>Whether the path is full and normal on a Unix file system: what <see cref="Path.GetFullPath(string)"/> returns unchanged.</summary>
    public static bool IsNormal(string path) =>
        Path.DirectorySeparatorChar == '/' && path.Length > 0 && path[0] == '/'
        && path.IndexOf("//", StringComparison.Ordinal) < 0 && path.IndexOf("/.", StringComparison.Ordinal) < 0 && path.IndexOf('\0') < 0;
}
