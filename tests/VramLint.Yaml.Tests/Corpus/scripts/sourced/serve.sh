#!/bin/bash
set -e

if [ -f "./.env" ]; then
    source ./.env
fi

python3 \
    -m vllm.entrypoints.openai.api_server \
    --host "${HOST}" \
    --model "${MODEL}" \
    --port "${PORT}" \
    --tensor-parallel-size="${TENSOR_PARALLEL_SIZE}" \
    --max-model-len "${MAX_MODEL_LEN:-32768}"
