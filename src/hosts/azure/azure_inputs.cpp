#include "hosts/azure/azure_inputs.hpp"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "core/error.hpp"
#include "util/strings.hpp"
#include "util/utf8_path.hpp"

namespace ca {
namespace {

std::string input(const Environment& env, std::string_view name) {
  return trim(env.get_or("INPUT_" + to_upper(name), ""));
}

bool bool_input(const Environment& env, std::string_view name, bool fallback) {
  const std::string value = input(env, name);
  return value.empty() ? fallback : is_true_text(value);
}

// What a pipeline variable or environment name can be. A value outside this
// is almost surely the secret itself: the agent (or GitHub's ${{ }}) expanded it.
bool is_variable_name(std::string_view name) {
  if (name.empty() || name.size() > 256 || (name[0] >= '0' && name[0] <= '9')) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.' || c == '-';
  });
}

std::string how_to_name_the_variable(std::string_view input_name, const std::string& registry) {
  if (input_name == "tokenVariables")
    return "Write the variable's NAME, not $(...): " + registry +
           "=MY_SECRET_VARIABLE. The agent replaces $(NAME) by the secret before the task sees it (and "
           "leaves "
           "it as written when no such variable exists).";
  if (input_name == "token-variables")
    return "Write the NAME of a variable set in the step's `env:` (MY_TOKEN: ${{ secrets.MY_TOKEN }}), not "
           "${{ ... }} or $(...): " +
           registry + "=MY_TOKEN.";
  return "Write the environment variable's NAME, not $(...) or $VAR: --token " + registry +
         "=MY_TOKEN_VARIABLE.";
}

}  // namespace

std::vector<TokenMapping> parse_token_mappings(std::string_view text, std::string_view input_name) {
  std::vector<TokenMapping> mappings;
  for (const auto& line : split_list(text, ",\n")) {
    const auto eq = line.find('=');
    TokenMapping mapping;
    if (eq != std::string::npos) {
      mapping.registry = trim(line.substr(0, eq));
      mapping.variable = trim(line.substr(eq + 1));
    }
    if (mapping.registry.empty() || mapping.variable.empty()) {
      // The line may be an expanded secret: show it only when it reads as names.
      const std::string shown =
          is_variable_name(replace_all(line, "=", "")) ? "'" + line + "' " : "an entry ";
      throw Error(std::string(input_name) + ": " + shown +
                  "is not of the form registry=VARIABLE (one mapping per line).");
    }
    if (!is_variable_name(mapping.variable)) {
      const bool literal_macro = mapping.variable.rfind("$(", 0) == 0 || mapping.variable.rfind("${", 0) == 0;
      throw Error(std::string(input_name) + ": the mapping for registry '" + mapping.registry + "' gives " +
                  (literal_macro ? std::string("a $(...) expression")
                                 : std::string("a value that is not a variable name (not shown: it may be "
                                               "the secret itself)")) +
                  " where the NAME of a variable belongs. " +
                  how_to_name_the_variable(input_name, mapping.registry));
    }
    mappings.push_back(std::move(mapping));
  }
  return mappings;
}

Options options_from_azure_inputs(const Environment& env) {
  Options options;
  options.host = HostKind::kAzure;
  options.debug = env.flag("SYSTEM_DEBUG");
  const std::string command = to_lower(input(env, "command"));
  if (command.empty() || command == "auth" || command == "authenticate") {
    options.command = Command::kAuth;
  } else if (command == "publish") {
    options.command = Command::kPublish;
  } else {
    throw Error("command: '" + command + "' is not a command of this task; use authenticate or publish.");
  }
  const std::string default_dir = env.get_or("SYSTEM_DEFAULTWORKINGDIRECTORY", "");
  std::error_code ec;
  options.working_directory =
      default_dir.empty() ? std::filesystem::current_path(ec) : utf8_path(default_dir);

  // The agent roots filePath inputs and turns an empty one into the repository
  // root (a directory): then cargo's own discovery from there is what users mean.
  const std::string config_file = input(env, "configFile");
  if (!config_file.empty()) {
    if (std::filesystem::is_directory(utf8_path(config_file), ec)) {
      options.discover = true;
      options.working_directory = utf8_path(config_file);
    } else {
      options.config_files.push_back(utf8_path(config_file));
    }
  }
  options.service_connection_ids = split_list(input(env, "cargoServiceConnections"), ",\n");
  // The agent names the variable after the input, never its YAML alias; both are read anyway.
  options.workload_identity_connection = input(env, "workloadIdentityServiceConnection");
  if (options.workload_identity_connection.empty())
    options.workload_identity_connection = input(env, "azureDevOpsServiceConnection");
  options.workload_identity_feed_url = input(env, "feedUrl");
  options.trusted_publishing = bool_input(env, "trustedPublishing", false);
  options.provider_mode = bool_input(env, "credentialProvider", false);
  options.registry_names = split_list(input(env, "registryNames"), ",\n ");
  options.token_mappings = parse_token_mappings(input(env, "tokenVariables"), "tokenVariables");
  options.verify = bool_input(env, "verify", false);

  PublishSettings& publish = options.publish;
  if (auto dir = input(env, "workingDirectory"); !dir.empty()) publish.working_directory = utf8_path(dir);
  if (auto registry = input(env, "publishRegistry"); !registry.empty()) publish.registry = registry;
  publish.packages = split_list(input(env, "packages"), ",\n ");
  publish.dry_run = bool_input(env, "dryRun", false);
  publish.allow_dirty = bool_input(env, "allowDirty", true);
  publish.no_verify = bool_input(env, "noVerify", false);
  publish.extra_args = split_list(input(env, "arguments"), " \n");
  return options;
}

}  // namespace ca
