# Sourced by the build scripts: compile through ccache when it is installed.
# The cache (~/.cache/ccache) outlives a checkout, so CI's fresh clone on the
# same machine and every worktree reuse objects; CCACHE_BASEDIR and
# CCACHE_NOHASHDIR make the cache key independent of the checkout's path.
# Sets CA_CMAKE_LAUNCHER to the cmake arguments to pass (empty without ccache).
CA_CMAKE_LAUNCHER=()
if command -v ccache >/dev/null 2>&1; then
  export CCACHE_BASEDIR="${root:?}" CCACHE_NOHASHDIR=1
  CA_CMAKE_LAUNCHER=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
fi
