#include "hosts/command_guard.hpp"

namespace ca {
namespace {
bool in_skeleton(char c) { return c >= 0x21 && c <= 0x7E; }

// Index of the next skeleton character at or after `from`; npos if none.
std::size_t next_visible(std::string_view s, std::size_t from) {
  while (from < s.size() && !in_skeleton(s[from])) ++from;
  return from < s.size() ? from : std::string_view::npos;
}
}  // namespace

std::string break_hash_pairs(std::string_view line) {
  if (line.find('#') == std::string_view::npos) return std::string(line);
  std::string out;
  out.reserve(line.size() + 8);
  for (std::size_t i = 0; i < line.size(); ++i) {
    out += line[i];
    if (line[i] != '#') continue;
    const auto next = next_visible(line, i + 1);
    if (next != std::string_view::npos && line[next] == '#') out += '\\';
  }
  return out;
}

std::string break_leading_colons(std::string_view line) {
  const auto first = next_visible(line, 0);
  if (first == std::string_view::npos || line[first] != ':') return std::string(line);
  const auto second = next_visible(line, first + 1);
  if (second == std::string_view::npos || line[second] != ':') return std::string(line);
  std::string out(line);
  out.insert(first + 1, "\\");
  return out;
}

std::string one_visible_line(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\r') {
      out += "\\r";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace ca
