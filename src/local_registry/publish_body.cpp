#include "publish_body.hpp"

#include <cstdint>

#include "index_path.hpp"

namespace local_registry {

namespace {

bool read_u32_le(std::string_view body, size_t& pos, uint32_t& out) {
  if (body.size() - pos < 4) return false;
  const auto* p = reinterpret_cast<const unsigned char*>(body.data() + pos);
  out = static_cast<uint32_t>(p[0]) | (static_cast<uint32_t>(p[1]) << 8) |
        (static_cast<uint32_t>(p[2]) << 16) | (static_cast<uint32_t>(p[3]) << 24);
  pos += 4;
  return true;
}

[[noreturn]] void fail(std::string detail) { throw PublishParseError{std::move(detail)}; }

// Returns j[key] if it is a string, "" if absent/null; anything else is malformed.
std::string string_field(const nlohmann::json& j, const char* key, const char* where) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return {};
  if (!it->is_string()) fail(std::string(where) + ": `" + key + "` must be a string");
  return it->get<std::string>();
}

nlohmann::json nullable_string(const nlohmann::json& j, const char* key, const char* where) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return nullptr;
  if (!it->is_string()) fail(std::string(where) + ": `" + key + "` must be a string");
  return *it;
}

bool bool_field(const nlohmann::json& j, const char* key, bool fallback) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return fallback;
  if (!it->is_boolean()) fail(std::string("dependency: `") + key + "` must be a boolean");
  return it->get<bool>();
}

nlohmann::json string_array(const nlohmann::json& j, const char* key, const char* where) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return nlohmann::json::array();
  if (!it->is_array()) fail(std::string(where) + ": `" + key + "` must be an array");
  for (const auto& v : *it) {
    if (!v.is_string()) fail(std::string(where) + ": `" + key + "` must hold strings");
  }
  return *it;
}

nlohmann::json convert_dep(const nlohmann::json& dep) {
  if (!dep.is_object()) fail("each dependency must be an object");
  const std::string name = string_field(dep, "name", "dependency");
  if (!is_valid_crate_name(name)) fail("invalid dependency name `" + name + "`");
  const std::string req = string_field(dep, "version_req", "dependency");
  if (req.empty()) fail("dependency `" + name + "` has no version_req");
  const std::string explicit_name = string_field(dep, "explicit_name_in_toml", "dependency");

  nlohmann::json out = nlohmann::json::object();
  out["name"] = explicit_name.empty() ? name : explicit_name;
  out["req"] = req;
  out["features"] = string_array(dep, "features", "dependency");
  out["optional"] = bool_field(dep, "optional", false);
  out["default_features"] = bool_field(dep, "default_features", true);
  out["target"] = nullable_string(dep, "target", "dependency");
  const std::string kind = string_field(dep, "kind", "dependency");
  out["kind"] = kind.empty() ? "normal" : kind;
  // Kept verbatim: null means "same registry as the one being published to", a URL means
  // another registry (e.g. crates.io's index), exactly what cargo resolves against later.
  out["registry"] = nullable_string(dep, "registry", "dependency");
  if (!explicit_name.empty()) out["package"] = name;
  return out;
}

bool uses_new_feature_syntax(const nlohmann::json& values) {
  for (const auto& v : values) {
    const std::string& s = v.get_ref<const std::string&>();
    if (s.rfind("dep:", 0) == 0 || s.find("?/") != std::string::npos) return true;
  }
  return false;
}

}  // namespace

bool parse_publish_body(std::string_view body, PublishRequest& out, PublishParseError& err) {
  size_t pos = 0;
  uint32_t json_len = 0;
  if (!read_u32_le(body, pos, json_len)) {
    err.detail = "publish body too short: missing metadata length";
    return false;
  }
  if (json_len > body.size() - pos) {
    err.detail = "publish body truncated: metadata length exceeds body size";
    return false;
  }
  std::string_view json_text = body.substr(pos, json_len);
  pos += json_len;
  uint32_t crate_len = 0;
  if (!read_u32_le(body, pos, crate_len)) {
    err.detail = "publish body truncated: missing .crate length";
    return false;
  }
  if (crate_len > body.size() - pos) {
    err.detail = "publish body truncated: .crate length exceeds body size";
    return false;
  }
  if (body.size() - pos != crate_len) {
    err.detail = "publish body has trailing bytes after the .crate file";
    return false;
  }
  out.crate_bytes.assign(body.substr(pos, crate_len));
  out.metadata = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (out.metadata.is_discarded() || !out.metadata.is_object()) {
    err.detail = "publish metadata is not a JSON object";
    return false;
  }
  return true;
}

nlohmann::json index_entry_from_metadata(const nlohmann::json& metadata, const std::string& cksum) {
  const std::string name = string_field(metadata, "name", "metadata");
  const std::string vers = string_field(metadata, "vers", "metadata");
  if (!is_valid_crate_name(name)) fail("invalid crate name `" + name + "`");
  if (!is_valid_version(vers)) fail("invalid version `" + vers + "`");

  nlohmann::json deps = nlohmann::json::array();
  if (auto it = metadata.find("deps"); it != metadata.end() && !it->is_null()) {
    if (!it->is_array()) fail("metadata: `deps` must be an array");
    for (const auto& d : *it) deps.push_back(convert_dep(d));
  }

  nlohmann::json features = nlohmann::json::object();
  nlohmann::json features2 = nlohmann::json::object();
  if (auto it = metadata.find("features"); it != metadata.end() && !it->is_null()) {
    if (!it->is_object()) fail("metadata: `features` must be an object");
    for (const auto& [key, values] : it->items()) {
      if (!values.is_array()) fail("feature `" + key + "` must be an array");
      for (const auto& v : values) {
        if (!v.is_string()) fail("feature `" + key + "` must hold strings");
      }
      (uses_new_feature_syntax(values) ? features2 : features)[key] = values;
    }
  }

  nlohmann::json entry = nlohmann::json::object();
  entry["name"] = name;
  entry["vers"] = vers;
  entry["deps"] = std::move(deps);
  entry["cksum"] = cksum;
  entry["features"] = std::move(features);
  entry["yanked"] = false;
  entry["links"] = nullable_string(metadata, "links", "metadata");
  if (!features2.empty()) entry["features2"] = std::move(features2);
  entry["v"] = entry.contains("features2") ? 2 : 1;
  if (auto rv = nullable_string(metadata, "rust_version", "metadata"); !rv.is_null()) {
    entry["rust_version"] = rv;
  }
  return entry;
}

}  // namespace local_registry
