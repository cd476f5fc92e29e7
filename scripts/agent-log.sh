#!/usr/bin/env bash
# A small stand-in for the Azure Pipelines agent's log processing, for the demo.
#   agent-log.sh show       prints the log as the agent shows it: values sent
#                           with ##vso[task.setsecret] are replaced by ***.
#   agent-log.sh variables  prints NAME=value\0 for each task.setvariable,
#                           unescaped as the agent does (%0D %0A %5D %3B %AZP25).
set -euo pipefail
mode=${1:-show}
unescape() {
  local s=$1
  s=${s//%0D/$'\r'}; s=${s//%0A/$'\n'}; s=${s//%5D/]}; s=${s//%3B/;}; s=${s//%AZP25/%}
  printf '%s' "$s"
}
lines=()
secrets=()
while IFS= read -r line || [[ -n "$line" ]]; do
  lines+=("$line")
  if [[ "$line" == '##vso[task.setsecret]'* ]]; then
    secrets+=("$(unescape "${line#'##vso[task.setsecret]'}")")
  fi
done
for line in "${lines[@]}"; do
  if [[ "$mode" == variables ]]; then
    if [[ "$line" =~ ^'##vso[task.setvariable variable='([^;]*)';'[^]]*']'(.*)$ ]]; then
      printf '%s=%s\0' "$(unescape "${BASH_REMATCH[1]}")" "$(unescape "${BASH_REMATCH[2]}")"
    fi
  else
    for s in "${secrets[@]}"; do [[ -n "$s" ]] && line=${line//"$s"/***}; done
    printf '  %s\n' "$line"
  fi
done
