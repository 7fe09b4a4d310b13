namespace VramLint.Core.Arguments;

/// <summary>
/// One vLLM setting as it was written: which flag, which value, and where both came from,
/// so that a diagnostic can land on the value and a fix can rewrite exactly it.
/// </summary>
public sealed class SettingOccurrence
{
    public SettingOccurrence(string name, string spelling, ArgumentToken flagToken, string? rawValue, SourceLocation? valueLocation, bool inlineValue)
    {
        Name = name;
        Spelling = spelling;
        FlagToken = flagToken;
        RawValue = rawValue;
        ValueLocation = valueLocation;
        IsInlineValue = inlineValue;
    }

    /// <summary>Canonical name: long form, dashes, no leading dashes ("tensor-parallel-size").</summary>
    public string Name { get; }

    /// <summary>The flag as written ("--tensor_parallel_size", "-tp", "tensor_parallel_size" in a config file).</summary>
    public string Spelling { get; }

    /// <summary>The token that holds the flag (for <c>--flag=value</c> it holds the value too).</summary>
    public ArgumentToken FlagToken { get; }

    /// <summary>The value text, or null for a bare boolean flag.</summary>
    public string? RawValue { get; }

    /// <summary>Where exactly the value text sits (inside the flag token for <c>--flag=value</c>).</summary>
    public SourceLocation? ValueLocation { get; }

    /// <summary>True when written <c>--flag=value</c>.</summary>
    public bool IsInlineValue { get; }

    /// <summary>The best place to report a problem with this setting's value.</summary>
    public SourceLocation? BestLocation => ValueLocation ?? FlagToken.Location;

    public override string ToString() => RawValue is null ? Spelling : Spelling + " " + RawValue;
}
