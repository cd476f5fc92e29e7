// Fuzzes cargo's registry name rules and the variable names derived from them.
// Properties: a valid name is non-empty and holds no ASCII character but
// letters, digits, '-' and '_' (so none of % ; ] : , CR LF = space can reach a
// logging command or an env file through a name); its variable stem is the
// name with '-' -> '_' upper-cased, made of [A-Z0-9_] and the name's non-ASCII
// bytes; the token variable is CARGO_REGISTRIES_<stem>_TOKEN.
#include <cstdint>
#include <string>

#include "config/registry_name.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string name(reinterpret_cast<const char*>(data), size);
  if (ca::registry_name_problem(name).has_value()) return 0;
  FUZZ_CHECK(!name.empty());
  for (unsigned char c : name) {
    if (c >= 0x80) continue;
    FUZZ_CHECK((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
               c == '_');
  }
  const std::string stem = ca::registry_env_stem(name);
  // Full Unicode upper-casing changes lengths (straße -> STRASSE, ı -> I) but is idempotent.
  FUZZ_CHECK(ca::registry_env_stem(stem) == stem);
  for (unsigned char c : stem) {
    if (c >= 0x80) continue;
    FUZZ_CHECK((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_');
  }
  const std::string variable = ca::token_variable_for(name);
  if (name != ca::kCratesIoName) FUZZ_CHECK(variable == "CARGO_REGISTRIES_" + stem + "_TOKEN");
  return 0;
}
