#include "index_path.hpp"

#include <cctype>

namespace local_registry {

namespace {
bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }
}  // namespace

bool is_valid_crate_name(std::string_view name) {
  if (name.empty() || name.size() > 64 || !is_ascii_alpha(name.front())) return false;
  for (char c : name) {
    if (!is_ascii_alpha(c) && !is_ascii_digit(c) && c != '-' && c != '_') return false;
  }
  return true;
}

bool is_valid_version(std::string_view version) {
  if (version.empty() || version.size() > 128 || !is_ascii_digit(version.front())) return false;
  for (char c : version) {
    if (!is_ascii_alpha(c) && !is_ascii_digit(c) && c != '.' && c != '-' && c != '+') {
      return false;
    }
  }
  // `..` could still be a path component trick inside one segment; semver never has it.
  return version.find("..") == std::string_view::npos;
}

std::string to_lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::optional<std::string> index_path_for(std::string_view name) {
  if (!is_valid_crate_name(name)) return std::nullopt;
  const std::string n = to_lower_ascii(name);
  switch (n.size()) {
    case 1:
      return "1/" + n;
    case 2:
      return "2/" + n;
    case 3:
      return "3/" + n.substr(0, 1) + "/" + n;
    default:
      return n.substr(0, 2) + "/" + n.substr(2, 2) + "/" + n;
  }
}

std::string_view version_without_build(std::string_view version) {
  return version.substr(0, version.find('+'));
}

}  // namespace local_registry
