#include "hosts/azure/azure_commands.hpp"

#include "hosts/command_guard.hpp"
#include "util/strings.hpp"

namespace ca::azure {

std::string escape_data(std::string_view value) {
  if (value.find_first_of("%\r\n") == std::string_view::npos) return std::string(value);
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    switch (c) {
      case '%':
        out += "%AZP25";
        break;
      case '\r':
        out += "%0D";
        break;
      case '\n':
        out += "%0A";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string escape_property(std::string_view value) {
  if (value.find_first_of("%\r\n];") == std::string_view::npos) return std::string(value);
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    switch (c) {
      case '%':
        out += "%AZP25";
        break;
      case '\r':
        out += "%0D";
        break;
      case '\n':
        out += "%0A";
        break;
      case ']':
        out += "%5D";
        break;
      case ';':
        out += "%3B";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string unescape_data(std::string_view value) {
  std::string s(value);
  s = replace_all(s, "%0D", "\r");
  s = replace_all(s, "%0A", "\n");
  return replace_all(s, "%AZP25", "%");
}

std::string unescape_property(std::string_view value) {
  std::string s(value);
  s = replace_all(s, "%0D", "\r");
  s = replace_all(s, "%0A", "\n");
  s = replace_all(s, "%5D", "]");
  s = replace_all(s, "%3B", ";");
  return replace_all(s, "%AZP25", "%");
}

std::string command(std::string_view area_action, const Properties& properties, std::string_view data) {
  std::string line = "##vso[";
  line += area_action;
  if (!properties.empty()) {
    line += ' ';
    for (const auto& [key, value] : properties) {
      line += key;
      line += '=';
      line += escape_property(value);
      line += ';';
    }
  }
  line += ']';
  line += escape_data(data);
  return line;
}

std::string set_secret(std::string_view value) { return command("task.setsecret", {}, value); }

std::string set_variable(std::string_view name, std::string_view value, bool is_secret, bool is_output) {
  // Written out rather than through command(): two of these per registry, and
  // a config may hold 10,000 registries. Same escaping, same byte output.
  std::string line;
  line.reserve(64 + name.size() + value.size());
  line += "##vso[task.setvariable variable=";
  line += escape_property(name);
  line += is_secret ? ";issecret=true;" : ";issecret=false;";
  if (is_output) line += "isoutput=true;";
  line += ']';
  line += escape_data(value);
  return line;
}

std::string log_issue(std::string_view type, std::string_view message, const SourceLocation& where) {
  Properties properties{{"type", std::string(type)}};
  if (!where.file.empty()) {
    properties.emplace_back("sourcepath", where.file);
    if (where.line > 0) properties.emplace_back("linenumber", std::to_string(where.line));
    if (where.column > 0) properties.emplace_back("columnnumber", std::to_string(where.column));
  }
  return command("task.logissue", properties, message);
}

std::string complete(std::string_view result, std::string_view message) {
  return command("task.complete", {{"result", std::string(result)}}, message);
}

std::string debug(std::string_view message) { return command("task.debug", {}, message); }

std::string upload_summary(std::string_view path) { return command("task.uploadsummary", {}, path); }

std::string plain_line(std::string_view text) {
  // "##vso[" anywhere is a command; "##[" at the start is a display marker. The
  // agent's culture-sensitive search skips zero-width characters, so a visible
  // backslash goes between every two '#' (see hosts/command_guard.hpp).
  return break_hash_pairs(one_visible_line(text));
}

}  // namespace ca::azure
