#include "hosts/github/github_commands.hpp"

#include "hosts/command_guard.hpp"
#include "util/random_bytes.hpp"
#include "util/strings.hpp"

namespace ca::github {

std::string escape_data(std::string_view value) {
  std::string s = replace_all(std::string(value), "%", "%25");
  s = replace_all(s, "\r", "%0D");
  return replace_all(s, "\n", "%0A");
}

std::string escape_property(std::string_view value) {
  std::string s = escape_data(value);
  s = replace_all(s, ":", "%3A");
  return replace_all(s, ",", "%2C");
}

std::string unescape_data(std::string_view value) {
  std::string s = replace_all(std::string(value), "%0D", "\r");
  s = replace_all(s, "%0A", "\n");
  return replace_all(s, "%25", "%");
}

std::string unescape_property(std::string_view value) {
  std::string s = replace_all(std::string(value), "%3A", ":");
  s = replace_all(s, "%2C", ",");
  return unescape_data(s);
}

std::string command(std::string_view name, const Properties& properties, std::string_view data) {
  std::string line = "::" + std::string(name);
  bool first = true;
  for (const auto& [key, value] : properties) {
    line += first ? " " : ",";
    first = false;
    line += key + "=" + escape_property(value);
  }
  return line + "::" + escape_data(data);
}

std::string add_mask(std::string_view value) { return command("add-mask", {}, value); }

std::string annotation(std::string_view type, std::string_view message, const SourceLocation& where) {
  Properties properties;
  if (!where.file.empty()) {
    properties.emplace_back("file", where.file);
    if (where.line > 0) properties.emplace_back("line", std::to_string(where.line));
    if (where.line > 0 && where.column > 0) properties.emplace_back("col", std::to_string(where.column));
  }
  std::string text(message);
  // Not from a file (an environment variable, a setting): say where in the text.
  if (where.file.empty() && !where.origin.empty()) text = where.origin + ": " + text;
  return command(type, properties, text);
}

std::string debug(std::string_view message) { return command("debug", {}, message); }
std::string group(std::string_view title) { return command("group", {}, title); }
std::string end_group() { return "::endgroup::"; }

std::string plain_line(std::string_view text) {
  // The runner trims every Unicode white space, then looks for a leading "::"
  // (and "##[" anywhere, the old syntax) with culture-sensitive searches.
  return break_hash_pairs(break_leading_colons(one_visible_line(text)));
}

std::string random_hex(std::size_t bytes) { return ca::random_hex(bytes); }

std::string file_entry(std::string_view name, std::string_view value, const RandomSuffix& random_suffix) {
  std::string delimiter;
  do {
    delimiter = "ghadelimiter_" + random_suffix();
  } while (value.find(delimiter) != std::string_view::npos || name.find(delimiter) != std::string_view::npos);
  return std::string(name) + "<<" + delimiter + "\n" + std::string(value) + "\n" + delimiter + "\n";
}

std::string file_entry(std::string_view name, std::string_view value) {
  return file_entry(name, value, [] { return random_hex(16); });
}

}  // namespace ca::github
