#include "cli/command_line.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "core/exit_code.hpp"
#include "hosts/azure/azure_inputs.hpp"
#include "hosts/host_detection.hpp"
#include "util/strings.hpp"
#include "util/suggest.hpp"
#include "util/utf8_path.hpp"

#ifndef CARGO_AUTHENTICATE_VERSION
#define CARGO_AUTHENTICATE_VERSION "0.0.0"
#endif

namespace ca {
namespace {

struct RawFlags {
  std::vector<std::string> configs;
  std::vector<std::string> registries;
  std::vector<std::string> tokens;
  std::vector<std::string> connections;
  std::string ci;
  std::string emit = "human";
  std::string working_directory;
  std::vector<std::string> packages;
  bool no_allow_dirty = false;
  std::string token_env;
  std::vector<std::string> token_registries;
};

void add_common_options(CLI::App* cmd, Options& options, RawFlags& raw) {
  cmd->add_option("--config", raw.configs, "cargo config file(s) to read (default: discover like cargo)");
  cmd->add_flag("--discover", options.discover, "also read the config files cargo itself would read");
  cmd->add_option("-C,--working-directory", raw.working_directory, "directory to start discovery from");
  cmd->add_option("--registry", raw.registries,
                  "registry to authenticate (repeatable or comma-separated); each must get a credential");
  cmd->add_option("--token", raw.tokens, "REGISTRY=VARIABLE: take the registry's token from that variable");
  cmd->add_option("--service-connection", raw.connections, "Azure service connection id (repeatable)");
  cmd->add_option("--ci", raw.ci, "CI host: azure, cnb, github or local (default: detected)")
      ->check(CLI::IsMember({"azure", "cnb", "github", "local"}));
  cmd->add_option("--token-env", raw.token_env,
                  "VARIABLE: a token for every selected registry (or those named by --token-registry)");
  cmd->add_option("--token-registry", raw.token_registries,
                  "registry the --token-env token serves (repeatable)");
  cmd->add_flag("--verify", options.verify, "fetch each registry's config.json with its credential");
  cmd->add_flag("--trusted-publishing", options.trusted_publishing,
                "exchange the CI's OIDC token for a 30-minute registry token (crates.io trusted publishing; "
                "the registries named with --registry, else crates-io)");
  cmd->add_option("--workload-identity", options.workload_identity_connection,
                  "Azure: workload identity service connection id (tokens for the --registry registries)");
  cmd->add_flag("-v,--debug", options.debug, "debug logging (never shows secret values)");
}

void finish_options(Options& options, RawFlags& raw, const Environment& env) {
  for (const auto& c : raw.configs) options.config_files.push_back(utf8_path(c));
  for (const auto& r : raw.registries) {
    for (auto& name : split_list(r, ",")) options.registry_names.push_back(std::move(name));
  }
  for (const auto& t : raw.tokens) {
    auto mappings = parse_token_mappings(t, "--token");
    options.token_mappings.insert(options.token_mappings.end(), mappings.begin(), mappings.end());
  }
  for (const auto& c : raw.connections) {
    for (auto& id : split_list(c, ",")) options.service_connection_ids.push_back(std::move(id));
  }
  if (!raw.token_env.empty()) options.token_setting_variable = raw.token_env;
  for (const auto& r : raw.token_registries) {
    for (auto& name : split_list(r, ",")) options.token_setting_registries.push_back(std::move(name));
  }
  options.host = raw.ci.empty() ? detect_host(env) : *parse_host_kind(raw.ci);
  if (!options.debug) options.debug = env.flag("SYSTEM_DEBUG") || env.flag("RUNNER_DEBUG");
  std::error_code ec;
  options.working_directory = raw.working_directory.empty() ? std::filesystem::current_path(ec)
                                                            : utf8_path(raw.working_directory);
  if (raw.emit == "shell")
    options.emit = EmitFormat::kShell;
  else if (raw.emit == "dotenv")
    options.emit = EmitFormat::kDotenv;
  else if (raw.emit == "json")
    options.emit = EmitFormat::kJson;
  // --emit prints for the caller to consume; no CI host protocol on top of it.
  if (options.emit != EmitFormat::kHuman && raw.ci.empty()) options.host = HostKind::kLocal;
  options.publish.packages = raw.packages;
  options.publish.allow_dirty = !raw.no_allow_dirty;
}

const std::vector<std::string>& command_names() {
  static const std::vector<std::string> names{"auth", "login", "exec", "publish", "check", "list", "revoke"};
  return names;
}

bool is_subcommand(std::string_view arg) {
  const auto& names = command_names();
  return std::find(names.begin(), names.end(), arg) != names.end();
}

// A usage mistake: one message on stderr that says what to write instead, exit 2.
int usage_error(const std::string& message) {
  std::cerr << "error: " << message << "\n";
  return to_int(ExitCode::kBadInput);
}

// What a user can type first: CLI11's commands and the credential-provider door (main.cpp).
std::vector<std::string> every_command() {
  std::vector<std::string> names = command_names();
  names.emplace_back("credential-provider");
  return names;
}

std::string command_list() {
  return "commands: " + join(every_command(), ", ") + " (cargo-authenticate COMMAND --help for each)";
}

// Words CLI11 could not place, said in the user's terms: a mistyped option gets
// the nearest option of that command; `exec CMD` without `--` gets the fix.
std::optional<int> explain_extras(const CLI::App& command, const std::vector<std::string>& extras) {
  if (extras.empty()) return std::nullopt;
  const std::string name = command.get_name();
  if (name == "exec" && extras.front().rfind('-', 0) != 0) {
    std::string child;
    for (const auto& word : extras) child += " " + word;
    return usage_error(
        "exec runs the command written after `--`, so its words are not taken for exec's own "
        "options: write `cargo-authenticate exec [options] --" +
        child + "`.");
  }
  std::vector<std::string> known;
  for (const CLI::Option* option : command.get_options()) {
    for (const auto& long_name : option->get_lnames()) known.push_back("--" + long_name);
  }
  for (const auto& word : extras) {
    if (word.rfind("--", 0) != 0) continue;
    const std::string flag = word.substr(0, word.find('='));
    std::string message = "unknown option '" + flag + "' for '" + name + "'";
    if (auto best = closest_name(flag, known)) message += "; did you mean '" + *best + "'?";
    return usage_error(message + " (cargo-authenticate " + name + " --help lists its options)");
  }
  return usage_error("'" + name + "' takes no argument '" + extras.front() + "' (cargo-authenticate " + name +
                     " --help lists what it takes)");
}

}  // namespace

CommandLine parse_command_line(int argc, const char* const* argv, const Environment& env) {
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) args.emplace_back(argv[i]);
  if (!args.empty() && args.front() == "authenticate") args.erase(args.begin());  // `cargo authenticate`
  const bool top_level_only = !args.empty() && (args.front() == "--help" || args.front() == "-h" ||
                                                args.front() == "--version" || args.front() == "-V");
  if (!args.empty() && !top_level_only && args.front().rfind('-', 0) != 0 && !is_subcommand(args.front())) {
    // `auth` takes no words of its own, so a leading word can only be a (mistyped) command.
    std::string message = "unknown command '" + args.front() + "'";
    if (auto best = closest_name(args.front(), every_command())) message += "; did you mean '" + *best + "'?";
    CommandLine unknown;
    unknown.exit_now = usage_error(message + "\n" + command_list());
    return unknown;
  }
  if (!top_level_only && (args.empty() || !is_subcommand(args.front()))) args.insert(args.begin(), "auth");
  // exec/publish: everything after the first "--" belongs to the child command,
  // verbatim (CLI11 would hand option-like words such as `-c` back to the parent).
  std::vector<std::string> after_dashes;
  if (!args.empty() && (args.front() == "exec" || args.front() == "publish")) {
    if (auto dashes = std::find(args.begin(), args.end(), "--"); dashes != args.end()) {
      after_dashes.assign(dashes + 1, args.end());
      args.erase(dashes, args.end());
    }
  }

  CommandLine result;
  Options& options = result.options;
  RawFlags raw;
  CLI::App app{"cargo-authenticate: authenticate cargo to private registries in CI", "cargo-authenticate"};
  app.set_version_flag("-V,--version", CARGO_AUTHENTICATE_VERSION);
  app.require_subcommand(1, 1);

  CLI::App* auth = app.add_subcommand("auth", "hand registry tokens to the job's later steps (default)");
  add_common_options(auth, options, raw);
  auth->add_option("--emit", raw.emit, "outside CI: human (default), shell, dotenv or json")
      ->check(CLI::IsMember({"human", "shell", "dotenv", "json"}));
  std::string emit_file;
  auth->add_option("--output", emit_file, "with --emit dotenv: the file to write (mode 0600)");
  auth->add_flag("--show-secrets", options.show_secrets, "with --emit json: include token values");
  auth->add_flag(
      "--provider", options.provider_mode,
      "hand on no token: set only cargo's credential-provider setting, and cargo-authenticate finds "
      "the credential when cargo asks (trusted publishing, CNB_TOKEN, --token/--token-env variables)");
  auth->add_option("--timeout", options.check_timeout_seconds,
                   "with --verify: seconds to wait for each registry")
      ->check(CLI::Range(0.1, 600.0));
  auth->callback([&] {
    options.command = Command::kAuth;
    options.emit_file = utf8_path(emit_file);
  });

  CLI::App* login = app.add_subcommand(
      "login",
      "write the tokens to $CARGO_HOME/credentials.toml (mode 0600) like `cargo login`, for later steps");
  add_common_options(login, options, raw);
  login->add_flag("--provider", options.provider_mode,
                  "write credential-provider (this binary) into $CARGO_HOME/config.toml instead of a token");
  login->callback([&] { options.command = Command::kLogin; });

  CLI::App* exec = app.add_subcommand(
      "exec",
      "run a command with the registry tokens in its environment only: exec [options] -- CMD ARGS...");
  add_common_options(exec, options, raw);
  exec->callback([&] {
    options.command = Command::kExec;
    options.exec_command = after_dashes;
    if (options.exec_command.empty())
      throw CLI::ValidationError("exec", "give the command after --: exec -- CMD ARGS...");
  });

  CLI::App* publish = app.add_subcommand(
      "publish",
      "authenticate, then publish the workspace's packages in dependency order, skipping versions the "
      "registry already has, retrying 429/5xx/network failures: publish [options] [-- cargo args]");
  add_common_options(publish, options, raw);
  publish->get_option("--registry")
      ->description(
          "registry to publish to (one; default: cargo's registry.default, else the one the packages' "
          "`publish` field names)");
  publish->add_option("-p,--package", raw.packages,
                      "package to publish (repeatable; default: every publishable member)");
  bool allow_dirty_flag = false;  // the default; accepted so `cargo publish` habits work
  publish->add_flag("--allow-dirty", allow_dirty_flag, "pass --allow-dirty to cargo (default)");
  publish->add_flag("--no-allow-dirty", raw.no_allow_dirty, "do not pass --allow-dirty to cargo");
  publish->add_flag("--dry-run", options.publish.dry_run, "pass --dry-run to cargo (nothing is uploaded)");
  publish->add_flag("--no-verify", options.publish.no_verify, "pass --no-verify to cargo");
  publish->add_flag(
      "--one-at-a-time", options.publish.one_at_a_time,
      "one cargo publish per package (dependency order), even where cargo can publish several at once");
  publish
      ->add_option("--max-attempts", options.publish.max_attempts,
                   "tries per publish step for 429/5xx/network failures")
      ->check(CLI::Range(1, 100));
  publish
      ->add_option("--max-retry-seconds", options.publish.max_retry_seconds,
                   "total seconds spent waiting between tries")
      ->check(CLI::Range(0.0, 86400.0));
  publish->callback([&] {
    options.command = Command::kPublish;
    options.publish.extra_args = after_dashes;  // `publish -- --features x`: for cargo publish
    // --registry names the publish registry; more than one cannot be published to at once.
    std::vector<std::string> names;
    for (const auto& r : raw.registries) {
      for (auto& name : split_list(r, ",")) names.push_back(std::move(name));
    }
    if (names.size() > 1) throw CLI::ValidationError("--registry", "publish takes one registry");
    if (names.size() == 1) options.publish.registry = names.front();
  });

  CLI::App* check = app.add_subcommand("check",
                                       "fetch each registry's config.json with its credential and report "
                                       "what answered (exit 1 on any failure)");
  add_common_options(check, options, raw);
  check->add_flag("--json", options.json_output, "print the results as JSON on stdout");
  check
      ->add_option("--timeout", options.check_timeout_seconds,
                   "seconds to wait for each registry (default 10)")
      ->check(CLI::Range(0.1, 600.0));
  check->callback([&] { options.command = Command::kCheck; });

  CLI::App* list = app.add_subcommand(
      "list",
      "show the registries cargo sees here, where each is defined, and where its credential would come from");
  add_common_options(list, options, raw);
  list->add_flag("--json", options.json_output, "print JSON on stdout");
  list->callback([&] { options.command = Command::kList; });

  CLI::App* revoke = app.add_subcommand(
      "revoke",
      "revoke the trusted-publishing tokens an earlier auth step exported (CARGO_REGISTRY_TOKEN, or those of "
      "the --registry registries)");
  revoke->add_option("--config", raw.configs, "cargo config file(s) to read (default: discover like cargo)");
  revoke->add_flag("--discover", options.discover, "also read the config files cargo itself would read");
  revoke->add_option("-C,--working-directory", raw.working_directory, "directory to start discovery from");
  revoke->add_option("--registry", raw.registries, "registry whose token to revoke (default: crates-io)");
  revoke->add_option("--ci", raw.ci, "CI host: azure, cnb, github or local (default: detected)")
      ->check(CLI::IsMember({"azure", "cnb", "github", "local"}));
  revoke->add_flag("-v,--debug", options.debug, "debug logging (never shows secret values)");
  revoke->callback([&] { options.command = Command::kRevoke; });

  std::reverse(args.begin(), args.end());  // CLI11 takes the arguments reversed
  try {
    app.parse(args);
    finish_options(options, raw, env);
  } catch (const CLI::ExtrasError& e) {
    std::optional<int> explained;
    for (const CLI::App* command : app.get_subcommands()) {
      if (!explained) explained = explain_extras(*command, command->remaining(false));
    }
    result.exit_now = explained ? *explained : app.exit(e, std::cout, std::cerr);
    if (!explained) result.exit_now = to_int(ExitCode::kBadInput);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e, std::cout, std::cerr);
    result.exit_now = code == 0 ? 0 : to_int(ExitCode::kBadInput);
  }
  return result;
}

}  // namespace ca
