#!/usr/bin/env bash
# Writes text from a language model (trained on data.format=text) after a prompt, in one JVM.
#   jobs/generate.sh --model runs/<run>/model --prompt "The " [--length 200] [--temperature 0.8] [--top-k 20]
#                    [--seed 1]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
submit_local "$MAIN_CLASS" generate "$@"
