#include "check/registry_probe.hpp"

#include <nlohmann/json.hpp>

#include "core/secret_registry.hpp"
#include "util/json_bounds.hpp"
#include "util/strings.hpp"
#include "util/url_display.hpp"

namespace ca {
namespace {

constexpr std::size_t kMaxDetail = 300;

std::string one_line(std::string text) {
  // Redacted before it is cut: a cut first would leave a token's first
  // characters, which no longer match the registered secret.
  text = SecretRegistry::instance().redact(std::move(text));
  text = replace_all(replace_all(std::move(text), "\r", " "), "\n", " ");
  text = trim(text);
  if (text.size() > kMaxDetail) text = text.substr(0, kMaxDetail) + "...";
  return text;
}

// The registry's own words: {"errors":[{"detail":"..."}]} when present.
std::string registry_message(const HttpResponse& response) {
  const auto json = parse_bounded_json(response.body);
  if (json.is_object() && json.contains("errors") && json["errors"].is_array()) {
    std::vector<std::string> details;
    for (const auto& error : json["errors"]) {
      if (error.is_object() && error.contains("detail") && error["detail"].is_string()) {
        details.push_back(error["detail"].get<std::string>());
      }
    }
    if (!details.empty()) return one_line(join(details, "; "));
  }
  return "";
}

std::string with_status(long status, const std::string& message) {
  return "HTTP " + std::to_string(status) + (message.empty() ? "" : ": " + message);
}

void judge_config_json(const HttpResponse& response, ProbeResult& result, bool has_credential) {
  const auto json = parse_bounded_json(response.body);
  if (!json.is_object() || !json.contains("dl") || !json["dl"].is_string()) {
    result.verdict = ProbeVerdict::kNotCargoRegistry;
    const std::string type = response.header("content-type").value_or("unknown type");
    result.detail = json.is_discarded()
                        ? "config.json is not JSON, or nests deeper than " + std::to_string(kMaxJsonDepth) +
                              " levels (" + one_line(type) + ")"
                        : "config.json has no `dl` URL";
    return;
  }
  if (json.contains("auth-required") && json["auth-required"].is_boolean()) {
    result.auth_required = json["auth-required"].get<bool>();
  }
  if (!has_credential && result.auth_required.value_or(false)) {
    result.verdict = ProbeVerdict::kNoCredential;
    result.detail = "config.json says auth-required = true, and no credential was found";
    return;
  }
  result.verdict = ProbeVerdict::kOk;
  if (!has_credential) result.detail = "anonymous access";
}

}  // namespace

std::string verdict_name(ProbeVerdict verdict) {
  switch (verdict) {
    case ProbeVerdict::kOk:
      return "ok";
    case ProbeVerdict::kUnauthorized:
      return "unauthorized";
    case ProbeVerdict::kForbidden:
      return "forbidden";
    case ProbeVerdict::kNotCargoRegistry:
      return "not a cargo registry";
    case ProbeVerdict::kTls:
      return "TLS";
    case ProbeVerdict::kDns:
      return "DNS";
    case ProbeVerdict::kTimeout:
      return "timeout";
    case ProbeVerdict::kUnreachable:
      return "unreachable";
    case ProbeVerdict::kRefusedInsecure:
      return "refused-insecure";
    case ProbeVerdict::kNoCredential:
      return "no credential";
    case ProbeVerdict::kHttpError:
      return "HTTP error";
    case ProbeVerdict::kNetworkError:
      return "network error";
    case ProbeVerdict::kNotChecked:
      return "not checked (git index)";
  }
  return "unknown";
}

std::optional<std::string> config_json_url(const IndexUrl& index) {
  if (!index.sparse) return std::nullopt;
  std::string base = index.fetch_base();
  if (base.empty() || base.back() != '/') base += '/';
  return base + "config.json";
}

ProbeResult judge_probe(const ProbeTarget& target, const HttpResponse& response) {
  ProbeResult result;
  result.registry = target.registry.name;
  result.index = target.registry.index.original;
  result.credential_source = target.credential_source;
  result.status = response.status;
  result.seconds = response.seconds;
  const bool has_credential = target.credential.has_value();
  switch (response.error) {
    case NetError::kNone:
      break;
    case NetError::kRefusedInsecure:
      result.verdict = ProbeVerdict::kRefusedInsecure;
      break;
    case NetError::kDns:
      result.verdict = ProbeVerdict::kDns;
      break;
    case NetError::kConnect:
      result.verdict = ProbeVerdict::kUnreachable;
      break;
    case NetError::kTls:
      result.verdict = ProbeVerdict::kTls;
      break;
    case NetError::kTimeout:
      result.verdict = ProbeVerdict::kTimeout;
      break;
    case NetError::kOther:
      result.verdict = ProbeVerdict::kNetworkError;
      break;
    case NetError::kTooLarge:
      result.verdict = ProbeVerdict::kNotCargoRegistry;
      break;
  }
  if (response.error != NetError::kNone) {
    result.detail = one_line(response.error_message);
    return result;
  }
  const std::string message = registry_message(response);
  if (response.status >= 200 && response.status < 300) {
    judge_config_json(response, result, has_credential);
  } else if (response.status == 401) {
    result.verdict = has_credential ? ProbeVerdict::kUnauthorized : ProbeVerdict::kNoCredential;
    result.detail = with_status(401, message);
  } else if (response.status == 403) {
    result.verdict = ProbeVerdict::kForbidden;
    result.detail = with_status(403, message);
  } else if (response.status == 404) {
    result.verdict = ProbeVerdict::kNotCargoRegistry;
    result.detail = with_status(404, message.empty() ? "no config.json at this index URL" : message);
  } else if (response.status >= 300 && response.status < 400) {
    result.verdict = ProbeVerdict::kHttpError;
    result.detail = with_status(response.status,
                                "redirect to " +
                                    one_line(url_without_secrets(response.header("location").value_or("?"))) +
                                    " (not followed with a credential; use the final URL as index)");
  } else {
    result.verdict = ProbeVerdict::kHttpError;
    result.detail = with_status(response.status, message);
  }
  return result;
}

std::vector<ProbeResult> probe_registries(const std::vector<ProbeTarget>& targets,
                                          std::chrono::milliseconds timeout) {
  std::vector<HttpRequest> requests;
  std::vector<std::size_t> request_of(targets.size(), SIZE_MAX);
  for (std::size_t i = 0; i < targets.size(); ++i) {
    const auto url = config_json_url(targets[i].registry.index);
    if (!url) continue;
    HttpRequest request;
    request.url = *url;
    request.authorization = targets[i].credential;
    request.headers = {"cargo-protocol: version=1", "Accept: application/json"};
    request.timeout = timeout;
    request.max_body_bytes = kMaxConfigJsonBytes;
    request_of[i] = requests.size();
    requests.push_back(std::move(request));
  }
  const std::vector<HttpResponse> responses = http_fetch_all(requests);
  std::vector<ProbeResult> results;
  results.reserve(targets.size());
  for (std::size_t i = 0; i < targets.size(); ++i) {
    if (request_of[i] == SIZE_MAX) {
      ProbeResult result;
      result.registry = targets[i].registry.name;
      result.index = targets[i].registry.index.original;
      result.credential_source = targets[i].credential_source;
      result.verdict = ProbeVerdict::kNotChecked;
      result.detail = "git and file indexes have no config.json to fetch";
      results.push_back(std::move(result));
    } else {
      results.push_back(judge_probe(targets[i], responses[request_of[i]]));
    }
  }
  return results;
}

}  // namespace ca
