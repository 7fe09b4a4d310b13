#!/bin/sh
MODEL=${MODEL:-Qwen/Qwen3-8B}
TP=${TP:-1}
exec vllm serve "$MODEL" --tensor-parallel-size "$TP" --max-model-len ${MAX_LEN:-40960}
