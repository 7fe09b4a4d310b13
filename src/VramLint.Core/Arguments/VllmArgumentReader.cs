namespace VramLint.Core.Arguments;

/// <summary>Reads vLLM command lines as vLLM's own parser does. (Helper-owned: work in progress.)</summary>
public static class VllmArgumentReader
{
    public static ParsedArguments Read(IReadOnlyList<ArgumentToken> tokens) => throw new NotImplementedException();
}
