namespace VramLint.Yaml.Parsing;

/// <summary>
/// The fast reader met something it does not read exactly as YamlDotNet does (or an error): the caller parses the text
/// again with YamlDotNet. Thrown only before any event is handed out, and caught only by <see cref="FastYamlParser"/>.
/// </summary>
internal sealed class Declined : Exception
{
    public Declined(string reason)
        : base(reason)
    {
    }
}
