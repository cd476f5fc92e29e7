#include "login/cargo_home_files.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cstdio>
#include <sstream>
#include <system_error>

#include "config/cargo_home.hpp"
#include "config/registry_name.hpp"
#include "config/toml_bounds.hpp"
#include "core/error.hpp"

namespace ca {
namespace {

toml::table parse(const std::string& text, const std::string& origin) {
  // The same guard as for configuration files: toml++ 3.3 has undefined
  // behaviour on some non-ASCII characters outside strings (config/toml_bounds.hpp).
  const TomlTextCheck check = check_toml_text(text);
  if (const auto& misplaced = check.misplaced) {
    throw Error(misplaced_character_message(*misplaced) +
                    " (fix or remove the file, then run login again; it was left unchanged)",
                ExitCode::kBadInput, SourceLocation{origin, misplaced->at.line, misplaced->at.column, {}});
  }
  try {
    return toml::parse(check.parser_text, origin);
  } catch (const toml::parse_error& e) {
    const auto& begin = e.source().begin;
    throw Error(std::string(e.description()) +
                    " (fix or remove the file, then run login again; it was left unchanged)",
                ExitCode::kBadInput,
                SourceLocation{origin, static_cast<int>(begin.line), static_cast<int>(begin.column), {}});
  }
}

// The table at `key` in parent, created when missing; throws when the key holds something else.
toml::table& child_table(toml::table& parent, const std::string& key, const std::string& path,
                         const std::string& origin) {
  if (!parent.contains(key)) parent.insert(key, toml::table{});
  toml::table* table = parent.get_as<toml::table>(key);
  if (table == nullptr) {
    throw Error(path + " in " + origin + " is not a table; fix the file so cargo can read it.",
                ExitCode::kBadInput);
  }
  return *table;
}

std::string serialise(const toml::table& table) {
  std::ostringstream out;
  out << table << '\n';
  return out.str();
}

}  // namespace

std::filesystem::path credentials_file(const std::filesystem::path& cargo_home) {
  return cargo_file(cargo_home, "credentials").path;
}

std::filesystem::path cargo_home_config_file(const std::filesystem::path& cargo_home) {
  return cargo_file(cargo_home, "config").path;
}

std::string merge_credentials(const std::string& existing, const std::string& origin,
                              const std::vector<RegistryToken>& tokens) {
  toml::table root = parse(existing, origin);
  for (const auto& item : tokens) {
    toml::table* table = nullptr;
    if (item.registry == kCratesIoName) {
      table = &child_table(root, "registry", "[registry]", origin);
    } else {
      table = &child_table(child_table(root, "registries", "[registries]", origin), item.registry,
                           "[registries." + item.registry + "]", origin);
    }
    table->insert_or_assign("token", item.token.reveal());
  }
  return serialise(root);
}

namespace {

bool is_bare_key(std::string_view key) {
  if (key.empty()) return false;
  for (char c : key) {
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
      return false;
  }
  return true;
}

std::string toml_basic_string(std::string_view value) {
  std::string out = "\"";
  for (char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20 || u == 0x7F) {
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, "\\u%04X", u);
      out += buffer;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string toml_key(std::string_view key) {
  return is_bare_key(key) ? std::string(key) : toml_basic_string(key);
}

// Offset just past the line "[registries.<name>]" (spacing and a trailing
// comment allowed); npos when the file has no such header.
std::size_t after_registry_header(const std::string& text, const std::string& name) {
  const std::vector<std::string> wanted = {"[registries." + name + "]", "[registries.\"" + name + "\"]",
                                           "[registries.'" + name + "']"};
  std::size_t start = 0;
  while (start < text.size()) {
    const auto end = text.find('\n', start);
    const std::size_t next = end == std::string::npos ? text.size() : end + 1;
    std::string squeezed;
    for (std::size_t i = start; i < next; ++i) {
      const char c = text[i];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
      squeezed += c;
      if (c == ']') break;
    }
    for (const auto& header : wanted) {
      if (squeezed == header) return next;
    }
    start = next;
  }
  return std::string::npos;
}

// The same additions as text: lines inserted under an existing [registries.X]
// header, or a new table appended. Everything else stays byte for byte.
std::string edited_text(const std::string& existing, const toml::table& root,
                        const std::vector<ProviderEntry>& entries, const std::vector<std::string>& added) {
  std::string text = existing;
  for (const auto& entry : entries) {
    if (std::find(added.begin(), added.end(), entry.registry) == added.end()) continue;
    const toml::table* registries = root.get_as<toml::table>("registries");
    const toml::table* table = registries ? registries->get_as<toml::table>(entry.registry) : nullptr;
    std::string lines = "credential-provider = " + toml_basic_string(entry.provider) + "\n";
    if ((table == nullptr || !table->contains("index")) && !entry.index.empty())
      lines += "index = " + toml_basic_string(entry.index) + "\n";
    if (table == nullptr) {
      if (!text.empty() && text.back() != '\n') text += '\n';
      text += "\n[registries." + toml_key(entry.registry) + "]\n" + lines;
      continue;
    }
    const auto at = after_registry_header(text, entry.registry);
    if (at == std::string::npos) return {};  // inline table or dotted keys: no simple text edit
    if (at == text.size() && !text.empty() && text.back() != '\n') text += '\n';
    text.insert(std::min(at, text.size()), lines);
  }
  return text;
}

}  // namespace

ProviderMerge merge_credential_providers(const std::string& existing, const std::string& origin,
                                         const std::vector<ProviderEntry>& entries) {
  const toml::table original = parse(existing, origin);  // also the validation: a broken file stops login
  toml::table root = original;
  ProviderMerge result;
  for (const auto& entry : entries) {
    toml::table& registries = child_table(root, "registries", "[registries]", origin);
    toml::table& table =
        child_table(registries, entry.registry, "[registries." + entry.registry + "]", origin);
    if (table.contains("credential-provider")) continue;  // the user's choice stands
    table.insert_or_assign("credential-provider", entry.provider);
    if (!table.contains("index") && !entry.index.empty()) table.insert_or_assign("index", entry.index);
    result.added.push_back(entry.registry);
  }
  if (result.added.empty()) {
    result.text = existing;
    return result;
  }
  // Edit the text (comments and layout kept); the edit must read back as exactly
  // the intended table, else the file is re-serialised and login says so.
  result.text = edited_text(existing, original, entries, result.added);
  if (!result.text.empty()) {
    try {
      const TomlTextCheck check = check_toml_text(result.text);
      if (!check.misplaced && toml::parse(check.parser_text, origin) == root) return result;
    } catch (const toml::parse_error&) {
    }
  }
  result.text = serialise(root);
  result.layout_kept = false;
  return result;
}

}  // namespace ca
