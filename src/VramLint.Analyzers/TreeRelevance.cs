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
    private readonly Lazy<string[]> wrapperNames;

    public TreeRelevance(Compilation compilation, CancellationToken cancellation)
    {
        this.compilation = compilation;
        wrapperNames = new Lazy<string[]>(() => WrapperNames(cancellation));
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
        if (facts.Relevant is bool known)
        {
            return known;
        }

        var result = facts.Marker || CallsWrapper(tree, cancellation);
        facts.Relevant = result ? True : False;
        return result;
    }

    private static readonly object True = true;
    private static readonly object False = false;

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
        var marker = TextScan.ContainsAny(text, all, Markers, ignoreCase: true, cancellation);
        return scanned.GetOrAdd(tree, new FileFacts(marker && TextScan.ContainsAny(text, all, Vllm, ignoreCase: true, cancellation), marker));
    }

    /// <summary>What the text pre-check found in one file, and whether the file was found relevant (once decided).</summary>
    private sealed class FileFacts
    {
        public FileFacts(bool vllm, bool marker)
        {
            Vllm = vllm;
            Marker = marker;
        }

        /// <summary>The file names vLLM.</summary>
        public bool Vllm { get; }

        /// <summary>The file names vLLM or a vLLM setting.</summary>
        public bool Marker { get; }

        /// <summary>A boxed boolean once decided (written once per file; a race writes the same value).</summary>
        public object? Relevant { get; set; }
    }

    /// <summary>The names of the methods whose own declaration names vLLM (a wrapper, or one calling a wrapper so named): calling one may make a deployment.</summary>
    private string[] WrapperNames(CancellationToken cancellation)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tree in compilation.SyntaxTrees)
        {
            if (!Scan(tree, cancellation).Vllm)
            {
                continue;
            }

            var text = tree.GetText(cancellation);
            foreach (var method in tree.GetRoot(cancellation).DescendantNodes().OfType<MethodDeclarationSyntax>())
            {
                if (TextScan.ContainsAny(text, method.Span, Vllm, ignoreCase: true, cancellation))
                {
                    names.Add(method.Identifier.ValueText);
                }
            }
        }

        return names.ToArray();
    }
}
