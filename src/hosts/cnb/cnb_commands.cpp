#include "hosts/cnb/cnb_commands.hpp"

#include "hosts/command_guard.hpp"
#include "util/strings.hpp"

namespace ca::cnb {
namespace {
std::string one_line(std::string_view text) {
  return replace_all(replace_all(std::string(text), "\r", "\\r"), "\n", "\\n");
}
}  // namespace

std::string plain_line(std::string_view text) { return break_hash_pairs(one_visible_line(text)); }

bool valid_output_key(std::string_view key) {
  if (key.empty()) return false;
  for (char c : key) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::optional<std::string> set_output(std::string_view key, std::string_view value) {
  if (!valid_output_key(key)) return std::nullopt;
  // A value is read up to the line's end: only line breaks could escape it.
  return "##[set-output " + std::string(key) + "=" + one_line(value) + "]";
}

}  // namespace ca::cnb
