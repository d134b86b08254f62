#!/usr/bin/env bash
# Fails unless the README's "Run it" and "Test it" commands are, to the letter, the ones .ci/run
# runs (its README_RUN and README_TEST), so the two cannot drift apart.
# Usage: bash .ci/readme-commands.sh [README] [CI script]   (defaults: README.md, .ci/run)
set -euo pipefail
cd "$(dirname "$0")/.."
readme="${1:-README.md}"
ci="${2:-.ci/run}"

# the first line of the first ```sh block after the line holding the heading
readme_command() {
  awk -v head="$1" 'index($0, head) { found = 1; next }
    found && /^```sh/ { block = 1; next }
    block { print; exit }' "$readme"
}
ci_command() { sed -n "s/^$1='\\(.*\\)'\$/\\1/p" "$ci" | head -1; }

status=0
for pair in 'Run it:README_RUN' 'Test it:README_TEST'; do
  heading="**${pair%%:*}**"
  in_readme=$(readme_command "$heading")
  in_ci=$(ci_command "${pair#*:}")
  if [ -z "$in_readme" ]; then
    echo "$readme has no \`\`\`sh block after $heading" >&2
    status=1
  elif [ "$in_readme" != "$in_ci" ]; then
    echo "$readme says '$in_readme' under $heading, but $ci runs '$in_ci' (${pair#*:})" >&2
    status=1
  fi
done
# The commands must open the README, where a newcomer looks first.
if ! head -15 "$readme" | grep -qF -- "$(ci_command README_RUN)" || ! head -15 "$readme" | grep -qF -- "$(ci_command README_TEST)"; then
  echo "$readme's first lines must show both commands" >&2
  status=1
fi
[ "$status" = 0 ] && echo "README commands match .ci/run: '$(ci_command README_RUN)', '$(ci_command README_TEST)'"
exit "$status"
