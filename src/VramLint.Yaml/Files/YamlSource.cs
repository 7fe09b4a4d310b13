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

    private YamlSource(string path, FileFacts facts, string realPath)
    {
        Path = path;
        Facts = facts;
        RealPath = realPath;
    }

    /// <summary>The path as named (for messages).</summary>
    public string Path { get; }

    /// <summary>The path with every symbolic link resolved: where a fix writes.</summary>
    public string RealPath { get; }

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

    public static YamlSource Read(string path)
    {
        var facts = FileFacts.Of(path);
        var source = new YamlSource(path, facts, facts.Kind == FileKind.Regular ? FileFacts.RealPath(path) : System.IO.Path.GetFullPath(path));
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
                source.Relevant = YamlLinter.LooksLikeVllm(System.Text.Encoding.UTF8.GetString(ReadAtMost(path, SniffBytes)));
                source.Problem = YamlText.TooLarge(facts.Size);
                return source;
            }

            source.Bytes = ReadAtMost(path, YamlText.MaxBytes + 1);
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
    internal static byte[] ReadAtMost(string path, int limit)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096, FileOptions.SequentialScan);
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while (buffer.Length < limit && (read = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, limit - buffer.Length))) > 0)
        {
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private YamlSource Unreadable(string message)
    {
        Problem = new Finding(DiagnosticIds.UnreadableFile, message);
        Relevant = true;
        return this;
    }
}
