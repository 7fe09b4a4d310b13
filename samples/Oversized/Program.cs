// The seed's example (rule S7): Qwen/Qwen-32B-Chat in FP16 over 4 GPUs of 24 GB, batch 8, context 8192.
// Per GPU: 64 GB / 4 = 16.0 + KV cache 8 x 8192 / 10240 = 6.4 + overhead 3.0 = 25.4 GiB > 24 GiB: the build fails.
var builder = DistributedApplication.CreateBuilder(args);

builder.AddContainer("qwen", "vllm/vllm-openai", "latest")
    .WithArgs("Qwen/Qwen-32B-Chat", "--tensor-parallel-size", "4", "--max-num-seqs", "8", "--max-model-len", "8192");

builder.Build().Run();
