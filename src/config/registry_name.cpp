#include "config/registry_name.hpp"

#include <cstdint>

#include "util/strings.hpp"

namespace ca {
namespace {

// Decodes one UTF-8 code point at text[pos]; advances pos. nullopt if invalid.
std::optional<std::uint32_t> next_code_point(std::string_view text, std::size_t& pos) {
  const auto b0 = static_cast<unsigned char>(text[pos]);
  int length = 0;
  std::uint32_t cp = 0;
  if (b0 < 0x80) {
    length = 1;
    cp = b0;
  } else if ((b0 & 0xE0U) == 0xC0) {
    length = 2;
    cp = b0 & 0x1FU;
  } else if ((b0 & 0xF0U) == 0xE0) {
    length = 3;
    cp = b0 & 0x0FU;
  } else if ((b0 & 0xF8U) == 0xF0) {
    length = 4;
    cp = b0 & 0x07U;
  } else {
    return std::nullopt;
  }
  if (pos + length > text.size()) return std::nullopt;
  for (int i = 1; i < length; ++i) {
    const auto b = static_cast<unsigned char>(text[pos + i]);
    if ((b & 0xC0U) != 0x80) return std::nullopt;
    cp = (cp << 6U) | (b & 0x3FU);
  }
  static constexpr std::uint32_t kMinForLength[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMinForLength[length] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    return std::nullopt;  // overlong, out of range or surrogate
  }
  pos += length;
  return cp;
}

bool is_ascii_alpha(std::uint32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_ascii_digit(std::uint32_t c) { return c >= '0' && c <= '9'; }

// Non-ASCII code points that are certainly not identifier characters.
bool is_non_identifier_block(std::uint32_t c) {
  return (c >= 0x80 && c <= 0xBF && c != 0xAA && c != 0xB5 && c != 0xBA && c != 0xB7) || c == 0xD7 ||
         c == 0xF7 || (c >= 0x2000 && c <= 0x206F) ||  // general punctuation
         (c >= 0x2190 && c <= 0x2BFF) ||               // arrows, math, boxes
         (c >= 0x3000 && c <= 0x3004) || (c >= 0x3008 && c <= 0x3020) ||
         (c >= 0xE000 && c <= 0xF8FF) ||    // private use
         (c >= 0xFE00 && c <= 0xFE0F) ||    // variation selectors
         (c >= 0xFF00 && c <= 0xFF0F) ||    // full-width punctuation
         (c >= 0x1F000 && c <= 0x1FAFF) ||  // emoji and pictographs
         c >= 0xF0000 || c == 0xFEFF;
}

bool is_start(std::uint32_t c) {
  return c < 0x80 ? (is_ascii_alpha(c) || c == '_') : !is_non_identifier_block(c);
}
bool is_continue(std::uint32_t c) {
  return c < 0x80 ? (is_ascii_alpha(c) || is_ascii_digit(c) || c == '_' || c == '-')
                  : !is_non_identifier_block(c);
}

}  // namespace

std::optional<std::string> registry_name_problem(std::string_view name) {
  if (name.empty()) return "a registry name may not be empty";
  std::size_t pos = 0;
  bool first = true;
  while (pos < name.size()) {
    const std::size_t at = pos;
    auto cp = next_code_point(name, pos);
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
  std::string stem(name);
  for (char& c : stem) {
    if (c == '-')
      c = '_';
    else if (c >= 'a' && c <= 'z')
      c = static_cast<char>(c - 'a' + 'A');
  }
  return stem;
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
