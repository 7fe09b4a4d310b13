#! /bin/bash
set -ex

model=$1
port=$2

vllm serve $model --port $port --trust-remote-code --gpu-memory-utilization 0.99 --tensor-parallel-size 2
