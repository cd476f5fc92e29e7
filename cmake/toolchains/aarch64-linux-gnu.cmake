# Cross build for linux-arm64 with Debian's g++-aarch64-linux-gnu and the
# multiarch :arm64 -dev packages (scripts/install-deps.sh --cross). Debian's
# multiarch layout needs no sysroot: the arm64 headers and CMake packages live
# under /usr/include/aarch64-linux-gnu and /usr/lib/aarch64-linux-gnu, which
# CMake searches when CMAKE_LIBRARY_ARCHITECTURE names that triplet.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
set(CMAKE_STRIP aarch64-linux-gnu-strip)
# Programs (cmake, pkg-config) are the build machine's.
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
