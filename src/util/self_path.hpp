#pragma once
// The absolute path of the running executable, so a later process (cargo,
// starting this binary as its credential provider) can find it again.
// Linux: /proc/self/exe; Windows: GetModuleFileNameW (UTF-8 result).
// Empty when the system cannot tell.
#include <string>

namespace ca {

std::string self_executable_path();

}  // namespace ca
