namespace VramLint.Yaml.Files;

/// <summary>What writing one file's fixes did: written, or why the file was left as it was.</summary>
public sealed record FixWriteResult(string Path, bool Written, string? Failure, string Before, string After);

/// <summary>
/// The one writer of YAML fixes, for the MSBuild task and the CLI. It writes the text the edits make of the exact bytes
/// that were linted, in the same encoding, byte order mark and line endings, to a temporary file in the same folder
/// (a copy of the original, so permissions stay) and then replaces the original atomically: a full disk or any other
/// failure leaves the original whole. A file whose bytes changed since they were linted is not written, nor is a file
/// with several hard links (replacing it would split them). Callers edit each file once (see <see cref="YamlSource.Identity"/>).
/// </summary>
public static class YamlFixWriter
{
    /// <summary>The text after the edits, without writing anything (for <c>fix --dry-run</c>).</summary>
    public static string Preview(YamlSource source, IEnumerable<YamlEdit> edits) =>
        YamlFixer.Apply(source.Text ?? throw new InvalidOperationException("the file was not read"), edits);

    public static FixWriteResult Write(YamlSource source, IReadOnlyList<YamlEdit> edits) =>
        Write(source, edits, (stream, bytes) => stream.Write(bytes, 0, bytes.Length));

    /// <param name="writeTemp">Writes the new bytes to the temporary file; tests pass one that fails as a full disk does.</param>
    internal static FixWriteResult Write(YamlSource source, IReadOnlyList<YamlEdit> edits, Action<FileStream, byte[]> writeTemp)
    {
        var before = source.Text ?? throw new InvalidOperationException("the file was not read");
        var after = Preview(source, edits);
        FixWriteResult Failed(string why) => new(source.Path, false, why, before, after);

        var target = source.RealPath;
        var facts = FileFacts.Of(target);
        if (facts.Kind != FileKind.Regular || facts.Identity != source.Identity)
        {
            return Failed("the file was moved or replaced since it was checked; not changed");
        }

        if (facts.LinkCount > 1)
        {
            return Failed($"the file has {facts.LinkCount} names (hard links); replacing it would split them; not changed, apply the fix by hand");
        }

        byte[] current;
        try
        {
            current = YamlSource.ReadAtMost(target, YamlText.MaxBytes + 1);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Failed("the file could not be read again: " + e.Message + "; not changed");
        }

        if (!current.SequenceEqual(source.Bytes))
        {
            return Failed("the file changed since it was checked; not changed, run the fix again");
        }

        var bytes = YamlText.Encode(after, source.Encoding);
        var temp = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(target)!, "." + System.IO.Path.GetFileName(target) + ".vramlint-" + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp");
        try
        {
            // A copy carries the original's permissions; its bytes are then overwritten and flushed to the disk.
            File.Copy(target, temp);
            using (var stream = new FileStream(temp, FileMode.Truncate, FileAccess.Write, FileShare.None))
            {
                writeTemp(stream, bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Replace(temp, target, destinationBackupFileName: null);
            return new FixWriteResult(source.Path, true, null, before, after);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            TryDelete(temp);
            return Failed("the fixed file could not be written: " + e.Message + "; the original is unchanged");
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left behind: a hidden .tmp file next to the original, which itself is intact.
        }
    }
}
