using VramLint.Core.Diagnostics;

namespace VramLint.Yaml;

/// <summary>A finding placed in a YAML file, 1-based line and column, end exclusive.</summary>
public sealed record YamlFinding(Finding Finding, string Path, int Line, int Column, int EndLine, int EndColumn)
{
    /// <summary>True when the finding's first fix maps to text edits the fixer writes (not a block scalar, not a missing list item).</summary>
    public bool Fixable { get; init; }

    public override string ToString() => $"{Path}({Line},{Column}): {Finding.Id}: {Finding.Message}";
}
