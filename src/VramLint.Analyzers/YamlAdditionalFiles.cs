using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using VramLint.Core.Configuration;
using VramLint.Yaml;

namespace VramLint.Analyzers;

/// <summary>
/// The project's vLLM YAML files (and the scripts listed with them), received as AdditionalFiles so that their findings
/// show while editing: each is linted by VramLint.Yaml's <see cref="YamlLinter"/>, the code the build task runs, with the
/// file's own options, so the IDE shows the same diagnostics at the same lines and columns as the build.
/// Only files the package marked (metadata <c>VramLintYaml</c>, i.e. items of <c>@(VramLintYaml)</c>) are read. The package
/// gives them to the compiler in design-time builds only; a command-line build takes them back just before CoreCompile and
/// the task reports them, so one build never reports a finding twice (README, "YAML in the IDE").
/// </summary>
internal sealed class YamlAdditionalFiles
{
    /// <summary>The item metadata the package's targets set and expose through <c>CompilerVisibleItemMetadata</c>.</summary>
    public const string MetadataKey = "build_metadata.AdditionalFiles.VramLintYaml";

    /// <summary>Files the YAML reads beside itself but that are not linted (a compose file's <c>.env</c>): given so that no disk is read.</summary>
    public const string NeighbourMetadataKey = "build_metadata.AdditionalFiles.VramLintNeighbour";

    /// <summary>How much of an oversized file is read to decide whether it is a vLLM file at all (as the task does).</summary>
    private const int SniffChars = 1024 * 1024;

    private readonly AnalyzerOptions options;
    private readonly AdditionalModelFacts models;

    /// <summary>The marked files by full path, the ones linted.</summary>
    private readonly ImmutableDictionary<string, AdditionalText> marked;

    /// <summary>
    /// The marked files and their marked neighbours by full path: the whole project the YAML linter sees here (their texts
    /// are the editor's buffers). An analyzer reads no disk, so a neighbour the package does not give is not found.
    /// </summary>
    private readonly ImmutableDictionary<string, AdditionalText> held;
    private readonly ConcurrentDictionary<string, SourceText?> texts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int[]> lineStarts = new(StringComparer.Ordinal);

    private YamlAdditionalFiles(AnalyzerOptions options, AdditionalModelFacts models, ImmutableDictionary<string, AdditionalText> marked, ImmutableDictionary<string, AdditionalText> held)
    {
        this.options = options;
        this.models = models;
        this.marked = marked;
        this.held = held;
    }

    public bool IsEmpty => marked.IsEmpty;

    public static YamlAdditionalFiles From(AnalyzerOptions options, AdditionalModelFacts models)
    {
        var marked = ImmutableDictionary.CreateBuilder<string, AdditionalText>(StringComparer.Ordinal);
        var held = ImmutableDictionary.CreateBuilder<string, AdditionalText>(StringComparer.Ordinal);
        foreach (var file in options.AdditionalFiles)
        {
            var yaml = IsMarked(options, file, MetadataKey);
            if ((yaml || IsMarked(options, file, NeighbourMetadataKey)) && !held.ContainsKey(file.Path))
            {
                held.Add(file.Path, file);
                if (yaml)
                {
                    marked.Add(file.Path, file);
                }
            }
        }

        return new YamlAdditionalFiles(options, models, marked.ToImmutable(), held.ToImmutable());
    }

    private static bool IsMarked(AnalyzerOptions options, AdditionalText file, string key) =>
        options.AnalyzerConfigOptionsProvider.GetOptions(file).TryGetValue(key, out var value)
        && string.Equals(value.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Lints one file as the task lints it, with the file's options, and reports its findings.
    /// Returns true when the file has deployments but no GPU capacity is declared (VRAM010 is said once, at the end).
    /// </summary>
    public bool Analyze(AdditionalText file, Action<Diagnostic> report, CancellationToken cancellation)
    {
        if (!marked.ContainsKey(file.Path) || Text(file.Path, cancellation) is not { } source)
        {
            return false;
        }

        var config = options.AnalyzerConfigOptionsProvider.GetOptions(file);
        var fileOptions = VramLintOptions.FromLookup(key => config.TryGetValue(key, out var value) ? value : null);
        if (source.Length > YamlText.MaxBytes)
        {
            // Over the task's limit: said only when its beginning looks like a vLLM file, as the task says it.
            if (YamlLinter.LooksLikeVllm(source.ToString(new TextSpan(0, SniffChars))))
            {
                Report(new YamlFinding(YamlText.TooLarge(source.Length), file.Path, 1, 1, 1, 1), report, cancellation);
            }

            return false;
        }

        var text = source.ToString();
        if (!YamlLinter.LooksLikeVllm(text))
        {
            return false;
        }

        var project = new YamlProject(path => Text(path, cancellation)?.ToString(), held.Keys);
        var result = YamlLinter.Lint(file.Path, text, fileOptions, project, models.For(file.Path, cancellation));
        foreach (var finding in result.Findings)
        {
            Report(finding, report, cancellation);
        }

        return result.NeedsCapacity;
    }

    /// <summary>
    /// Reports at the rule's default severity: the compiler applies .globalconfig severities, NoWarn and
    /// TreatWarningsAsErrors to it. A severity in an .editorconfig section is not applied to additional files (roslyn#31916),
    /// and Roslyn does not show those keys to analyzers, so in the IDE only the task honours it (README).
    /// </summary>
    private void Report(YamlFinding finding, Action<Diagnostic> report, CancellationToken cancellation) =>
        report(Diagnostic.Create(Descriptors.For(finding.Finding.Id), ToLocation(finding, cancellation), finding.Finding.Message));

    /// <summary>
    /// The finding's place as the task prints it (1-based line and column, lines split at '\n', end exclusive), and the
    /// matching span in the file's text when VramLint holds the file (a value placed in a neighbour it does not hold has
    /// its line and column only).
    /// </summary>
    private Location ToLocation(YamlFinding finding, CancellationToken cancellation)
    {
        var lines = new LinePositionSpan(
            new LinePosition(Math.Max(0, finding.Line - 1), Math.Max(0, finding.Column - 1)),
            new LinePosition(Math.Max(0, finding.EndLine - 1), Math.Max(0, finding.EndColumn - 1)));
        var span = default(TextSpan);
        if (Text(finding.Path, cancellation) is { } text
            && lineStarts.GetOrAdd(finding.Path, _ => LineStarts(text)) is var starts
            && Offset(text, starts, finding.Line, finding.Column) is { } start
            && Offset(text, starts, finding.EndLine, finding.EndColumn) is { } end && end >= start)
        {
            span = TextSpan.FromBounds(start, end);
        }

        return Location.Create(finding.Path, span, lines);
    }

    /// <summary>The offset of a 1-based line and column counted as the YAML linter counts them (lines end at '\n').</summary>
    private static int? Offset(SourceText text, int[] lineStarts, int line, int column)
    {
        if (line < 1 || line > lineStarts.Length)
        {
            return null;
        }

        var position = lineStarts[line - 1] + column - 1;
        return position >= 0 && position <= text.Length ? position : null;
    }

    private static int[] LineStarts(SourceText text)
    {
        var starts = new List<int> { 0 };
        var buffer = new char[4096];
        for (var chunk = 0; chunk < text.Length; chunk += buffer.Length)
        {
            var count = Math.Min(buffer.Length, text.Length - chunk);
            text.CopyTo(chunk, buffer, 0, count);
            for (var i = 0; i < count; i++)
            {
                if (buffer[i] == '\n')
                {
                    starts.Add(chunk + i + 1);
                }
            }
        }

        return starts.ToArray();
    }

    /// <summary>The text of a marked file or neighbour (the editor's buffer in the IDE), read once; null for any other path.</summary>
    private SourceText? Text(string path, CancellationToken cancellation) =>
        held.TryGetValue(path, out var file) ? texts.GetOrAdd(path, _ => file.GetText(cancellation)) : null;
}
