// Two vLLM servers on the repository's cluster of 4 GPUs of 24 GiB (.globalconfig at the repository root).
// VramLint checks them at build time with the default vllm estimator.
var builder = DistributedApplication.CreateBuilder(args);

// A 7B chat model on one GPU, with a context it can hold.
builder.AddContainer("chat", "vllm/vllm-openai", "latest")
    .WithArgs("Qwen/Qwen2.5-7B-Instruct", "--max-model-len", "8192", "--max-num-seqs", "16")
    .WithContainerRuntimeArgs("--gpus", "device=0")
    .WithHttpEndpoint(port: 8000, targetPort: 8000);

// The seed's fitting example: Qwen2.5-72B-Instruct-AWQ over all four GPUs (seed rule S8).
const int Shards = 4;
var large = builder.AddContainer("large", "vllm/vllm-openai", "latest");
large.WithArgs("Qwen/Qwen2.5-72B-Instruct-AWQ", "--tensor-parallel-size", Shards.ToString(), "--max-num-seqs", "8", "--max-model-len", "8192")
    .WithContainerRuntimeArgs("--gpus", "4");

builder.Build().Run();
