namespace VramLint.Yaml.Files;

/// <summary>What writing one file's fixes did: written, or why the file was left as it was.</summary>
public sealed record FixWriteResult(string Path, bool Written, string? Failure, string Before, string After);

/// <summary>
/// The one writer of YAML fixes, for the MSBuild task and the CLI. It writes the text the edits make of the exact bytes
/// that were linted, in the same encoding, byte order mark and line endings, to a temporary file in the same folder
/// (a copy of the original, so permissions stay) and then replaces the original atomically: a full disk or any other
/// failure leaves the original whole. A file whose bytes changed since they were linted is not written. A file with
/// several hard links is rewritten in place instead (a replacement would give only one of its names the fix), with a copy
/// of the original beside it until the write has succeeded. Callers edit each file once (see <see cref="YamlSource.Identity"/>).
/// </summary>
public static class YamlFixWriter
{
    /// <summary>The text after the edits, without writing anything (for <c>fix --dry-run</c>).</summary>
    public static string Preview(YamlSource source, IEnumerable<YamlEdit> edits) =>
        YamlFixer.Apply(source.Text ?? throw new InvalidOperationException("the file was not read"), edits);

    public static FixWriteResult Write(YamlSource source, IReadOnlyList<YamlEdit> edits) =>
        Write(source, edits, (stream, bytes) => stream.Write(bytes, 0, bytes.Length));

    /// <param name="writeBytes">Writes the new bytes (to the temporary file, or in place for a hard-linked file); tests pass one that fails as a full disk does.</param>
    internal static FixWriteResult Write(YamlSource source, IReadOnlyList<YamlEdit> edits, Action<FileStream, byte[]> writeBytes)
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

        byte[] current;
        try
        {
            current = YamlSource.ReadAtMost(target, YamlText.MaxBytes + 1, facts.Size);
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
        if (facts.LinkCount > 1)
        {
            return WriteInPlace(source, target, temp, bytes, writeBytes, before, after);
        }

        try
        {
            // A copy carries the original's permissions; its bytes are then overwritten and flushed to the disk.
            File.Copy(target, temp);
            using (var stream = new FileStream(temp, FileMode.Truncate, FileAccess.Write, FileShare.None))
            {
                writeBytes(stream, bytes);
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

    /// <summary>
    /// A file with several names keeps its identity: the original is first copied beside it (no room for the copy: not
    /// changed), then overwritten. Overwriting reuses the file's blocks, so a failure can only come from growth; the
    /// original bytes are then written back, and if even that fails the copy is kept and named.
    /// </summary>
    private static FixWriteResult WriteInPlace(YamlSource source, string target, string backup, byte[] bytes, Action<FileStream, byte[]> writeBytes, string before, string after)
    {
        try
        {
            File.Copy(target, backup);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(backup);
            return new FixWriteResult(source.Path, false, "the file has several names (hard links), so it is rewritten in place, and a copy of the original could not be made first: " + e.Message + "; not changed", before, after);
        }

        try
        {
            Overwrite(target, stream => writeBytes(stream, bytes));
            TryDelete(backup);
            return new FixWriteResult(source.Path, true, null, before, after);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try
            {
                Overwrite(target, stream => stream.Write(source.Bytes, 0, source.Bytes.Length));
                TryDelete(backup);
                return new FixWriteResult(source.Path, false, "the fixed file could not be written: " + e.Message + "; the original was written back", before, after);
            }
            catch (Exception again) when (again is IOException or UnauthorizedAccessException)
            {
                return new FixWriteResult(source.Path, false, "the fixed file could not be written: " + e.Message + "; nor could the original be written back (" + again.Message + "): it is kept in " + backup, before, after);
            }
        }
    }

    /// <summary>Writes over the file's bytes from the start, then cuts it to what was written, and flushes it to the disk.</summary>
    private static void Overwrite(string path, Action<FileStream> write)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.None);
        write(stream);
        stream.SetLength(stream.Position);
        stream.Flush(flushToDisk: true);
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
