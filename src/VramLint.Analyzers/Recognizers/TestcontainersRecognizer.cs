using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using VramLint.Analyzers.Flow;
using VramLint.Core.Arguments;

namespace VramLint.Analyzers.Recognizers;

/// <summary>
/// Testcontainers for .NET: <c>new ContainerBuilder().WithImage("vllm/vllm-openai:...").WithCommand(...)</c>, with
/// <c>WithEntrypoint</c> replacing the image's <c>vllm serve</c> and <c>WithEnvironment("CUDA_VISIBLE_DEVICES", ...)</c>
/// pinning GPUs. The builder calls are read in the order written, before and after <c>WithImage</c>. When the compilation
/// references Testcontainers, <c>WithImage</c> must be its builder's (by symbol); without it, any builder's is read by name.
/// </summary>
internal sealed class TestcontainersRecognizer : IDeploymentRecognizer
{
    public OperationKind[] Kinds { get; } = { OperationKind.Invocation };

    public IEnumerable<CSharpDeployment> Recognize(IOperation operation, ValueFlow flow)
    {
        var invocation = (IInvocationOperation)operation;
        if (invocation.TargetMethod.Name != "WithImage" || invocation.TargetMethod.IsExtensionMethod || invocation.Instance is null
            || invocation.Arguments.Length != 1 || invocation.Arguments[0].Value.Type?.SpecialType != SpecialType.System_String
            || !flow.Symbols.IsTestcontainersBuilder(invocation.TargetMethod.ContainingType))
        {
            return Array.Empty<CSharpDeployment>();
        }

        var image = flow.Resolve(invocation.Arguments[0].Value);
        if (!VllmImage.IsVllm(image.Text))
        {
            return Array.Empty<CSharpDeployment>();
        }

        // The calls before WithImage (down the receivers) and after it (up the chain and through a local).
        var before = new List<IInvocationOperation>();
        for (var receiver = invocation.Instance; ValueFlow.Unwrap(receiver) is IInvocationOperation previous; receiver = previous.Instance)
        {
            before.Insert(0, previous);
            if (previous.Instance is null)
            {
                break;
            }
        }

        var deployment = new CSharpDeployment(invocation.Syntax.GetLocation(), $"container '{image.Text}'") { ImageEntrypoint = true };
        ResolvedValue? entrypoint = null;
        var command = new List<ResolvedValue>();
        foreach (var call in before.Concat(BuilderChain.CallsAfter(invocation, flow)))
        {
            switch (call.TargetMethod.Name)
            {
                case "WithCommand":
                    command.AddRange(call.Arguments.SelectMany(a => flow.Values(a.Value)));
                    break;
                case "WithEntrypoint" when call.Arguments.Length >= 1:
                    entrypoint = flow.Values(call.Arguments[0].Value).FirstOrDefault();
                    command.InsertRange(0, flow.Values(call.Arguments[0].Value).Skip(1));
                    break;
                case "WithEnvironment" when call.Arguments.Length == 2 && flow.Resolve(call.Arguments[0].Value).Text == "CUDA_VISIBLE_DEVICES":
                    deployment.PinVisibleDevices(flow.Resolve(call.Arguments[1].Value).Text);
                    break;
            }
        }

        deployment.Command(entrypoint, command);
        return new[] { deployment };
    }
}
