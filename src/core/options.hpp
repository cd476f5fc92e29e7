#pragma once
// Everything one run needs, whichever CI host it runs on. Filled by exactly one
// front door (CLI flags, Azure task inputs, CNB plugin settings, GitHub action
// inputs); nothing below reads the process environment for options.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace ca {

enum class Command { kAuth, kExec, kPublish, kLogin, kCheck, kList, kRevoke };
enum class HostKind { kLocal, kAzure, kCnb, kGitHub };
enum class EmitFormat { kHuman, kShell, kDotenv, kJson };

// "registry=VARIABLE": take the registry's token from that variable.
struct TokenMapping {
  std::string registry;
  std::string variable;
};

struct PublishSettings {
  std::filesystem::path working_directory;  // empty: the run's working directory
  std::optional<std::string> registry;      // --registry for cargo publish
  std::vector<std::string> packages;        // empty: every publishable member
  bool dry_run = false;
  bool allow_dirty = true;
  bool no_verify = false;
  std::vector<std::string> extra_args;  // passed to cargo publish
  int max_attempts = 5;                 // per package, for 429/5xx/network
  double max_retry_seconds = 300;       // total time spent waiting between tries
  bool one_at_a_time = false;           // one package per cargo run even where cargo can do several
};

struct Options {
  Command command = Command::kAuth;
  HostKind host = HostKind::kLocal;

  std::vector<std::filesystem::path> config_files;  // explicit; empty: discover
  bool discover = false;                            // walk up like cargo
  std::filesystem::path working_directory;          // where discovery starts

  std::vector<std::string> registry_names;  // selection; each must get a credential
  std::vector<TokenMapping> token_mappings;
  std::vector<std::string> service_connection_ids;  // Azure cargoServiceConnections
  // Token exchanges (see docs/token-exchanges.md).
  std::string workload_identity_connection;           // Azure workloadIdentityServiceConnection id
  std::string workload_identity_feed_url;             // Azure feedUrl (the reference WIF variant's input)
  bool trusted_publishing = false;                    // OIDC -> registry token (crates.io trusted publishing)
  std::optional<std::string> token_setting_variable;  // CNB `token` setting / --token-env
  // Registries the token setting serves; empty: every selected registry.
  std::vector<std::string> token_setting_registries;

  bool verify = false;  // fetch config.json with each credential before finishing
  // auth/login --provider: hand on no token, only cargo's credential-provider setting naming
  // how cargo-authenticate finds the credential when cargo asks (docs/credential-provider.md).
  bool provider_mode = false;
  bool debug = false;
  EmitFormat emit = EmitFormat::kHuman;
  std::filesystem::path emit_file;  // dotenv target; empty: stdout
  bool show_secrets = false;        // json: include values

  PublishSettings publish;
  std::vector<std::string> exec_command;  // exec: the program and its arguments
  bool json_output = false;               // list --json
  double check_timeout_seconds = 10;
};

}  // namespace ca
