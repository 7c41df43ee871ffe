# Source this to use ape, slither and the pinned compiler outside make:
#   source toolchain/env.sh
_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$_root/toolchain/bin:$_root/.venv/bin:$_root/node_modules/.bin:$PATH"
export SOLCX_BINARY_PATH="$_root/toolchain/bin"
export APE_DATA_FOLDER="$_root/.cache/ape"
unset _root
