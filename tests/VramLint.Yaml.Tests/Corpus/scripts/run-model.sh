MODEL="meta-llama/Meta-Llama-3-8B-Instruct"

docker run --runtime nvidia --gpus 1 \
    -v ~/.cache/huggingface:/root/.cache/huggingface \
    -p 8000:8000 \
    --ipc=host \
    vllm/vllm-openai:latest \
    --model $MODEL --max-model-len 65536
