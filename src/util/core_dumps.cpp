#include "util/core_dumps.hpp"

#if defined(__unix__) || defined(__APPLE__)
#include <sys/resource.h>
#endif
#if defined(__linux__)
#include <sys/prctl.h>
#endif

namespace ca {

void disable_core_dumps() {
#if defined(__unix__) || defined(__APPLE__)
  const rlimit none{0, 0};
  ::setrlimit(RLIMIT_CORE, &none);
#endif
#if defined(__linux__)
  ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
#endif
}

}  // namespace ca
