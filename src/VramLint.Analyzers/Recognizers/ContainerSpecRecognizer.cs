using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using VramLint.Analyzers.Flow;
using VramLint.Core.Arguments;

namespace VramLint.Analyzers.Recognizers;

/// <summary>
/// Container specs built in C# with an object initializer that names an image and a command: KubernetesClient's
/// <c>new V1Container { Image, Command, Args, Resources }</c> (GPU count from <c>Limits["nvidia.com/gpu"]</c>) and
/// Docker.DotNet's <c>new CreateContainerParameters { Image, Entrypoint, Cmd, HostConfig }</c> (GPU count from
/// <c>DeviceRequests</c>' <c>Count</c>, devices from <c>DeviceIDs</c>).
/// </summary>
internal sealed class ContainerSpecRecognizer : IDeploymentRecognizer
{
    private static readonly string[] CommandMembers = { "Entrypoint", "Command", "Args", "Cmd" };

    public OperationKind[] Kinds { get; } = { OperationKind.ObjectCreation };

    public IEnumerable<CSharpDeployment> Recognize(IOperation operation, ValueFlow flow)
    {
        var creation = (IObjectCreationOperation)operation;
        if (creation.Initializer is not { } initializer
            || !initializer.Initializers.Any(i => i is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "Image" } }))
        {
            return Array.Empty<CSharpDeployment>();
        }

        var members = new Dictionary<string, IOperation>(StringComparer.Ordinal);
        foreach (var assignment in initializer.Initializers.OfType<ISimpleAssignmentOperation>())
        {
            if (assignment.Target is IPropertyReferenceOperation { Property.Name: var name })
            {
                members[name] = assignment.Value;
            }
        }

        if (!members.TryGetValue("Image", out var imageValue) || !CommandMembers.Any(members.ContainsKey))
        {
            return Array.Empty<CSharpDeployment>();
        }

        var image = flow.Resolve(imageValue);
        var deployment = new CSharpDeployment(creation.Syntax.GetLocation(), $"container '{image.Text ?? "?"}'");
        foreach (var member in CommandMembers)
        {
            if (members.TryGetValue(member, out var part))
            {
                deployment.AddRange(flow.Values(part));
            }
        }

        var vllmImage = VllmImage.IsVllm(image.Text);

        // An image whose own entrypoint is vllm serve takes the arguments alone; a command of its own is read as a command line.
        deployment.ImageEntrypoint = vllmImage && !members.ContainsKey("Command") && !members.ContainsKey("Entrypoint");
        // Another image runs vLLM only when its command says so (vllm serve, python -m vllm.entrypoints...).
        if (!vllmImage && (!deployment.Words.Any(w => w.Text == "vllm" || w.Text.StartsWith("vllm.", StringComparison.Ordinal)) || !deployment.LooksLikeVllm()))
        {
            return Array.Empty<CSharpDeployment>();
        }

        Gpus(creation, flow, deployment);
        return new[] { deployment };
    }

    /// <summary><c>["nvidia.com/gpu"] = ...</c> / <c>{ "nvidia.com/gpu", ... }</c>, or a Docker device request's Count and DeviceIDs, anywhere in the spec.</summary>
    private static void Gpus(IObjectCreationOperation spec, ValueFlow flow, CSharpDeployment deployment)
    {
        foreach (var node in spec.Descendants())
        {
            IOperation? value = null;
            var key = "nvidia.com/gpu";
            switch (node)
            {
                case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.IsIndexer: true } indexer } set
                    when indexer.Arguments.Length == 1 && flow.Resolve(indexer.Arguments[0].Value).Text == "nvidia.com/gpu":
                    value = set.Value;
                    break;
                case IInvocationOperation { TargetMethod.Name: "Add", Arguments.Length: 2 } add when flow.Resolve(add.Arguments[0].Value).Text == "nvidia.com/gpu":
                    value = add.Arguments[1].Value;
                    break;
                case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "Count" } countTarget } count
                    when flow.Symbols.IsDockerDeviceRequest(countTarget.Property.ContainingType):
                    value = count.Value;
                    key = "DeviceRequest.Count";
                    break;
                case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "DeviceIDs" } } ids when flow.Elements(ids.Value) is { } list && list.All(v => v.IsKnown):
                    deployment.GpuDevices = list.Select(v => v.Text!).ToList();
                    deployment.GpuCount ??= list.Count;
                    continue;
            }

            if (ValueFlow.Unwrap(value ?? node) is IObjectCreationOperation { Arguments.Length: 1 } quantity && value is not null)
            {
                value = quantity.Arguments[0].Value;
            }

            // Docker's device request counts -1 as every GPU of the host: the host decides, as with --gpus all.
            if (value is not null && flow.Resolve(value) is { IsKnown: true } resolved && !(key == "DeviceRequest.Count" && resolved.Text == "-1"))
            {
                deployment.RequestGpus(resolved.Text!, resolved.ToToken().Location, resolved.Origin, key);
            }
        }
    }
}
