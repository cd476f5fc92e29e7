#include "registry_store.hpp"

#include <sstream>
#include <vector>

#include "atomic_file.hpp"
#include "digest.hpp"
#include "index_path.hpp"

namespace local_registry {

namespace {

std::vector<nlohmann::json> parse_index_lines(const std::string& text) {
  std::vector<nlohmann::json> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    auto j = nlohmann::json::parse(line, nullptr, false);
    // A corrupt line would make cargo reject the whole file; skipping it keeps the rest of
    // the crate usable and surfaces nothing secret.
    if (!j.is_discarded() && j.is_object()) lines.push_back(std::move(j));
  }
  return lines;
}

std::string render_index_lines(const std::vector<nlohmann::json>& lines) {
  std::string out;
  for (const auto& l : lines) {
    out += l.dump();
    out += '\n';
  }
  return out;
}

}  // namespace

RegistryStore::RegistryStore(std::filesystem::path data_dir)
    : index_dir_(data_dir / "index"), crates_dir_(data_dir / "crates") {
  std::filesystem::create_directories(index_dir_);
  std::filesystem::create_directories(crates_dir_);
}

std::filesystem::path RegistryStore::index_file(const std::string& name) const {
  return index_dir_ / *index_path_for(name);
}

std::filesystem::path RegistryStore::crate_file(const std::string& name, const std::string& version) const {
  return crates_dir_ / to_lower_ascii(name) / (version + ".crate");
}

RegistryStore::Result RegistryStore::publish(const PublishRequest& request) {
  nlohmann::json entry;
  try {
    entry = index_entry_from_metadata(request.metadata, sha256_hex(request.crate_bytes));
  } catch (const PublishParseError& e) {
    return {Outcome::kInvalid, e.detail};
  }
  const std::string name = entry["name"];
  const std::string vers = entry["vers"];

  std::lock_guard<std::mutex> lock(write_mutex_);
  std::string existing_text;
  read_file(index_file(name), existing_text);
  std::vector<nlohmann::json> lines = parse_index_lines(existing_text);
  // Duplicate versions are checked first so a re-publish under another spelling of the name
  // still gets the familiar "already uploaded" message.
  for (const auto& line : lines) {
    if (version_without_build(line.value("vers", "")) == version_without_build(vers)) {
      return {Outcome::kConflict, "crate version `" + name + "@" + vers + "` is already uploaded"};
    }
  }
  // Like crates.io: one spelling per crate, otherwise index lines would disagree on the name.
  for (const auto& line : lines) {
    const std::string existing_name = line.value("name", "");
    if (!existing_name.empty() && existing_name != name) {
      return {Outcome::kConflict,
              "crate was previously named `" + existing_name + "`, cannot publish as `" + name + "`"};
    }
  }
  // The tarball goes first: once the index line is visible cargo may download it at once.
  write_file_atomically(crate_file(name, vers), request.crate_bytes);
  lines.push_back(std::move(entry));
  write_file_atomically(index_file(name), render_index_lines(lines));
  return {Outcome::kOk, {}};
}

RegistryStore::Result RegistryStore::set_yanked(const std::string& name, const std::string& version,
                                                bool yanked) {
  if (!is_valid_crate_name(name) || !is_valid_version(version)) {
    return {Outcome::kNotFound, "crate `" + name + "` does not have a version `" + version + "`"};
  }
  std::lock_guard<std::mutex> lock(write_mutex_);
  std::string text;
  if (!read_file(index_file(name), text)) {
    return {Outcome::kNotFound, "crate `" + name + "` does not exist"};
  }
  std::vector<nlohmann::json> lines = parse_index_lines(text);
  for (auto& line : lines) {
    if (line.value("vers", "") == version) {
      line["yanked"] = yanked;
      write_file_atomically(index_file(name), render_index_lines(lines));
      return {Outcome::kOk, {}};
    }
  }
  return {Outcome::kNotFound, "crate `" + name + "` does not have a version `" + version + "`"};
}

std::optional<std::string> RegistryStore::read_index_file(const std::string& relative_path) const {
  // Only canonical paths are served: the last segment names the crate and the whole path
  // must equal what cargo would compute for it. This rejects `..` and any other file.
  const size_t slash = relative_path.rfind('/');
  const std::string name = slash == std::string::npos ? relative_path : relative_path.substr(slash + 1);
  auto expected = index_path_for(name);
  if (!expected || *expected != relative_path) return std::nullopt;
  std::string text;
  if (!read_file(index_dir_ / *expected, text)) return std::nullopt;
  return text;
}

std::optional<std::string> RegistryStore::read_crate(const std::string& name,
                                                     const std::string& version) const {
  if (!is_valid_crate_name(name) || !is_valid_version(version)) return std::nullopt;
  std::string bytes;
  if (!read_file(crate_file(name, version), bytes)) return std::nullopt;
  return bytes;
}

}  // namespace local_registry
