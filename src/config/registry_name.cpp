#include "config/registry_name.hpp"

#include <cstdint>

#include "config/unicode_text.hpp"

namespace ca {
namespace {

bool is_ascii_digit(std::uint32_t c) { return c >= '0' && c <= '9'; }
bool is_start(std::uint32_t c) { return c == '_' || is_xid_start(c); }
bool is_continue(std::uint32_t c) { return c == '-' || is_xid_continue(c); }

}  // namespace

std::optional<std::string> registry_name_problem(std::string_view name) {
  if (name.empty()) return "a registry name may not be empty";
  std::size_t pos = 0;
  bool first = true;
  while (pos < name.size()) {
    const std::size_t at = pos;
    auto cp = decode_utf8(name, pos);
    if (!cp) return "the name is not valid UTF-8";
    if (first && !is_start(*cp)) {
      if (is_ascii_digit(*cp)) return "the name may not start with a digit";
      return "the name must start with a letter or '_' (found '" + std::string(name.substr(at, pos - at)) +
             "')";
    }
    if (!first && !is_continue(*cp)) {
      std::string shown = (*cp < 0x20 || *cp == 0x7F) ? "a control character"
                                                      : "'" + std::string(name.substr(at, pos - at)) + "'";
      return "the name may only contain letters, digits, '-' and '_' (found " + shown + ")";
    }
    first = false;
  }
  return std::nullopt;
}

std::string registry_env_stem(std::string_view name) {
  // cargo: `name.replace('-', "_").to_uppercase()`, Rust's full Unicode mapping.
  std::string stem(name);
  for (char& c : stem) {
    if (c == '-') c = '_';
  }
  return to_upper_unicode(stem);
}

std::string token_variable_for(std::string_view name) {
  if (name == kCratesIoName) return "CARGO_REGISTRY_TOKEN";
  std::string variable = "CARGO_REGISTRIES_";
  variable += registry_env_stem(name);
  variable += "_TOKEN";
  return variable;
}

std::string credential_provider_variable_for(std::string_view name) {
  if (name == kCratesIoName) return "CARGO_REGISTRY_CREDENTIAL_PROVIDER";
  return "CARGO_REGISTRIES_" + registry_env_stem(name) + "_CREDENTIAL_PROVIDER";
}

}  // namespace ca
