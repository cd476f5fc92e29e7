#include "config/config_value.hpp"

#include "core/error.hpp"

namespace ca {
namespace {

SourceLocation location_of(const toml::node& node, const std::string& file) {
  const auto& begin = node.source().begin;
  return SourceLocation{file, static_cast<int>(begin.line), static_cast<int>(begin.column), {}};
}

std::string other_kind(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::integer:
      return "integer";
    case toml::node_type::floating_point:
      return "float";
    case toml::node_type::boolean:
      return "boolean";
    default:
      return "date-time";
  }
}

std::string place(const SourceLocation& where) { return where.empty() ? "(unknown)" : where.str(); }

bool ends_with(const std::string& text, std::string_view suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// cargo's NON_MERGEABLE_LISTS (util/context/config_value.rs): lists naming a program
// and its arguments are replaced by the higher-priority one, never concatenated.
bool is_nonmergeable_list(const std::string& key_path) {
  return key_path.rfind("credential-alias.", 0) == 0 || key_path == "doc.browser" ||
         key_path == "host.runner" || key_path == "registry.credential-provider" ||
         (key_path.rfind("registries.", 0) == 0 && ends_with(key_path, ".credential-provider")) ||
         (key_path.rfind("target.", 0) == 0 && ends_with(key_path, ".runner"));
}

}  // namespace

const ConfigValue* ConfigValue::get(std::string_view key) const {
  if (kind != Kind::kTable) return nullptr;
  auto it = entries.find(key);
  return it == entries.end() ? nullptr : &it->second;
}

const ConfigValue* ConfigValue::find(std::initializer_list<std::string_view> path) const {
  const ConfigValue* node = this;
  for (auto key : path) {
    node = node->get(key);
    if (node == nullptr) return nullptr;
  }
  return node;
}

std::string ConfigValue::kind_name() const {
  switch (kind) {
    case Kind::kString:
      return "a string";
    case Kind::kOther:
      return "a " + text;
    case Kind::kArray:
      return "an array";
    case Kind::kTable:
      return "a table";
  }
  return "a value";
}

ConfigValue ConfigValue::string(std::string value, SourceLocation where) {
  ConfigValue v;
  v.kind = Kind::kString;
  v.text = std::move(value);
  v.where = std::move(where);
  return v;
}

ConfigValue ConfigValue::table(SourceLocation where) {
  ConfigValue v;
  v.kind = Kind::kTable;
  v.where = std::move(where);
  return v;
}

ConfigValue config_value_from_toml(const toml::node& node, const std::string& file) {
  ConfigValue value;
  value.where = location_of(node, file);
  if (const auto* table = node.as_table()) {
    value.kind = ConfigValue::Kind::kTable;
    for (const auto& [key, child] : *table) {
      value.entries.emplace(std::string(key.str()), config_value_from_toml(child, file));
    }
  } else if (const auto* array = node.as_array()) {
    value.kind = ConfigValue::Kind::kArray;
    for (const auto& item : *array) value.items.push_back(config_value_from_toml(item, file));
  } else if (auto text = node.value<std::string>(); text && node.is_string()) {
    value.kind = ConfigValue::Kind::kString;
    value.text = *text;
  } else {
    value.kind = ConfigValue::Kind::kOther;
    value.text = other_kind(node);
  }
  return value;
}

void merge_config(ConfigValue& target, ConfigValue incoming, bool incoming_wins,
                  const std::string& key_path) {
  using Kind = ConfigValue::Kind;
  if (target.kind == Kind::kTable && incoming.kind == Kind::kTable) {
    for (auto& [key, value] : incoming.entries) {
      auto it = target.entries.find(key);
      if (it == target.entries.end()) {
        target.entries.emplace(key, std::move(value));
      } else {
        merge_config(it->second, std::move(value), incoming_wins,
                     key_path.empty() ? key : key_path + "." + key);
      }
    }
    return;
  }
  if (target.kind == Kind::kArray && incoming.kind == Kind::kArray) {
    if (is_nonmergeable_list(key_path)) {
      if (incoming_wins) target = std::move(incoming);
      return;
    }
    for (auto& item : incoming.items) target.items.push_back(std::move(item));
    return;
  }
  const bool structured = target.kind == Kind::kTable || target.kind == Kind::kArray ||
                          incoming.kind == Kind::kTable || incoming.kind == Kind::kArray;
  if (structured) {
    throw Error("cannot merge `" + key_path + "` from " + place(incoming.where) + " into " +
                    place(target.where) + ": expected " + target.kind_name() + ", but found " +
                    incoming.kind_name() + " (cargo refuses this too). Make both definitions the same type.",
                ExitCode::kBadInput, incoming.where);
  }
  if (incoming_wins) target = std::move(incoming);
}

void set_config_value(ConfigValue& root, const std::vector<std::string>& path, ConfigValue value) {
  ConfigValue* node = &root;
  for (std::size_t i = 0; i + 1 < path.size(); ++i) {
    auto it = node->entries.find(path[i]);
    if (it == node->entries.end() || !it->second.is_table()) {
      // An environment variable for a key under a non-table replaces it, as cargo's env does.
      it = node->entries.insert_or_assign(path[i], ConfigValue::table(value.where)).first;
    }
    node = &it->second;
  }
  node->entries.insert_or_assign(path.back(), std::move(value));
}

}  // namespace ca
