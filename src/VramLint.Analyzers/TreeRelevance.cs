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
    /// <summary>Words (lower case, compared without case) whose absence proves a file states no vLLM deployment of its own.</summary>
    private static readonly string[] Markers =
    {
        "vllm", "modellen", "model-len", "model_len", "tensorparallel", "tensor-parallel", "tensor_parallel", "gpumemoryutil", "gpu-memory", "gpu_memory",
        "maxnumseqs", "max-num-seqs", "max_num_seqs",
    };

    private static readonly string[] Vllm = { "vllm" };

    private readonly Compilation compilation;
    private readonly ConcurrentDictionary<SyntaxTree, bool> relevant = new();

    /// <summary>Per file, read once: (names vLLM, names vLLM or a vLLM setting).</summary>
    private readonly ConcurrentDictionary<SyntaxTree, (bool Vllm, bool Marker)> scanned = new();
    private readonly Lazy<string[]> wrapperNames;

    public TreeRelevance(Compilation compilation, CancellationToken cancellation)
    {
        this.compilation = compilation;
        wrapperNames = new Lazy<string[]>(() => WrapperNames(cancellation));
    }

    public bool IsRelevant(SyntaxTree tree, CancellationToken cancellation) =>
        relevant.GetOrAdd(tree, t =>
        {
            if (Scan(t, cancellation).Marker)
            {
                return true;
            }

            var names = wrapperNames.Value;
            if (names.Length == 0)
            {
                return false;
            }

            var text = t.GetText(cancellation);
            return TextScan.ContainsAny(text, new TextSpan(0, text.Length), names, ignoreCase: false, cancellation);
        });

    private (bool Vllm, bool Marker) Scan(SyntaxTree tree, CancellationToken cancellation) =>
        scanned.GetOrAdd(tree, t =>
        {
            // Without a copy of the file: most files name neither, and are read once, in chunks.
            var text = t.GetText(cancellation);
            var all = new TextSpan(0, text.Length);
            var marker = TextScan.ContainsAny(text, all, Markers, ignoreCase: true, cancellation);
            return (marker && TextScan.ContainsAny(text, all, Vllm, ignoreCase: true, cancellation), marker);
        });

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
