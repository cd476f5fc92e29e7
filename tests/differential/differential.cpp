#include "differential.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>

#include "support/temp_dir.hpp"

namespace ca::test {
namespace fs = std::filesystem;
namespace {

std::string first_error_line(const std::string& text) {
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(start, end - start);
    if (line.rfind("error", 0) == 0) return line;
    start = end + 1;
  }
  return text.substr(0, 300);
}

Env with(Env env, const Env& more) {
  for (const auto& [k, v] : more) env[k] = v;
  return env;
}

std::string registry_url_for_log(int port) { return "http://127.0.0.1:" + std::to_string(port); }

}  // namespace

std::string sha256_hex(const std::string& text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha256(), nullptr);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    out += hex[digest[i] >> 4U];
    out += hex[digest[i] & 15U];
  }
  return out;
}

std::string label_of(const std::string& url_or_path) {
  const auto at = url_or_path.find("/r/");
  if (at == std::string::npos) return "";
  const auto end = url_or_path.find('/', at + 3);
  return url_or_path.substr(at + 3, end == std::string::npos ? std::string::npos : end - at - 3);
}

Differential& Differential::instance() {
  static Differential differential;
  return differential;
}

Differential::Differential() : registry_(std::make_unique<LocalRegistry>(std::vector<std::string>{})) {}

std::string Differential::index_path(const std::string& scenario, const std::string& label) {
  return "/r/" + scenario + "-" + label + "/index/";
}

std::string Differential::index_url(const std::string& scenario, const std::string& label) const {
  return "sparse+" + registry_url_for_log(registry_->port()) + index_path(scenario, label);
}

void Differential::write_scenario(const Scenario& scenario, const std::string& root) const {
  fs::create_directories(fs::path(root) / scenario.cwd);
  fs::create_directories(fs::path(root) / scenario.cargo_home);
  for (const auto& dir : scenario.directories) fs::create_directories(fs::path(root) / dir);
  for (const auto& [path, content] : scenario.files) {
    const fs::path full = fs::path(root) / path;
    fs::create_directories(full.parent_path());
    std::ofstream(full, std::ios::binary) << content;
  }
  for (const auto& [link, target] : scenario.symlinks) {
    const fs::path full = fs::path(root) / link;
    fs::create_directories(full.parent_path());
    fs::create_symlink(target, full);
  }
}

ToolView Differential::run_tool(const Scenario& scenario, const std::string& root) {
  ToolView view;
  Env env = with(base_env(), scenario.env);
  env["CARGO_HOME"] = (fs::path(root) / scenario.cargo_home).string();
  const ProcessOptions options{(fs::path(root) / scenario.cwd).string(), "", std::chrono::seconds(60)};
  std::vector<std::string> list_args = {CA_BINARY, "list", "--json"};
  list_args.insert(list_args.end(), scenario.tool_args.begin(), scenario.tool_args.end());
  const auto listed = run_process(list_args, env, options);
  view.exit_code = listed.exit_code;
  view.output = listed.err;
  if (listed.exit_code != 0) return view;
  const auto json = nlohmann::json::parse(listed.out);
  std::vector<std::string> auth_args = {CA_BINARY, "auth", "--ci",          "local",
                                        "--emit",  "json", "--show-secrets"};
  auth_args.insert(auth_args.end(), scenario.tool_args.begin(), scenario.tool_args.end());
  int n = 0;
  for (const auto& r : json.at("registries")) {
    ToolRegistry registry{r.at("name").get<std::string>(), r.at("index").get<std::string>(),
                          r.at("token_variable").get<std::string>()};
    if (registry.name != "crates-io") {
      // One distinct token per registry, in a variable of the test's own naming.
      const std::string variable = "DIFF_TOKEN_" + std::to_string(n++);
      env[variable] = "tkn-diff-" + scenario.id + "-" + registry.name;
      auth_args.push_back("--token");
      auth_args.push_back(registry.name + "=" + variable);
    }
    view.registries.push_back(std::move(registry));
  }
  for (const auto& w : json.at("warnings")) view.warnings.push_back(w.dump());
  const auto authed = run_process(auth_args, env, options);
  view.exit_code = authed.exit_code;
  if (authed.exit_code != 0) {
    view.output = authed.err;
    return view;
  }
  const auto variables = nlohmann::json::parse(authed.out);  // named: a temporary would die before the loop
  for (const auto& v : variables.at("variables")) {
    view.exported[v.at("name").get<std::string>()] = v.at("value").get<std::string>();
  }
  return view;
}

CargoView Differential::probe_cargo(const Scenario& scenario, const std::string& root, const Env& extra,
                                    const std::string& name) {
  const std::string log_url = registry_->base_url() + "/_control/log?prefix=/r/" + scenario.id + "-";
  const std::size_t before = nlohmann::json::parse(http_request("GET", log_url).body).size();
  Env env = with(with(base_env(), scenario.env), extra);
  env["CARGO_HOME"] = (fs::path(root) / scenario.cargo_home).string();
  env["CARGO_NET_RETRY"] = "0";
  env["CARGO_HTTP_TIMEOUT"] = "20";
  env["CARGO_TERM_COLOR"] = "never";
  std::vector<std::string> argv = {"cargo"};
  argv.insert(argv.end(), scenario.cargo_args.begin(), scenario.cargo_args.end());
  argv.insert(argv.end(), scenario.cargo_command.begin(), scenario.cargo_command.end());
  if (!name.empty()) {
    argv.push_back("--registry");
    argv.push_back(name);
  }
  const auto result =
      run_process(argv, env, {(fs::path(root) / scenario.cwd).string(), "", std::chrono::seconds(60)});
  CargoView view;
  view.exit_code = result.exit_code;
  view.first_error = first_error_line(result.err);
  const auto log = nlohmann::json::parse(http_request("GET", log_url).body);
  for (std::size_t i = before; i < log.size(); ++i) {
    const std::string path = log[i].at("path").get<std::string>();
    view.requests.push_back({label_of(path), path, log[i].at("authorization_sha256").get<std::string>()});
  }
  return view;
}

Comparison Differential::run(const Scenario& scenario) {
  TempDir dir;
  const std::string root = dir.str();
  write_scenario(scenario, root);
  Comparison c;
  c.tool = run_tool(scenario, root);
  const bool tool_ok = c.tool.exit_code == 0;
  std::set<std::string> names(scenario.probe.begin(), scenario.probe.end());
  std::map<std::string, const ToolRegistry*> listed;
  if (tool_ok) {
    for (const auto& r : c.tool.registries) {
      if (r.name == "crates-io") continue;
      names.insert(r.name);
      listed[r.name] = &r;
    }
  }
  const Env exported = tool_ok ? Env(c.tool.exported.begin(), c.tool.exported.end()) : Env{};
  bool cargo_refused_some = false;
  for (const auto& name : names) {
    CargoView cargo = probe_cargo(scenario, root, exported, name);
    const bool reached = !cargo.requests.empty();
    // cargo checks some rules (one index URL per registry) only when it looks for the
    // credential, after an anonymous config.json: "used" means it sent a credential.
    const bool authenticated = std::any_of(cargo.requests.begin(), cargo.requests.end(),
                                           [](const auto& r) { return !r.authorization_sha256.empty(); });
    cargo_refused_some = cargo_refused_some || !authenticated;
    auto it = listed.find(name);
    const std::string where = scenario.id + " registry '" + name + "': ";
    if (tool_ok && it == listed.end() && reached) {
      c.disagreements.push_back(where + "cargo uses it (" + cargo.requests.front().path +
                                ") but the tool does not list it");
    } else if (it != listed.end() && !reached) {
      c.disagreements.push_back(where + "the tool lists it at " + it->second->index +
                                " but cargo does not use it: " + cargo.first_error);
    } else if (it != listed.end()) {
      const std::string expected_label = label_of(it->second->index);
      std::string sent;
      for (const auto& request : cargo.requests) {
        if (request.label != expected_label) {
          c.disagreements.push_back(where + "the tool says index " + it->second->index +
                                    " but cargo requested " + request.path);
          break;
        }
        if (!request.authorization_sha256.empty()) sent = request.authorization_sha256;
      }
      const auto token = c.tool.exported.find(it->second->token_variable);
      const std::string expected = token == c.tool.exported.end() ? "" : sha256_hex(token->second);
      if (sent != expected) {
        c.disagreements.push_back(where + "cargo sent " + (sent.empty() ? "no token" : "a different token") +
                                  " than the one the tool exported in " + it->second->token_variable +
                                  (expected.empty() ? " (it exported none)" : ""));
      }
    }
    c.cargo.emplace(name, std::move(cargo));
  }
  if (!tool_ok && !cargo_refused_some) {
    c.disagreements.push_back(scenario.id + ": the tool refused the configuration (exit " +
                              std::to_string(c.tool.exit_code) + ": " + first_error_line(c.tool.output) +
                              ") but cargo used every probed registry");
  }
  return c;
}

}  // namespace ca::test
