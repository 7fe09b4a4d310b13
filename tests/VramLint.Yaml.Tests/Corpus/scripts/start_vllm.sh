#!/usr/bin/env bash
export VLLM_WORKER_MULTIPROC_METHOD=spawn
export CUDA_VISIBLE_DEVICES=0

GPUS=1
MODEL_NAME=openai/gpt-oss-20b
MAX_MODEL_LEN=131072
PORT=8080

vllm serve "${MODEL_NAME}" \
    --tensor-parallel-size="${GPUS}" \
    --max-model-len="${MAX_MODEL_LEN}" \
    --port="${PORT}" \
    --enable-prefix-caching
