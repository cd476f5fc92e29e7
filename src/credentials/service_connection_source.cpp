#include "credentials/service_connection_source.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "config/index_url.hpp"
#include "core/error.hpp"
#include "util/base64.hpp"
#include "util/strings.hpp"
#include "util/url_display.hpp"

namespace ca {
namespace {

// The agent upper-cases variable names; ids are GUIDs, so try both spellings.
std::optional<std::string> endpoint_variable(const Environment& env, const std::string& prefix,
                                             const std::string& id, const std::string& suffix = "") {
  for (const std::string& spelling : {id, to_upper(id)}) {
    if (auto value = env.get(prefix + spelling + suffix)) return value;
  }
  return std::nullopt;
}

std::string auth_parameter(const Environment& env, const std::string& id, const std::string& key,
                           const nlohmann::json& auth_json) {
  if (auto value = endpoint_variable(env, "ENDPOINT_AUTH_PARAMETER_", id, "_" + to_upper(key))) return *value;
  if (auth_json.is_object() && auth_json.contains("parameters")) {
    const auto& parameters = auth_json["parameters"];
    if (parameters.is_object()) {
      for (const auto& [name, value] : parameters.items()) {
        if (equals_ignore_case(name, key) && value.is_string()) return value.get<std::string>();
      }
    }
  }
  return {};
}

}  // namespace

bool is_crates_io_url(const std::string& url) {
  IndexUrl parsed;
  if (!try_parse_index_url(url, parsed)) return false;
  return parsed.host == "crates.io" || parsed.host == "index.crates.io" ||
         (parsed.host == "github.com" && starts_with_ignore_case(parsed.path, "/rust-lang/crates.io-index"));
}

std::vector<ServiceConnection> read_service_connections(const std::vector<std::string>& ids,
                                                        const Environment& env) {
  std::vector<ServiceConnection> connections;
  for (const auto& id : ids) {
    ServiceConnection connection;
    connection.id = id;
    auto url = endpoint_variable(env, "ENDPOINT_URL_", id);
    if (!url || trim(*url).empty()) {
      throw Error("service connection '" + id +
                  "' is not available to this step (no ENDPOINT_URL for it). Check that the "
                  "connection exists and that this pipeline is authorised to use it.");
    }
    connection.url = trim(*url);
    nlohmann::json auth_json;
    if (auto auth = endpoint_variable(env, "ENDPOINT_AUTH_", id)) {
      auth_json = nlohmann::json::parse(*auth, nullptr, /*allow_exceptions=*/false);
    }
    if (auto scheme = endpoint_variable(env, "ENDPOINT_AUTH_SCHEME_", id)) {
      connection.scheme = trim(*scheme);
    } else if (auth_json.is_object() && auth_json.contains("scheme") && auth_json["scheme"].is_string()) {
      connection.scheme = auth_json["scheme"].get<std::string>();
    }
    connection.username = Secret(auth_parameter(env, id, "username", auth_json));
    connection.password = Secret(auth_parameter(env, id, "password", auth_json));
    connection.api_token = Secret(auth_parameter(env, id, "apitoken", auth_json));
    // The reference task (CargoAuthenticateV0) fails the step on a Token
    // connection whose URL does not parse, rather than ignoring the connection.
    IndexUrl parsed;
    if (equals_ignore_case(connection.scheme, "Token") && !try_parse_index_url(connection.url, parsed)) {
      throw Error("service connection '" + id + "' (Token) has an invalid URL '" +
                  url_without_secrets(connection.url) +
                  "'; edit the connection and set the registry's URL (for crates.io: https://crates.io).");
    }
    connections.push_back(std::move(connection));
  }
  return connections;
}

SourceAnswer ServiceConnectionSource::find(const Registry& registry) const {
  for (const auto& connection : connections_) {
    const bool matches = registry.is_crates_io() ? is_crates_io_url(connection.url)
                                                 : same_registry_url(connection.url, registry.index.original);
    if (!matches) continue;
    const std::string source = "service connection " + connection.id;
    if (equals_ignore_case(connection.scheme, "UsernamePassword")) {
      if (connection.password.empty()) {
        return SourceAnswer::missing(source + " has no password; edit the connection and set one.", true);
      }
      Secret basic("Basic " +
                   base64_encode(connection.username.reveal() + ":" + connection.password.reveal()));
      return SourceAnswer::found(Credential{std::move(basic), source});
    }
    if (equals_ignore_case(connection.scheme, "Token")) {
      if (connection.api_token.empty()) {
        return SourceAnswer::missing(source + " has no token; edit the connection and set one.", true);
      }
      return SourceAnswer::found(Credential{connection.api_token, source});
    }
    return SourceAnswer::missing(
        source + " uses authentication scheme '" + connection.scheme + "'; use Username/Password or Token.",
        true);
  }
  return SourceAnswer::not_applicable();
}

bool ServiceConnectionSource::serves_crates_io() const {
  for (const auto& connection : connections_) {
    if (equals_ignore_case(connection.scheme, "Token") && is_crates_io_url(connection.url)) return true;
  }
  return false;
}

std::vector<std::string> ServiceConnectionSource::unmatched(const std::vector<Registry>& registries) const {
  std::vector<std::string> notes;
  for (const auto& connection : connections_) {
    const bool serves = std::any_of(registries.begin(), registries.end(), [&](const Registry& registry) {
      return registry.is_crates_io() ? is_crates_io_url(connection.url)
                                     : same_registry_url(connection.url, registry.index.original);
    });
    if (serves || (is_crates_io_url(connection.url) && serves_crates_io())) continue;
    std::vector<std::string> candidates;
    for (const auto& registry : registries) {
      if (candidates.size() == 10) {
        candidates.push_back("...");
        break;
      }
      candidates.push_back(registry.name + " = " + url_without_secrets(registry.index.original));
    }
    notes.push_back("service connection " + connection.id + " has URL " +
                    url_without_secrets(connection.url) +
                    ", which is the index URL of no registry here, so it serves nothing. Index URLs it could "
                    "match: " +
                    (candidates.empty() ? std::string("none") : join(candidates, ", ")) +
                    ". Edit the connection's URL to the registry's index URL (with or without sparse+).");
  }
  return notes;
}

}  // namespace ca
