// Two vLLM servers on the repository's cluster of 4 GPUs of 24 GiB (.globalconfig at the repository root).
// VramLint checks them at build time with the default vllm estimator, and checks that the two processes that share
// GPU 0 ask for no more of its memory together than it has (0.70 + 0.20 of 24 GiB).
var builder = DistributedApplication.CreateBuilder(args);

// The seed's fitting example (rule S8): Qwen2.5-72B-Instruct-AWQ over all four GPUs, here with 70% of each.
const int Shards = 4;
var large = builder.AddContainer("large", "vllm/vllm-openai", "latest");
large.WithArgs(
        "Qwen/Qwen2.5-72B-Instruct-AWQ",
        "--tensor-parallel-size", Shards.ToString(),
        "--max-num-seqs", "8",
        "--max-model-len", "8192",
        "--gpu-memory-utilization", "0.70")
    .WithContainerRuntimeArgs("--gpus", "\"device=0,1,2,3\"")
    .WithHttpEndpoint(port: 8001, targetPort: 8000);

// A small chat model beside it on GPU 0, in the 20% the large one leaves.
builder.AddContainer("chat", "vllm/vllm-openai", "latest")
    .WithArgs("Qwen/Qwen2.5-1.5B-Instruct", "--max-model-len", "8192", "--max-num-seqs", "4", "--gpu-memory-utilization", "0.20")
    .WithContainerRuntimeArgs("--gpus", "device=0")
    .WithHttpEndpoint(port: 8000, targetPort: 8000);

builder.Build().Run();
