docker run --runtime nvidia --gpus all \
    -v ~/.cache/huggingface:/root/.cache/huggingface \
    -p 8000:8000 \
    vllm/vllm-openai:latest \
    --model Qwen/Qwen2.5-Coder-7B-Instruct \
    --max_model_len 4096 \ # not a comment: the backslash escapes the space
    --api_key "EMPTY"
