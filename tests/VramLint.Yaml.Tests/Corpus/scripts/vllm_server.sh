model_name="Qwen/Qwen2.5-32B-Instruct-AWQ"
tensor_parallel_size=2

python -m vllm.entrypoints.openai.api_server --model $model_name --dtype=half --tensor-parallel-size $tensor_parallel_size
