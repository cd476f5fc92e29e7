#include "support/printed_path.hpp"

#include <cctype>
#include <cstdlib>
#include <sstream>

#include "support/tool_under_test.hpp"

namespace ca::test {
namespace {

bool has_drive(const std::string& path) {
  return path.size() >= 2 && std::isalpha(static_cast<unsigned char>(path[0])) != 0 && path[1] == ':';
}

// A positive decimal number filling all of text.
std::optional<int> number(const std::string& text) {
  if (text.empty() || text.size() > 9) return std::nullopt;
  int value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

// Where a drive letter points: under wine, the prefix's dosdevices/<letter>:
// link (c: -> drive_c, z: -> /); without a prefix only Z: is known (wine's default).
std::optional<std::string> drive_root(char letter) {
  const char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(letter)));
  if (const char* prefix = std::getenv("WINEPREFIX"); prefix != nullptr && *prefix != '\0') {
    std::error_code ec;
    const auto root = std::filesystem::canonical(
        std::filesystem::path(prefix) / "dosdevices" / std::string{lower, ':'}, ec);
    if (!ec) return root == "/" ? std::string() : root.string();
  }
  if (lower == 'z') return std::string();
  return std::nullopt;
}

}  // namespace

std::string host_path_of_printed(const std::string& printed) {
  if (!tool_under_test().windows) return printed;
  std::string path = printed;
  std::string root;
  if (has_drive(path)) {
    const auto mapped = drive_root(path[0]);
    if (!mapped) return printed;
    root = *mapped;
    path.erase(0, 2);
  }
  for (auto& c : path) {
    if (c == '\\') c = '/';
  }
  return root + path;
}

bool same_path(const std::string& printed, const std::filesystem::path& expected) {
  return std::filesystem::path(host_path_of_printed(printed)).lexically_normal() ==
         expected.lexically_normal();
}

std::string path_for_tool(const std::filesystem::path& path) {
  std::string text = path.lexically_normal().string();
  if (!tool_under_test().windows || text.empty() || text.front() != '/') return text;
  for (auto& c : text) {
    if (c == '/') c = '\\';
  }
  return "Z:" + text;
}

std::optional<PrintedPlace> parse_place(const std::string& printed) {
  const auto last = printed.rfind(':');
  if (last == std::string::npos || last == 0) return std::nullopt;
  const auto tail = number(printed.substr(last + 1));
  if (!tail) return std::nullopt;
  PrintedPlace place;
  const auto before = printed.rfind(':', last - 1);
  const auto middle =
      before == std::string::npos ? std::nullopt : number(printed.substr(before + 1, last - before - 1));
  if (middle) {
    place.path = printed.substr(0, before);
    place.line = *middle;
    place.column = *tail;
  } else {
    place.path = printed.substr(0, last);
    place.line = *tail;
  }
  if (place.path.empty() || (place.path.size() == 2 && has_drive(place.path))) return std::nullopt;
  return place;
}

std::optional<PrintedPlace> find_place(const std::string& text, const std::filesystem::path& file) {
  std::istringstream words(text);
  for (std::string word; words >> word;) {
    while (!word.empty() && (word.back() == ':' || word.back() == ',' || word.back() == ')')) word.pop_back();
    if (auto place = parse_place(word); place && same_path(place->path, file)) return place;
  }
  return std::nullopt;
}

}  // namespace ca::test
