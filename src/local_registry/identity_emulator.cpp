#include "identity_emulator.hpp"

#include <openssl/evp.h>

#include <regex>

namespace local_registry {
namespace {

constexpr const char* kJson = "application/json";
constexpr const char* kScope = "499b84ac-1321-427f-aa17-267ca6975798/.default";
constexpr const char* kAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
constexpr const char* kTrustedPublishingPath = "/api/v1/trusted_publishing/tokens";

const std::regex kEntraPath(R"(^/([^/]+)/oauth2/v2\.0/token$)");

std::string header_or_empty(const httplib::Request& req, const char* name) {
  return req.has_header(name) ? req.get_header_value(name) : std::string();
}

void entra_error(httplib::Response& res, int status, const std::string& error,
                 const std::string& description) {
  res.status = status;
  res.set_content(
      nlohmann::json{{"error", error}, {"error_description", description}, {"error_codes", {0}}}.dump(),
      kJson);
}

void crates_error(httplib::Response& res, int status, const std::string& detail) {
  res.status = status;
  res.set_content(nlohmann::json{{"errors", nlohmann::json::array({{{"detail", detail}}})}}.dump(), kJson);
}

std::optional<std::string> base64_decode(const std::string& text) {
  if (text.empty() || text.size() % 4 != 0) return std::nullopt;
  std::string out(text.size() / 4 * 3, '\0');
  const int n =
      EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                      reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  if (n < 0) return std::nullopt;
  std::size_t padding = 0;
  if (text.back() == '=') padding = text[text.size() - 2] == '=' ? 2 : 1;
  out.resize(static_cast<std::size_t>(n) - padding);
  return out;
}

void set_string(const nlohmann::json& settings, const char* key, std::string& target) {
  if (settings.contains(key) && settings[key].is_string()) target = settings[key].get<std::string>();
}

}  // namespace

void IdentityEmulator::configure(const nlohmann::json& settings) {
  std::lock_guard<std::mutex> lock(mutex_);
  set_string(settings, "system_token", system_token_);
  set_string(settings, "service_connection", service_connection_);
  set_string(settings, "tenant", tenant_);
  set_string(settings, "client_id", client_id_);
  set_string(settings, "oidc_token", oidc_token_);
  set_string(settings, "access_token", access_token_);
  set_string(settings, "github_request_token", github_request_token_);
  set_string(settings, "github_jwt", github_jwt_);
  set_string(settings, "audience", audience_);
  set_string(settings, "registry_token", registry_token_);
  set_string(settings, "resource_tenant", resource_tenant_);
  if (settings.contains("registry_token_expires_in") &&
      settings["registry_token_expires_in"].is_number_integer())
    registry_token_expires_in_ = settings["registry_token_expires_in"].get<int>();
  if (settings.contains("accepted_jwts") && settings["accepted_jwts"].is_array()) {
    for (const auto& jwt : settings["accepted_jwts"]) {
      if (jwt.is_string()) accepted_jwts_.insert(jwt.get<std::string>());
    }
  }
}

nlohmann::json IdentityEmulator::state() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return {{"exchanges", exchanges_},
          {"revocations", revocations_},
          {"live_tokens", live_tokens_},
          {"entra_forms", entra_forms_},
          {"github_audiences", github_audiences_}};
}

bool IdentityEmulator::handle(const httplib::Request& req, httplib::Response& res) {
  if (req.path == "/_oidc/azure") {
    azure_oidc(req, res);
    return true;
  }
  if (req.path == "/_oidc/github") {
    github_id_token(req, res);
    return true;
  }
  if (req.path == kTrustedPublishingPath) {
    if (req.method == "POST") {
      exchange(req, res);
    } else if (req.method == "DELETE") {
      revoke(req, res);
    } else {
      crates_error(res, 405, "method not allowed");
    }
    return true;
  }
  std::smatch match;
  if (std::regex_match(req.path, match, kEntraPath)) {
    entra_token(req, res, match[1]);
    return true;
  }
  return false;
}

std::string IdentityEmulator::resource_tenant() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return resource_tenant_;
}

bool IdentityEmulator::accepts(const std::string* header) const {
  if (header == nullptr) return false;
  std::string token = *header;
  if (token.rfind("Bearer ", 0) == 0) {
    token = token.substr(7);
  } else if (token.rfind("Basic ", 0) == 0) {
    auto decoded = base64_decode(token.substr(6));
    if (!decoded) return false;
    const auto colon = decoded->find(':');
    if (colon == std::string::npos) return false;
    token = decoded->substr(colon + 1);
  }
  std::lock_guard<std::mutex> lock(mutex_);
  return live_tokens_.count(token) > 0;
}

void IdentityEmulator::azure_oidc(const httplib::Request& req, httplib::Response& res) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (req.method != "POST") {
    res.status = 405;
    return;
  }
  if (system_token_.empty() || header_or_empty(req, "Authorization") != "Bearer " + system_token_) {
    res.status = 401;
    res.set_content(R"({"message":"TF400813: The user is not authorized to access this resource."})", kJson);
    return;
  }
  if (req.get_param_value("api-version") != "7.1") {
    res.status = 400;
    res.set_content(R"({"message":"api-version 7.1 is required"})", kJson);
    return;
  }
  if (req.get_param_value("serviceConnectionId") != service_connection_) {
    res.status = 404;
    res.set_content(R"({"message":"The service connection does not exist or has not been authorized."})",
                    kJson);
    return;
  }
  res.status = 200;
  res.set_content(nlohmann::json{{"oidcToken", oidc_token_}}.dump(), kJson);
}

void IdentityEmulator::entra_token(const httplib::Request& req, httplib::Response& res,
                                   const std::string& tenant) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (req.method != "POST" ||
      header_or_empty(req, "Content-Type").rfind("application/x-www-form-urlencoded", 0) != 0) {
    entra_error(res, 400, "invalid_request", "AADSTS900144: The request body must be form-encoded (POST).");
    return;
  }
  // The form arrives in the body; httplib parses it into params for this content type.
  nlohmann::json fields = nlohmann::json::array();
  for (const auto& [name, value] : req.params) fields.push_back(name);
  entra_forms_.push_back(fields);
  if (tenant != tenant_) {
    entra_error(res, 400, "invalid_tenant", "AADSTS90002: Tenant '" + tenant + "' not found.");
    return;
  }
  if (req.get_param_value("grant_type") != "client_credentials" || req.get_param_value("scope") != kScope ||
      req.get_param_value("client_assertion_type") != kAssertionType) {
    entra_error(res, 400, "invalid_request",
                "AADSTS900144: grant_type, scope or client_assertion_type is wrong.");
    return;
  }
  if (req.get_param_value("client_id") != client_id_) {
    entra_error(res, 400, "unauthorized_client", "AADSTS700016: Application with identifier was not found.");
    return;
  }
  if (oidc_token_.empty() || req.get_param_value("client_assertion") != oidc_token_) {
    entra_error(res, 401, "invalid_client",
                "AADSTS700211: No matching federated identity record found for presented assertion issuer.");
    return;
  }
  if (!access_token_.empty()) live_tokens_.insert(access_token_);
  res.status = 200;
  res.set_content(
      nlohmann::json{{"token_type", "Bearer"}, {"expires_in", 3599}, {"access_token", access_token_}}.dump(),
      kJson);
}

void IdentityEmulator::github_id_token(const httplib::Request& req, httplib::Response& res) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (github_request_token_.empty() ||
      header_or_empty(req, "Authorization") != "Bearer " + github_request_token_) {
    res.status = 401;
    res.set_content(R"({"message":"Bad credentials"})", kJson);
    return;
  }
  const std::string audience = req.get_param_value("audience");
  github_audiences_.push_back(audience);
  if (audience.empty()) {
    res.status = 400;
    res.set_content(R"({"message":"audience is required"})", kJson);
    return;
  }
  // The JWT carries its audience; the registry checks it at the exchange.
  accepted_jwts_.insert(github_jwt_ + "." + audience);
  res.status = 200;
  res.set_content(nlohmann::json{{"value", github_jwt_ + "." + audience}}.dump(), kJson);
}

void IdentityEmulator::exchange(const httplib::Request& req, httplib::Response& res) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (header_or_empty(req, "User-Agent").empty()) {
    crates_error(res, 403, "We require that all requests include a `User-Agent` header.");
    return;
  }
  const auto body = nlohmann::json::parse(req.body, nullptr, false);
  if (!body.is_object() || !body.contains("jwt") || !body["jwt"].is_string()) {
    crates_error(res, 400, "Failed to deserialize the JSON body into the target type: missing field `jwt`");
    return;
  }
  const std::string jwt = body["jwt"].get<std::string>();
  // A GitHub JWT from this emulator ends with ".<audience it was requested for>".
  const bool from_github = !github_jwt_.empty() && jwt.rfind(github_jwt_ + ".", 0) == 0;
  const bool audience_ok = !from_github || jwt == github_jwt_ + "." + audience_;
  if (accepted_jwts_.count(jwt) == 0 || !audience_ok) {
    crates_error(res, 400, "Failed to decode JWT: invalid or already used token, or wrong audience");
    return;
  }
  accepted_jwts_.erase(jwt);  // each JWT (jti) works once
  ++exchanges_;
  if (!registry_token_.empty()) live_tokens_.insert(registry_token_);
  res.status = 200;
  nlohmann::json answer{{"token", registry_token_}};
  if (registry_token_expires_in_ > 0) answer["expires_in"] = registry_token_expires_in_;
  res.set_content(answer.dump(), kJson);
}

void IdentityEmulator::revoke(const httplib::Request& req, httplib::Response& res) {
  std::lock_guard<std::mutex> lock(mutex_);
  const std::string header = header_or_empty(req, "Authorization");
  const std::string token = header.rfind("Bearer ", 0) == 0 ? header.substr(7) : header;
  if (token.empty() || live_tokens_.erase(token) == 0) {
    crates_error(res, 401, "authentication failed: the token is invalid or was already revoked");
    return;
  }
  ++revocations_;
  res.status = 204;
}

}  // namespace local_registry
