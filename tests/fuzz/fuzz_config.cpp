// Fuzzes reading one cargo config file: TOML parsing (toml++), registry
// collection and validation, as the tool runs them on a user's file.
// Properties: only ca::Error escapes (anything else is a crash); every
// registry that is accepted has a valid name and an environment variable name
// made only of [A-Z0-9_] (plus the UTF-8 bytes of a Unicode name), so no
// config can smuggle "=", ";", "]", "%" or a line break into an env file or a
// logging command through a variable name.
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "config/config_file.hpp"
#include "config/registry_name.hpp"
#include "core/error.hpp"
#include "fuzz_check.hpp"

namespace {

const std::filesystem::path& scratch_file() {
  static const std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("ca-fuzz-config-" + std::to_string(::getpid()) + ".toml");
  return path;
}

bool safe_variable_name(const std::string& name) {
  for (unsigned char c : name) {
    const bool ascii_ok = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ascii_ok && c < 0x80) return false;
  }
  return !name.empty();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  {
    std::ofstream out(scratch_file(), std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  try {
    const toml::table table = ca::parse_toml_file(scratch_file());
    ca::CargoConfig config;
    ca::collect_registries(table, scratch_file().string(), config);
    ca::validate_registries(config);
    for (const auto& registry : config.registries) {
      FUZZ_CHECK(!ca::registry_name_problem(registry.name).has_value());
      FUZZ_CHECK(safe_variable_name(registry.token_variable()));
      FUZZ_CHECK(safe_variable_name(registry.credential_provider_variable()));
    }
  } catch (const ca::Error&) {
    // Bad input, reported to the user with file:line:column.
  }
  return 0;
}
