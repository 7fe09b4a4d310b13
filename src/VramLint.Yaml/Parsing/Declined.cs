namespace VramLint.Yaml.Parsing;

/// <summary>
/// The fast reader met something it does not read exactly as YamlDotNet does (or an error): the caller throws away what
/// its sink was told and parses the text again with YamlDotNet. Caught only by <see cref="YamlDocuments.Load"/> (and by
/// the tests and benchmarks that drive the reader).
/// </summary>
internal sealed class Declined : Exception
{
    public Declined(string reason)
        : base(reason)
    {
    }
}
