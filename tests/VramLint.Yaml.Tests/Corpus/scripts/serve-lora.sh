#!/bin/bash
BASE=meta-llama/Llama-3.1-8B-Instruct
vllm serve $BASE \
  --enable-lora \
  --max-loras 4 \
  --max-model-len 8192 \
  --served-model-name $SERVED_NAME
