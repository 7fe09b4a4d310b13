CACHEDIR=${PWD}/vlm_cache
MODEL=Qwen/Qwen2.5-7B-Instruct
docker run --gpus all \
  --ipc=host --network=host \
  --rm --name qwen -it \
  -v ${CACHEDIR}:/root/.cache \
  vllm/vllm-openai:latest \
  --model ${MODEL} --served-model-name qwen --max_model_len 6752
