using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using VramLint.Analyzers.Flow;
using VramLint.Analyzers.Recognizers;
using VramLint.Core;
using VramLint.Core.Configuration;
using VramLint.Core.Diagnostics;
using VramLint.Core.Settings;

namespace VramLint.Analyzers;

/// <summary>
/// Finds vLLM deployments in C# (Aspire containers and integrations, processes, container specs, Testcontainers,
/// options types, command collections), has Core check them against the GPUs declared in .globalconfig/.editorconfig,
/// and reports Core's findings on the code that holds the responsible value. Symbols are resolved once per compilation;
/// recognizers run on the operation kinds they name, each operation block sharing one index of its locals; what needs
/// every file (GPUs shared across files, configuration problems, VRAM010) is reported at the compilation's end.
/// The project's vLLM YAML files, when the compiler receives them (design-time builds, i.e. the IDE), are linted by the
/// build task's own code (<see cref="YamlAdditionalFiles"/>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class VllmDeploymentAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The settings whose value locations a code fix may need.</summary>
    private static readonly string[] FixableSettings =
    {
        SettingNames.TensorParallelSize, SettingNames.MaxNumSeqs, SettingNames.MaxModelLen, SettingNames.Model,
    };

    /// <summary>
    /// Per operation kind (its number), the recognizers that asked for it, in their order; built once per analyzer. Plain
    /// arrays: LINQ and collections over the OperationKind enum would be JIT-compiled afresh in every compiler process.
    /// </summary>
    private readonly IDeploymentRecognizer[][] recognizersByKind;

    public VllmDeploymentAnalyzer()
        : this(new IDeploymentRecognizer[]
        {
            new AspireContainerRecognizer(), new ProcessRecognizer(), new ContainerSpecRecognizer(), new TestcontainersRecognizer(),
            new OptionsTypeRecognizer(), new CommandCollectionRecognizer(),
        })
    {
    }

    /// <summary>For tests: the analyzer with other recognizers (e.g. one that throws, to prove a bug surfaces as AD0001).</summary>
    internal VllmDeploymentAnalyzer(IEnumerable<IDeploymentRecognizer> recognizers)
    {
        var all = recognizers.ToArray();
        var largest = -1;
        foreach (var recognizer in all)
        {
            foreach (var kind in recognizer.Kinds)
            {
                largest = Math.Max(largest, (int)kind);
            }
        }

        // One pass in the recognizers' order, each listed once per kind (no generic search over the enum).
        var lists = new List<IDeploymentRecognizer>?[largest + 1];
        foreach (var recognizer in all)
        {
            foreach (var kind in recognizer.Kinds)
            {
                var list = lists[(int)kind] ??= new List<IDeploymentRecognizer>();
                if (!list.Contains(recognizer))
                {
                    list.Add(recognizer);
                }
            }
        }

        recognizersByKind = new IDeploymentRecognizer[largest + 1][];
        for (var kind = 0; kind <= largest; kind++)
        {
            recognizersByKind[kind] = lists[kind]?.ToArray() ?? Array.Empty<IDeploymentRecognizer>();
        }
    }

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.DoesNotFit,
        Descriptors.StartupPeak,
        Descriptors.ExceedsCluster,
        Descriptors.BatchExceedsKvCache,
        Descriptors.InvalidParallelism,
        Descriptors.UnknownModel,
        Descriptors.InvalidValue,
        Descriptors.UnreadableFile,
        Descriptors.Unresolved,
        Descriptors.SharedGpus,
        Descriptors.ConfigurationProblem,
        Descriptors.NoCapacityDeclared);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            // Nothing is resolved before the pre-check: a project none of whose files names vLLM never resolves the symbols
            // or reads Core's tables, and the model facts and YAML files are looked for only when the compiler passes
            // additional files.
            var compilation = start.Compilation;
            var symbols = new Lazy<KnownSymbols>(() => new KnownSymbols(compilation), LazyThreadSafetyMode.ExecutionAndPublication);
            var state = new CompilationState();
            var calleeIndexes = new ConcurrentDictionary<SyntaxNode, BlockIndex>();
            var relevance = new TreeRelevance(compilation, start.CancellationToken);
            var additionalFiles = start.Options.AdditionalFiles;
            var models = additionalFiles.IsEmpty ? AdditionalModelFacts.None : AdditionalModelFacts.From(start.Options);

            // A project none of whose files names vLLM or a vLLM setting holds no deployment (a wrapper is found by its
            // file naming vLLM): then no per-file action at all, since the compiler's own cost of calling one for every
            // file is most of what a per-file action costs (docs/performance.md). Only the compilation end runs.
            if (relevance.AnyMarker(start.CancellationToken))
            {
                // Core's one-time tables and the compilation's symbols are built here, once, before any file's action can
                // start: built by the first deployment's action instead, every other file's action that reached a
                // deployment meanwhile waited on it (and the compiler counts each wait as this analyzer's time).
                DeploymentChecker.Prepare();
                _ = symbols.Value;
                RegisterPerFile(start, relevance, symbols, calleeIndexes, state, models);
            }

            // The project's vLLM YAML, for the editor (design-time builds give the compiler these files; builds give them to the task).
            if (!additionalFiles.IsEmpty && YamlAdditionalFiles.From(start.Options, models) is { IsEmpty: false } yaml)
            {
                start.RegisterAdditionalFileAction(file =>
                {
                    if (yaml.Analyze(file.AdditionalFile, file.ReportDiagnostic, file.CancellationToken))
                    {
                        state.NeedsCapacity = true;
                    }
                });
            }

            start.RegisterCompilationEndAction(end => ReportProjectWide(end, state));
        });
    }

    /// <summary>
    /// Per file: the text pre-check first (no operations are built for files that cannot hold a deployment); then each
    /// code block's operations, each shown to the recognizers that asked for its kind, sharing one index of the block's
    /// locals; and the options types the file declares.
    /// </summary>
    private void RegisterPerFile(CompilationStartAnalysisContext start, TreeRelevance relevance, Lazy<KnownSymbols> symbols,
        ConcurrentDictionary<SyntaxNode, BlockIndex> calleeIndexes, CompilationState state, AdditionalModelFacts models)
    {
        start.RegisterSemanticModelAction(analysis =>
        {
            var model = analysis.SemanticModel;
            var tree = model.SyntaxTree;
            var cancellation = analysis.CancellationToken;
            if (!relevance.IsRelevant(tree, cancellation))
            {
                return;
            }

            var found = new List<CSharpDeployment>();
            foreach (var block in CodeBlocks(tree.GetRoot(cancellation)))
            {
                if (model.GetOperation(block, cancellation) is not { } root)
                {
                    continue;
                }

                var flow = new ValueFlow(symbols.Value, new BlockIndex(new[] { root }), calleeIndexes, cancellation);
                foreach (var operation in root.DescendantsAndSelf())
                {
                    var kind = (int)operation.Kind;
                    if (kind < recognizersByKind.Length)
                    {
                        foreach (var recognizer in recognizersByKind[kind])
                        {
                            found.AddRange(recognizer.Recognize(operation, flow));
                        }
                    }
                }
            }

            // An options type is reported once, from its first declaration in a file that passes the pre-check (partial
            // parts may be elsewhere).
            foreach (var declaration in tree.GetRoot(cancellation).DescendantNodes().OfType<TypeDeclarationSyntax>())
            {
                if (model.GetDeclaredSymbol(declaration, cancellation) is { } type
                    && type.DeclaringSyntaxReferences.FirstOrDefault(r => relevance.IsRelevant(r.SyntaxTree, cancellation)) is { } first
                    && first.SyntaxTree == tree && first.Span == declaration.Span && OptionsTypeRecognizer.FromType(type, cancellation) is { } options)
                {
                    found.Add(options);
                }
            }

            if (found.Count > 0)
            {
                Report(found, analysis.Options, tree, analysis.ReportDiagnostic, state, models, cancellation);
            }
        });
    }

    /// <summary>The code blocks of a file, outermost only: top-level statements, member bodies, accessors, initializers.</summary>
    private static IEnumerable<SyntaxNode> CodeBlocks(SyntaxNode root)
    {
        if (root is CompilationUnitSyntax unit && unit.Members.OfType<GlobalStatementSyntax>().Any())
        {
            yield return unit;
        }

        foreach (var node in root.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax or BasePropertyDeclarationSyntax
                     or AccessorListSyntax or FieldDeclarationSyntax or VariableDeclarationSyntax or VariableDeclaratorSyntax or ParameterListSyntax or ParameterSyntax))
        {
            switch (node)
            {
                case BaseMethodDeclarationSyntax or AccessorDeclarationSyntax:
                case ArrowExpressionClauseSyntax { Parent: BasePropertyDeclarationSyntax }:
                case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax or PropertyDeclarationSyntax or ParameterSyntax }:
                    yield return node;
                    break;
            }
        }
    }

    private static void Report(IReadOnlyList<CSharpDeployment> deployments, AnalyzerOptions analyzerOptions, SyntaxTree? tree, Action<Diagnostic> report, CompilationState state, AdditionalModelFacts models, CancellationToken cancellation)
    {
        var config = tree is null ? analyzerOptions.AnalyzerConfigOptionsProvider.GlobalOptions : analyzerOptions.AnalyzerConfigOptionsProvider.GetOptions(tree);
        var options = VramLintOptions.FromLookup(key => config.TryGetValue(key, out var value) ? value : null);
        // Keyed by one string (id, place, message): a set of tuples would be JIT-compiled in every compiler process.
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var deployment in deployments)
        {
            var unresolved = deployment.Unresolved();
            if (unresolved.Count > 0)
            {
                foreach (var (what, origin) in unresolved)
                {
                    var location = origin.Location == Location.None ? deployment.AnchorLocation : origin.Location;
                    Emit(Diagnostic.Create(Descriptors.Unresolved, location, $"{what} comes from {origin.Unresolved}; not checked"));
                }

                continue;
            }

            // Values that are not what their place expects (a GPU count that is not a number) are reported where they are written.
            foreach (var (problem, at) in deployment.Problems)
            {
                Emit(Diagnostic.Create(Descriptors.For(problem.Id), ValueOrigin.ToLocation(at.Whole), problem.Message));
            }

            if (deployment.ToInput() is not { } parsed)
            {
                continue;
            }

            // Model facts the project checks in (.vramlint/models/...) apply to the file's deployments.
            var input = tree is null ? parsed : models.Apply(parsed, tree.FilePath, cancellation);

            var result = DeploymentChecker.Check(input, options);
            var notes = deployment.Notes();
            foreach (var finding in result.Findings)
            {
                if (finding.Id == DiagnosticIds.NoCapacityDeclared)
                {
                    state.NeedsCapacity = true;
                    continue;
                }

                var diagnostic = ToDiagnostic(Descriptors.For(finding.Id), finding, deployment, input, notes);
                if (deployment.ReportWithin is not { } span || (diagnostic.Location.SourceTree == deployment.AnchorLocation.SourceTree && span.Contains(diagnostic.Location.SourceSpan)))
                {
                    Emit(diagnostic);
                }
            }

            if (input.GpuDevices is { Count: > 0 } && result.Estimate is not null)
            {
                state.Pinned.Add(new PinnedDeployment(deployment, input, result, notes));
            }
        }

        void Emit(Diagnostic diagnostic)
        {
            // A location's text names its file and span, for source and external files alike.
            if (reported.Add(diagnostic.Id + "\n" + diagnostic.Location + "\n" + diagnostic.GetMessage(CultureInfo.InvariantCulture)))
            {
                report(diagnostic);
            }
        }
    }

    /// <summary>What only the whole project tells: configuration problems, GPUs shared by deployments of different files, no capacity at all.</summary>
    private static void ReportProjectWide(CompilationAnalysisContext end, CompilationState state)
    {
        var global = end.Options.AnalyzerConfigOptionsProvider.GlobalOptions;
        var options = VramLintOptions.FromLookup(key => global.TryGetValue(key, out var value) ? value : null);

        // When the package's YAML task lints this project it reports them, at the key's line; the build shows them once.
        var taskReports = global.TryGetValue("build_property.VramLintReportsConfiguration", out var flag) && flag == "true";
        foreach (var problem in taskReports ? Enumerable.Empty<Finding>() : options.Problems)
        {
            end.ReportDiagnostic(Diagnostic.Create(Descriptors.ConfigurationProblem, Location.None, problem.Message));
        }

        var pinned = state.Pinned.ToList();
        if (pinned.Count > 1)
        {
            var inputs = pinned.Select(p => p.Input).ToList();
            foreach (var (index, finding) in DeploymentChecker.SharedGpuFindings(inputs, pinned.Select(p => p.Result).ToList()))
            {
                var at = pinned[index];
                end.ReportDiagnostic(ToDiagnostic(Descriptors.SharedGpus, finding, at.Deployment, at.Input, at.Notes));
            }
        }

        if (state.NeedsCapacity && !options.HasCapacity)
        {
            end.ReportDiagnostic(Diagnostic.Create(Descriptors.NoCapacityDeclared, Location.None, DeploymentChecker.NoCapacityFinding().Message));
        }
    }

    private static Diagnostic ToDiagnostic(DiagnosticDescriptor descriptor, Finding finding, CSharpDeployment deployment, DeploymentInput input, IReadOnlyList<string> notes)
    {
        var parsed = input.Arguments;
        var location = ValueOrigin.ToLocation(deployment.Place(finding, input));

        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        var additional = new List<Location>();
        if (finding.Setting is not null)
        {
            properties[FixProperties.Setting] = finding.Setting;
        }

        properties[FixProperties.FixCount] = finding.Fixes.Count.ToString(CultureInfo.InvariantCulture);
        for (var i = 0; i < finding.Fixes.Count; i++)
        {
            var fix = finding.Fixes[i];
            properties[FixProperties.FixSetting(i)] = fix.Setting;
            properties[FixProperties.FixValue(i)] = fix.Value;
            properties[FixProperties.FixTitle(i)] = fix.Title;
            if (fix.GpuCount is { } gpus)
            {
                properties[FixProperties.FixGpuCount(i)] = gpus.ToString(CultureInfo.InvariantCulture);
            }
        }

        foreach (var setting in FixableSettings)
        {
            if (ValueOrigin.ToLocation(parsed.Find(setting)?.ValueLocation) is { } valueLocation)
            {
                properties[FixProperties.LocationOf(setting)] = additional.Count.ToString(CultureInfo.InvariantCulture);
                additional.Add(valueLocation);
            }
        }

        if (ValueOrigin.ToLocation(input.GpuCountLocation) is { } gpuLocation)
        {
            properties[FixProperties.LocationOf(SettingNames.GpuCount)] = additional.Count.ToString(CultureInfo.InvariantCulture);
            additional.Add(gpuLocation);
        }

        // A default used in place of a run-time value is said, so the reader knows what was checked.
        var message = notes.Count == 0 ? finding.Message : finding.Message + " (checked with " + string.Join("; ", notes) + ")";
        return Diagnostic.Create(descriptor, location, additional, properties.ToImmutable(), message);
    }

    /// <summary>What the compilation-end action needs to know; written from concurrent actions.</summary>
    private sealed class CompilationState
    {
        private int needsCapacity;

        /// <summary>Deployments pinned to GPU devices. Of a class, not a value tuple: a bag of tuples is JIT-compiled in every compiler process.</summary>
        public ConcurrentBag<PinnedDeployment> Pinned { get; } = new();

        public bool NeedsCapacity
        {
            get => Volatile.Read(ref needsCapacity) != 0;
            set => Volatile.Write(ref needsCapacity, value ? 1 : 0);
        }
    }

    /// <summary>A deployment pinned to GPU devices, with what its check found, for the compilation end's shared-GPU check.</summary>
    private sealed class PinnedDeployment
    {
        public PinnedDeployment(CSharpDeployment deployment, DeploymentInput input, CheckResult result, IReadOnlyList<string> notes)
        {
            Deployment = deployment;
            Input = input;
            Result = result;
            Notes = notes;
        }

        public CSharpDeployment Deployment { get; }

        public DeploymentInput Input { get; }

        public CheckResult Result { get; }

        public IReadOnlyList<string> Notes { get; }
    }
}
