using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace VramLint.Analyzers;

/// <summary>
/// The cheap pre-check that lets the analyzer bail out before any binding: a file can hold a vLLM deployment only if its
/// text names vLLM or a vLLM setting, or calls a method declared in a file that names vLLM (a wrapper such as
/// <c>AddLlm</c> in another file). Decided once per file, from text and syntax only.
/// </summary>
internal sealed class TreeRelevance
{
    /// <summary>The word "vllm", shared by the markers and the wrapper search, so no search builds its own group.</summary>
    private static readonly WordGroup[] Vllm = { new("vllm", "vllm") };

    /// <summary>
    /// Words (compared without case) whose absence proves a file states no vLLM deployment of its own, grouped by a part
    /// they share: five searches of each file instead of thirteen.
    /// </summary>
    private static readonly WordGroup[] Markers =
    {
        Vllm[0],
        new("odel", "modellen", "model-len", "model_len"),
        new("tensor", "tensorparallel", "tensor-parallel", "tensor_parallel"),
        new("gpu", "gpumemoryutil", "gpu-memory", "gpu_memory"),
        new("seqs", "maxnumseqs", "max-num-seqs", "max_num_seqs"),
    };

    private readonly Compilation compilation;

    /// <summary>
    /// Per file, read once. Values are objects: a dictionary of value tuples or booleans would be JIT-compiled in every
    /// compiler process, where one of references runs the framework's precompiled code.
    /// </summary>
    private readonly ConcurrentDictionary<SyntaxTree, FileFacts> scanned = new();

    /// <summary>The wrappers' names as word groups, made once: every file without a marker is searched for them.</summary>
    private readonly Lazy<WordGroup[]> wrapperNames;

    public TreeRelevance(Compilation compilation, CancellationToken cancellation)
    {
        this.compilation = compilation;
        wrapperNames = new Lazy<WordGroup[]>(() => WrapperNames(cancellation).Select(name => new WordGroup(name, name)).ToArray());
    }

    /// <summary>
    /// True when some file of the compilation names vLLM or a vLLM setting: without one, no file is relevant (a wrapper
    /// counts only when its own file names vLLM). Stops at the first such file; the files read are remembered.
    /// </summary>
    public bool AnyMarker(CancellationToken cancellation)
    {
        foreach (var tree in compilation.SyntaxTrees)
        {
            if (Scan(tree, cancellation).Marker)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Decided once per file. Looked up before computed, so a file that was decided costs a dictionary read and no allocation.</summary>
    public bool IsRelevant(SyntaxTree tree, CancellationToken cancellation)
    {
        var facts = Scan(tree, cancellation);
        if (facts.Decided)
        {
            return facts.Relevant;
        }

        // A file without a marker is relevant only if it calls a wrapper: decided once, then remembered in its entry.
        var decided = CallsWrapper(tree, cancellation) ? FileFacts.CallsWrapper : FileFacts.Plain;
        scanned[tree] = decided;
        return decided.Relevant;
    }

    private bool CallsWrapper(SyntaxTree tree, CancellationToken cancellation)
    {
        var names = wrapperNames.Value;
        if (names.Length == 0)
        {
            return false;
        }

        var text = tree.GetText(cancellation);
        return TextScan.ContainsAny(text, new TextSpan(0, text.Length), names, ignoreCase: false, cancellation);
    }

    private FileFacts Scan(SyntaxTree tree, CancellationToken cancellation)
    {
        if (scanned.TryGetValue(tree, out var known))
        {
            return known;
        }

        // Without a copy of the file: most files name neither, and are read once, in chunks.
        var text = tree.GetText(cancellation);
        var all = new TextSpan(0, text.Length);
        var facts = !TextScan.ContainsAny(text, all, Markers, ignoreCase: true, cancellation) ? FileFacts.NoMarker
            : TextScan.ContainsAny(text, all, Vllm, ignoreCase: true, cancellation) ? FileFacts.NamesVllm
            : FileFacts.NamesSetting;
        return scanned.GetOrAdd(tree, facts);
    }

    /// <summary>
    /// What the text pre-check found in one file, and whether the file is relevant once that is decided: one of five
    /// shared values, so no file costs an object of its own.
    /// </summary>
    private sealed class FileFacts
    {
        public static readonly FileFacts NamesVllm = new(vllm: true, decided: true, relevant: true);
        public static readonly FileFacts NamesSetting = new(vllm: false, decided: true, relevant: true);
        public static readonly FileFacts NoMarker = new(vllm: false, decided: false, relevant: false);
        public static readonly FileFacts CallsWrapper = new(vllm: false, decided: true, relevant: true);
        public static readonly FileFacts Plain = new(vllm: false, decided: true, relevant: false);

        private FileFacts(bool vllm, bool decided, bool relevant)
        {
            Vllm = vllm;
            Decided = decided;
            Relevant = relevant;
        }

        /// <summary>The file names vLLM.</summary>
        public bool Vllm { get; }

        /// <summary>Whether the file is relevant is known: a file with a marker is; one without waits for the wrapper search.</summary>
        public bool Decided { get; }

        /// <summary>The file may hold a deployment (once decided).</summary>
        public bool Relevant { get; }

        /// <summary>The file names vLLM or a vLLM setting.</summary>
        public bool Marker => this == NamesVllm || this == NamesSetting;
    }

    /// <summary>The names of the methods whose own declaration names vLLM (a wrapper, or one calling a wrapper so named): calling one may make a deployment.</summary>
    private string[] WrapperNames(CancellationToken cancellation)
    {
        const string word = "vllm";
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tree in compilation.SyntaxTrees)
        {
            if (!Scan(tree, cancellation).Vllm)
            {
                continue;
            }

            // From each place the word is written to the method around it (a few per file), instead of visiting every node
            // of the file. The text of a file read from disk is a string already (Roslyn's StringText returns it whole).
            var text = tree.GetText(cancellation).ToString();
            var root = tree.GetRoot(cancellation);
            for (var at = text.IndexOf(word, StringComparison.OrdinalIgnoreCase); at >= 0;)
            {
                cancellation.ThrowIfCancellationRequested();
                var next = at + 1;
                if (root.FindToken(at).Parent?.FirstAncestorOrSelf<MethodDeclarationSyntax>() is { } method
                    && method.Span.Start <= at && at + word.Length <= method.Span.End)
                {
                    names.Add(method.Identifier.ValueText);
                    next = method.Span.End;
                }

                at = next < text.Length ? text.IndexOf(word, next, StringComparison.OrdinalIgnoreCase) : -1;
            }
        }

        return names.ToArray();
    }
}
