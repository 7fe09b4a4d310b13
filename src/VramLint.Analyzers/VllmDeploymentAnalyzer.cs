using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using VramLint.Analyzers.Recognizers;
using VramLint.Core;
using VramLint.Core.Configuration;
using VramLint.Core.Diagnostics;
using VramLint.Core.Settings;

namespace VramLint.Analyzers;

/// <summary>
/// Finds vLLM deployments in C# (Aspire containers, processes, options types), has Core check them against the GPUs
/// declared in .globalconfig/.editorconfig, and reports Core's findings on the code that holds the responsible value.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class VllmDeploymentAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Words whose absence from a file proves it declares no vLLM deployment: the cheap pre-check.</summary>
    private static readonly string[] Markers = { "vllm", "tensorparallel", "tensor_parallel", "maxmodellen", "max_model_len" };

    /// <summary>The settings whose value locations a code fix may need.</summary>
    private static readonly string[] FixableSettings =
    {
        SettingNames.TensorParallelSize, SettingNames.MaxNumSeqs, SettingNames.MaxModelLen, SettingNames.Model,
    };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.DoesNotFit,
        Descriptors.StartupPeak,
        Descriptors.ExceedsCluster,
        Descriptors.BatchExceedsKvCache,
        Descriptors.InvalidParallelism,
        Descriptors.UnknownModel,
        Descriptors.InvalidValue,
        Descriptors.UnreadableFile,
        Descriptors.NoCapacityDeclared);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var startInfo = start.Compilation.GetTypeByMetadataName("System.Diagnostics.ProcessStartInfo");
            var process = start.Compilation.GetTypeByMetadataName("System.Diagnostics.Process");
            var state = new CompilationState();
            var models = AdditionalModelFacts.From(start.Options);

            start.RegisterSemanticModelAction(model => AnalyzeTree(model, startInfo, process, state, models));
            start.RegisterCompilationEndAction(end =>
            {
                if (state.NeedsCapacity)
                {
                    end.ReportDiagnostic(Diagnostic.Create(Descriptors.NoCapacityDeclared, Location.None, DeploymentChecker.NoCapacityFinding().Message));
                }
            });
        });
    }

    private static void AnalyzeTree(SemanticModelAnalysisContext context, INamedTypeSymbol? startInfo, INamedTypeSymbol? process, CompilationState state, AdditionalModelFacts models)
    {
        var tree = context.SemanticModel.SyntaxTree;
        var text = tree.GetText(context.CancellationToken).ToString();
        if (!Markers.Any(marker => text.IndexOf(marker, StringComparison.OrdinalIgnoreCase) >= 0))
        {
            return;
        }

        try
        {
            var root = tree.GetRoot(context.CancellationToken);
            var resolver = new ValueResolver(context.SemanticModel, context.CancellationToken);
            var deployments = AspireContainerRecognizer.Find(root, resolver, context.CancellationToken)
                .Concat(ProcessRecognizer.Find(root, resolver, startInfo, process, context.CancellationToken))
                .Concat(OptionsTypeRecognizer.Find(root, resolver, context.CancellationToken))
                .Concat(ContainerSpecRecognizer.Find(root, resolver, context.CancellationToken))
                .Concat(CommandCollectionRecognizer.Find(root, resolver, context.CancellationToken))
                .Where(d => d.Complete)
                .Select(d => (Deployment: d, Input: d.ToInput()))
                .Where(x => x.Input is not null)
                .ToList();
            if (deployments.Count == 0)
            {
                return;
            }

            var treeOptions = context.Options.AnalyzerConfigOptionsProvider.GetOptions(tree);
            var options = VramLintOptions.FromLookup(key => treeOptions.TryGetValue(key, out var value) ? value : null);
            var inputs = deployments.Select(d => models.Apply(d.Input!, tree.FilePath, context.CancellationToken)).ToList();
            var results = DeploymentChecker.CheckAll(inputs, options);
            for (var i = 0; i < results.Count; i++)
            {
                foreach (var finding in results[i].Findings)
                {
                    if (finding.Id == DiagnosticIds.NoCapacityDeclared)
                    {
                        state.NeedsCapacity = true;
                        continue;
                    }

                    context.ReportDiagnostic(ToDiagnostic(finding, deployments[i].Deployment, deployments[i].Input!));
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception)
        {
            // Half-typed code must never surface as AD0001; a deployment VramLint cannot read is simply not checked.
        }
    }

    private static Diagnostic ToDiagnostic(Finding finding, CSharpDeployment deployment, DeploymentInput input)
    {
        var parsed = input.Arguments;
        var location = ValueOrigin.ToLocation(finding.Location)
            ?? (finding.Setting == SettingNames.GpuCount ? ValueOrigin.ToLocation(input.GpuCountLocation) : null)
            ?? (finding.Setting is { } responsible ? ValueOrigin.ToLocation(parsed.Find(responsible)?.BestLocation) : null)
            ?? ValueOrigin.ToLocation(parsed.Find(SettingNames.Model)?.BestLocation)
            ?? deployment.Anchor;

        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        var additional = new List<Location>();
        if (finding.Setting is not null)
        {
            properties[FixProperties.Setting] = finding.Setting;
        }

        properties[FixProperties.FixCount] = finding.Fixes.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 0; i < finding.Fixes.Count; i++)
        {
            var fix = finding.Fixes[i];
            properties[FixProperties.FixSetting(i)] = fix.Setting;
            properties[FixProperties.FixValue(i)] = fix.Value;
            properties[FixProperties.FixTitle(i)] = fix.Title;
            if (fix.GpuCount is { } gpus)
            {
                properties[FixProperties.FixGpuCount(i)] = gpus.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        foreach (var setting in FixableSettings)
        {
            if (ValueOrigin.ToLocation(parsed.Find(setting)?.ValueLocation) is { } valueLocation)
            {
                properties[FixProperties.LocationOf(setting)] = additional.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
                additional.Add(valueLocation);
            }
        }

        if (ValueOrigin.ToLocation(input.GpuCountLocation) is { } gpuLocation)
        {
            properties[FixProperties.LocationOf(SettingNames.GpuCount)] = additional.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            additional.Add(gpuLocation);
        }

        return Diagnostic.Create(Descriptors.For(finding.Id), location, additional, properties.ToImmutable(), finding.Message);
    }

    /// <summary>What the compilation-end action needs to know; written from concurrent tree actions.</summary>
    private sealed class CompilationState
    {
        private int needsCapacity;

        public bool NeedsCapacity
        {
            get => Volatile.Read(ref needsCapacity) != 0;
            set => Volatile.Write(ref needsCapacity, value ? 1 : 0);
        }
    }
}
