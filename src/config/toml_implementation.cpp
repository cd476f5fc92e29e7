// toml++ is compiled into the tool from Debian's headers, in exactly this one
// translation unit (TOML_IMPLEMENTATION), instead of linking Debian's shared
// libtomlplusplus: the packaged binary must not need a library that hosted
// agents lack, and only the header build can enable the TOML 1.1 syntax that
// cargo 1.95 accepts (TOML_ENABLE_UNRELEASED_FEATURES, set in src/CMakeLists.txt).
#define TOML_IMPLEMENTATION
#include <toml++/toml.h>
