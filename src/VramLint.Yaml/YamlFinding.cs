using VramLint.Core.Diagnostics;

namespace VramLint.Yaml;

/// <summary>A finding placed in a YAML file, 1-based line and column, end exclusive.</summary>
public sealed record YamlFinding(Finding Finding, string Path, int Line, int Column, int EndLine, int EndColumn)
{
    /// <summary>The text edits of this finding's first fix, as <c>vramlint fix</c> writes them; empty when it cannot (block scalars, templated values).</summary>
    public IReadOnlyList<YamlEdit> Edits { get; init; } = Array.Empty<YamlEdit>();

    /// <summary>True when the file has an edit for this finding's first fix.</summary>
    public bool Fixable => Edits.Count > 0;

    public override string ToString() => $"{Path}({Line},{Column}): {Finding.Id}: {Finding.Message}";
}
