#include "publish/index_query.hpp"

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "util/json_bounds.hpp"
#include "util/strings.hpp"

namespace ca {

std::string index_file_path(std::string_view crate_name) {
  const std::string name = to_lower(crate_name);
  switch (name.size()) {
    case 0:
      throw Error("a crate name cannot be empty");
    case 1:
      return "1/" + name;
    case 2:
      return "2/" + name;
    case 3:
      return "3/" + name.substr(0, 1) + "/" + name;
    default:
      return name.substr(0, 2) + "/" + name.substr(2, 2) + "/" + name;
  }
}

std::string release_version(std::string_view version) {
  return std::string(version.substr(0, version.find('+')));
}

std::set<std::string> parse_index_versions(std::string_view index_file) {
  std::set<std::string> versions;
  for (const auto& line : split_list(index_file, "\n")) {
    const auto entry = parse_bounded_json(line);
    if (!entry.is_object()) continue;
    const auto vers = entry.find("vers");
    if (vers != entry.end() && vers->is_string()) versions.insert(release_version(vers->get<std::string>()));
  }
  return versions;
}

std::map<std::string, std::string> parse_index_checksums(std::string_view index_file) {
  std::map<std::string, std::string> checksums;
  for (const auto& line : split_list(index_file, "\n")) {
    const auto entry = parse_bounded_json(line);
    if (!entry.is_object()) continue;
    const auto vers = entry.find("vers");
    const auto cksum = entry.find("cksum");
    if (vers == entry.end() || !vers->is_string() || cksum == entry.end() || !cksum->is_string()) continue;
    checksums[release_version(vers->get<std::string>())] = to_lower(cksum->get<std::string>());
  }
  return checksums;
}

IndexQuery query_index(const std::string& index_base, const std::vector<std::string>& crate_names,
                       const std::optional<Secret>& token) {
  std::vector<HttpRequest> requests;
  requests.reserve(crate_names.size());
  const std::string base = index_base.empty() || index_base.back() == '/' ? index_base : index_base + "/";
  for (const auto& name : crate_names) {
    HttpRequest request;
    request.url = base + index_file_path(name);
    request.authorization = token;
    request.headers.emplace_back("cargo-protocol: version=1");
    request.timeout = std::chrono::milliseconds(30000);
    request.max_body_bytes = kMaxIndexFileBytes;
    requests.push_back(std::move(request));
  }
  const auto responses = http_fetch_all(requests);
  IndexQuery query;
  for (std::size_t i = 0; i < responses.size(); ++i) {
    const auto& response = responses[i];
    auto& versions = query.versions[crate_names[i]];
    if (response.ok()) {
      versions = parse_index_versions(response.body);
      query.checksums[crate_names[i]] = parse_index_checksums(response.body);
      continue;
    }
    const long status = response.status;
    if (response.error == NetError::kNone && (status == 404 || status == 410 || status == 451)) continue;
    Failure failure = classify_http_failure(response);
    failure.reason = "reading " + requests[i].url + " failed: " + failure.reason;
    if (response.error == NetError::kNone && (status == 401 || status == 403))
      failure.rejected_status = status;
    // Keep the first permanent failure if any (it decides), else the first one.
    if (!query.failure ||
        (failure.kind == FailureKind::kPermanent && query.failure->kind != FailureKind::kPermanent)) {
      query.failure = failure;
    }
  }
  return query;
}

}  // namespace ca
