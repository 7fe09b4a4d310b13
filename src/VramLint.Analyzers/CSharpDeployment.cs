using Microsoft.CodeAnalysis;
using VramLint.Analyzers.Flow;
using VramLint.Core;
using VramLint.Core.Arguments;

namespace VramLint.Analyzers;

/// <summary>A vLLM deployment found in C#: its command words as the code builds them, and the values it could not read.</summary>
internal sealed class CSharpDeployment : DeploymentCandidate
{
    /// <summary>Flags whose value does not move memory: an unread value of one of these does not stop the check.</summary>
    private static readonly HashSet<string> Harmless = new(StringComparer.Ordinal)
    {
        "host", "port", "served-model-name", "api-key", "hf-token", "chat-template", "tool-call-parser", "download-dir", "uvicorn-log-level",
        "revision", "tokenizer", "tokenizer-revision", "ssl-keyfile", "ssl-certfile", "root-path", "middleware", "allowed-origins",
    };

    public CSharpDeployment(Location anchor, string name)
        : base(name, new ValueOrigin(anchor, -1))
    {
    }

    /// <summary>The call or creation that declares the deployment.</summary>
    public Location AnchorLocation => ((ValueOrigin)Anchor).Location;

    public List<ArgumentToken> Words { get; } = new();

    /// <summary>Values the deployment needs that are not words (a program name, an image), unread.</summary>
    public List<ResolvedValue> OtherUnresolved { get; } = new();

    /// <summary>True when the words are the arguments of an image whose entrypoint is vllm serve.</summary>
    public bool ImageEntrypoint { get; set; }

    /// <summary>Words after an explicit entrypoint: it replaces the image's "vllm serve", so they become a whole command line.</summary>
    public void Command(ResolvedValue? entrypoint, IEnumerable<ResolvedValue> arguments)
    {
        if (entrypoint is not null)
        {
            ImageEntrypoint = false;
            Add(entrypoint);
        }

        AddRange(arguments);
    }

    /// <summary>When set, only findings inside this span are this deployment's (the rest are reported by another, e.g. an options type's defaults).</summary>
    public Microsoft.CodeAnalysis.Text.TextSpan? ReportWithin { get; set; }

    public void Add(ResolvedValue value) => Words.Add(value.ToToken());

    public void AddRange(IEnumerable<ResolvedValue> values) => Words.AddRange(values.Select(v => v.ToToken()));

    /// <summary>
    /// The values that stop the check, each named with the setting it would give ("max-model-len", "the model"). An unread
    /// value of a flag that does not move memory (--port, --api-key) is not one of them.
    /// </summary>
    public IReadOnlyList<(string What, ValueOrigin Origin)> Unresolved()
    {
        var list = new List<(string, ValueOrigin)>();
        foreach (var value in OtherUnresolved)
        {
            list.Add(("the command", value.Origin));
        }

        for (var i = 0; i < Words.Count; i++)
        {
            if (Words[i].Text != ResolvedValue.UnresolvedWord || Words[i].Location?.Origin is not ValueOrigin origin || IsProgramOfServe(i))
            {
                continue;
            }

            var flag = i > 0 && Words[i - 1].Text.StartsWith("-", StringComparison.Ordinal) && Words[i - 1].Text.IndexOf('=') < 0
                ? VllmFlags.Canonical(Words[i - 1].Text.TrimStart('-'))
                : null;
            if (flag is not null && (Harmless.Contains(flag) || VllmFlags.Find(flag) is null))
            {
                continue;
            }

            var positionalModel = (i == 0 && ImageEntrypoint) || (i > 0 && Words[i - 1].Text == "serve");
            list.Add((flag ?? (positionalModel ? "the model" : "a command-line word"), origin));
        }

        return list;
    }

    /// <summary>A program path read at run time, followed by "serve": it is vllm, wherever it is installed.</summary>
    private bool IsProgramOfServe(int i) => i == 0 && Words.Count > 1 && Words[1].Text == "serve";

    /// <summary>Notes on the defaults used in place of run-time values, for the finding's message.</summary>
    public IReadOnlyList<string> Notes() =>
        Words.Select(w => (w.Location?.Origin as ValueOrigin)?.Note).Where(n => n is not null).Distinct().ToList()!;

    public override DeploymentInput? ToInput()
    {
        var parsed = VllmArgumentReader.Read(CheckedWords());
        return parsed.IsVllmCommand || ImageEntrypoint ? Input(parsed) : null;
    }

    /// <summary>
    /// The words Core reads: a harmless flag whose value is read at run time is left out with its value (its value does
    /// not move memory); a program path read at run time before "serve" is vllm.
    /// </summary>
    private List<ArgumentToken> CheckedWords()
    {
        var words = new List<ArgumentToken>();
        for (var i = 0; i < Words.Count; i++)
        {
            if (Words[i].Text != ResolvedValue.UnresolvedWord)
            {
                words.Add(Words[i]);
            }
            else if (IsProgramOfServe(i))
            {
                words.Add(new ArgumentToken("vllm", Words[i].Location));
            }
            else if (words.Count > 0 && words[words.Count - 1].Text.StartsWith("-", StringComparison.Ordinal))
            {
                words.RemoveAt(words.Count - 1);
            }
        }

        return words;
    }

    /// <summary>True when the words read as a vLLM command (or the image runs vllm serve) once unread words are set aside.</summary>
    public bool LooksLikeVllm()
    {
        var words = CheckedWords();

        // A program read from run time followed by "serve" is still vllm serve.
        return ImageEntrypoint || VllmArgumentReader.Read(words).IsVllmCommand
            || (Words.Count >= 2 && Words[0].Text == ResolvedValue.UnresolvedWord && Words[1].Text == "serve");
    }
}
