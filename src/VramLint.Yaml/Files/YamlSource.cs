using VramLint.Core.Diagnostics;

namespace VramLint.Yaml.Files;

/// <summary>
/// One YAML file as the task and the CLI read it, once: what the path really is (links resolved, its identity), the
/// exact bytes that were linted (a fix checks them unchanged before writing), the text and its encoding; or the VRAM008
/// finding that says why it was not read. Reads are bounded before they start: only regular files, size checked first.
/// </summary>
public sealed class YamlSource
{
    /// <summary>How much of an oversized file is read to decide whether it is a vLLM file at all.</summary>
    private const int SniffBytes = 1024 * 1024;

    private string? realPath;

    private YamlSource(string path, FileFacts facts, string? realPath)
    {
        Path = path;
        Facts = facts;
        this.realPath = realPath;
    }

    /// <summary>The path as named (for messages).</summary>
    public string Path { get; }

    /// <summary>The path with every symbolic link resolved: where a fix writes.</summary>
    /// <remarks>Resolved when first asked (realpath(3) reads every folder of the path as a link): a check never asks.</remarks>
    public string RealPath => realPath ??= FileFacts.RealPath(Path);

    public FileFacts Facts { get; }

    /// <summary>The same file reached by another path has the same identity.</summary>
    public string Identity => Facts.Identity;

    /// <summary>The bytes linted; empty when the file was not read.</summary>
    public byte[] Bytes { get; private set; } = Array.Empty<byte>();

    public string? Text { get; private set; }

    public YamlEncoding Encoding { get; private set; }

    /// <summary>Why the file could not be read (VRAM008); null when <see cref="Text"/> is set or the file was skipped.</summary>
    public Finding? Problem { get; private set; }

    /// <summary>True when the file may declare a vLLM deployment (or a problem with it must be reported); false: skip it quietly.</summary>
    public bool Relevant { get; private set; }

    public static YamlSource Read(string path) => Read(path, FileFacts.Of(path));

    /// <summary>Reads a file whose facts the caller has just read (<see cref="FileFacts.Of"/>): only a regular file is opened.</summary>
    public static YamlSource Read(string path, FileFacts facts)
    {
        var source = new YamlSource(path, facts, facts.Kind == FileKind.Regular ? null : System.IO.Path.GetFullPath(path));
        switch (facts.Kind)
        {
            case FileKind.Regular:
                break;
            case FileKind.Special:
                return source.Unreadable("the path is a FIFO, socket or device, not a regular file; it was not read");
            case FileKind.DanglingLink:
                return source.Unreadable("the path is a symbolic link to nothing (its target does not exist); it was not read");
            case FileKind.LinkLoop:
                return source.Unreadable("the path's symbolic links form a loop; it was not read");
            case FileKind.Directory:
                return source.Unreadable("the path is a folder, not a file");
            default:
                return source.Unreadable("the file does not exist");
        }

        try
        {
            if (facts.Size > YamlText.MaxBytes)
            {
                // Over the limit: report it only when its beginning looks like a vLLM file.
                source.Relevant = YamlLinter.LooksLikeVllm(System.Text.Encoding.UTF8.GetString(ReadAtMost(path, SniffBytes, facts.Size)));
                source.Problem = YamlText.TooLarge(facts.Size);
                return source;
            }

            source.Bytes = ReadAtMost(path, YamlText.MaxBytes + 1, facts.Size);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return source.Unreadable("the file could not be read: " + e.Message);
        }

        source.Text = YamlText.Decode(source.Bytes, out var encoding, out var problem);
        source.Encoding = encoding;
        source.Problem = problem;

        // An undecodable file is reported only when its bytes, read leniently, mention vLLM.
        source.Relevant = YamlLinter.LooksLikeVllm(source.Text ?? System.Text.Encoding.UTF8.GetString(source.Bytes));
        return source;
    }

    /// <summary>At most <paramref name="limit"/> bytes of a regular file (it may grow after its size was read).</summary>
    /// <param name="expected">The size stat(2) gave: the buffer starts one byte larger, so a file that did not change is
    /// read straight into it (no 80 KB copy buffer for a file of a few hundred bytes, as a check of 2,000 files reads).</param>
    internal static byte[] ReadAtMost(string path, int limit, long expected = 0)
    {
        var descriptor = UnixStat.OpenForReading(path);
        if (descriptor >= 0)
        {
            try
            {
                if (ReadAtMost(null, descriptor, limit, expected) is { } bytes)
                {
                    return bytes;
                }
            }
            finally
            {
                UnixStat.Close(descriptor);
            }
        }

        // bufferSize 0: no FileStream buffer of its own; the reads go straight into the array. No SequentialScan: a
        // read-ahead hint costs a system call and a deployment file is read in one.
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 0, FileOptions.None);
        return ReadAtMost(stream, -1, limit, expected)!;
    }

    /// <summary>The bytes from <paramref name="stream"/>, else from the open descriptor; null when a read of the descriptor fails.</summary>
    private static byte[]? ReadAtMost(FileStream? stream, int descriptor, int limit, long expected)
    {
        var buffer = new byte[(int)Math.Min(limit, Math.Max(0, expected) + 1)];
        var total = 0;
        while (total < limit)
        {
            if (total == buffer.Length)
            {
                // The file grew since its size was read: double, up to the limit.
                Array.Resize(ref buffer, (int)Math.Min(limit, Math.Max(4096L, 2L * buffer.Length)));
            }

            var asked = buffer.Length - total;
            var read = stream is not null ? stream.Read(buffer, total, asked) : UnixStat.Read(descriptor, buffer, total, asked);
            if (read < 0)
            {
                return null;
            }

            total += read;
            if (read == 0 || (read < asked && total >= expected))
            {
                // Fewer bytes than asked, and all the size stat(2) gave: the end, without a second read to learn it. A
                // short read before that size (a network or FUSE file system may give one) reads on.
                break;
            }
        }

        if (total != buffer.Length)
        {
            Array.Resize(ref buffer, total);
        }

        return buffer;
    }

    private YamlSource Unreadable(string message)
    {
        Problem = new Finding(DiagnosticIds.UnreadableFile, message);
        Relevant = true;
        return this;
    }
}
