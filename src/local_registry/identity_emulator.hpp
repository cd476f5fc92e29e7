#pragma once
// Loopback emulators of the identity endpoints a token exchange talks to, served by the local
// registry next to its cargo API so one process plays every party of a test:
//   POST /_oidc/azure?api-version=7.1&serviceConnectionId=ID   Azure DevOps OIDC request
//        (Authorization: Bearer <system token>)  -> {"oidcToken": ...}
//   POST /<tenant>/oauth2/v2.0/token                           Entra client-credentials grant
//        (form: grant_type, client_id, client_assertion_type, client_assertion, scope)
//        -> {"access_token": ..., "token_type": "Bearer", "expires_in": 3599}
//   GET  /_oidc/github?...&audience=AUD                        GitHub Actions ID-token request
//        (Authorization: Bearer <request token>)  -> {"value": <JWT>}
//   POST /api/v1/trusted_publishing/tokens {"jwt": ...}        crates.io trusted publishing
//        -> {"token": ...}; each JWT works once; DELETE with Bearer <token> -> 204
// Each endpoint validates what it receives and answers errors in the real service's shape
// (Entra: {"error","error_description"}; crates.io: {"errors":[{"detail"}]}). The values it
// issues are set by the test (POST /_control/identity) so the test can hunt for them in every
// output; tokens obtained through an exchange are accepted for publishing until revoked.
#include <httplib.h>

#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>

namespace local_registry {

class IdentityEmulator {
 public:
  // Control: {"system_token","service_connection","tenant","client_id","oidc_token",
  // "access_token","github_request_token","github_jwt","audience","registry_token","registry_token_expires_in","resource_tenant",
  // "accepted_jwts":[...]} (every field optional; unset ones keep their value).
  void configure(const nlohmann::json& settings);
  // {"exchanges":n,"revocations":n,"live_tokens":[...],"entra_forms":[{field names}]}
  nlohmann::json state() const;

  // True when this request is one of the emulated endpoints (and was answered).
  bool handle(const httplib::Request& req, httplib::Response& res);
  // An Authorization header carrying a token this emulator issued and nobody revoked:
  // raw, "Bearer T", or "Basic base64(any:T)" (Azure Artifacts' form for an Entra token).
  bool accepts(const std::string* header) const;
  // Azure Artifacts names a feed's Entra tenant in X-VSS-ResourceTenant; empty: no header.
  std::string resource_tenant() const;

 private:
  void azure_oidc(const httplib::Request& req, httplib::Response& res);
  void entra_token(const httplib::Request& req, httplib::Response& res, const std::string& tenant);
  void github_id_token(const httplib::Request& req, httplib::Response& res);
  void exchange(const httplib::Request& req, httplib::Response& res);
  void revoke(const httplib::Request& req, httplib::Response& res);

  mutable std::mutex mutex_;
  std::string system_token_, service_connection_, tenant_, client_id_;
  std::string oidc_token_, access_token_;
  std::string github_request_token_, github_jwt_, audience_ = "127.0.0.1";
  std::string registry_token_;
  int registry_token_expires_in_ = 0;  // > 0: the exchange answer states this lifetime (seconds)
  std::string resource_tenant_;
  std::set<std::string> accepted_jwts_;  // usable once each
  std::set<std::string> live_tokens_;    // issued access and registry tokens, until revoked
  int exchanges_ = 0;
  int revocations_ = 0;
  nlohmann::json entra_forms_ = nlohmann::json::array();
  nlohmann::json github_audiences_ = nlohmann::json::array();
};

}  // namespace local_registry
