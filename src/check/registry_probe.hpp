#pragma once
// Asks each registry for its sparse index `config.json` with the credential
// this tool resolved for it, all registries at once, and says what the answer
// means for cargo: ok, unauthorized (401), forbidden (403), not a cargo
// registry (no JSON with `dl`), or the network failure (TLS, DNS, timeout,
// unreachable, refused because a credential would go over plain http).
// A registry without a credential is asked anonymously: an anonymous registry
// is fine without one. Git and file indexes are not checked (no config.json).
// Never throws; details never contain the credential.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "config/registry.hpp"
#include "core/secret.hpp"
#include "net/http_client.hpp"

namespace ca {

// A registry's config.json holds two URLs and a flag: a larger answer is not
// one, and reading it is stopped there (bounded memory).
inline constexpr std::size_t kMaxConfigJsonBytes = 1024 * 1024;

enum class ProbeVerdict {
  kOk,
  kUnauthorized,
  kForbidden,
  kNotCargoRegistry,
  kTls,
  kDns,
  kTimeout,
  kUnreachable,
  kRefusedInsecure,
  kNoCredential,
  kHttpError,
  kNetworkError,
  kNotChecked,
};

struct ProbeTarget {
  Registry registry;
  std::optional<Secret> credential;
  std::string credential_source;  // shown in the table; "none" without a credential
};

struct ProbeResult {
  std::string registry;
  std::string index;
  std::string credential_source;
  long status = 0;                    // 0: no HTTP answer
  std::optional<bool> auth_required;  // config.json's `auth-required`, when read
  double seconds = 0;
  ProbeVerdict verdict = ProbeVerdict::kNotChecked;
  std::string detail;  // the registry's own message or the network error, one line

  [[nodiscard]] bool failed() const {
    return verdict != ProbeVerdict::kOk && verdict != ProbeVerdict::kNotChecked;
  }
};

std::string verdict_name(ProbeVerdict verdict);

// The URL probed for a sparse index; nullopt for git/file indexes.
std::optional<std::string> config_json_url(const IndexUrl& index);

// Judges one answer (pure; the rules, testable without a network).
ProbeResult judge_probe(const ProbeTarget& target, const HttpResponse& response);

std::vector<ProbeResult> probe_registries(const std::vector<ProbeTarget>& targets,
                                          std::chrono::milliseconds timeout);

}  // namespace ca
