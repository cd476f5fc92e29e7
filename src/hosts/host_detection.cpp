#include "hosts/host_detection.hpp"

#include "hosts/azure/azure_host.hpp"
#include "hosts/cnb/cnb_host.hpp"
#include "hosts/github/github_host.hpp"
#include "hosts/local/local_host.hpp"
#include "util/strings.hpp"

namespace ca {

HostKind detect_host(const Environment& env) {
  if (equals_ignore_case(env.get_or("TF_BUILD", ""), "true")) return HostKind::kAzure;
  if (env.flag("CNB")) return HostKind::kCnb;
  if (env.flag("GITHUB_ACTIONS")) return HostKind::kGitHub;
  return HostKind::kLocal;
}

std::optional<HostKind> parse_host_kind(std::string_view text) {
  const std::string name = to_lower(text);
  if (name == "azure") return HostKind::kAzure;
  if (name == "cnb") return HostKind::kCnb;
  if (name == "github") return HostKind::kGitHub;
  if (name == "local") return HostKind::kLocal;
  return std::nullopt;
}

std::string_view host_kind_name(HostKind kind) {
  switch (kind) {
    case HostKind::kAzure:
      return "azure";
    case HostKind::kCnb:
      return "cnb";
    case HostKind::kGitHub:
      return "github";
    case HostKind::kLocal:
      return "local";
  }
  return "local";
}

std::unique_ptr<Host> make_host(const Options& options, const Environment& env, std::ostream& out,
                                std::ostream& log) {
  // --json: stdout holds the one JSON document and nothing else; the CI hosts'
  // log lines and commands go to stderr (the agent and the runner read both).
  std::ostream& ci_out = options.json_output ? log : out;
  switch (options.host) {
    case HostKind::kAzure:
      return std::make_unique<AzureHost>(ci_out, env, options.debug);
    case HostKind::kCnb:
      return std::make_unique<CnbHost>(ci_out, options.debug);
    case HostKind::kGitHub:
      return std::make_unique<GitHubHost>(ci_out, env, options.debug);
    default:
      return std::make_unique<LocalHost>(out, log, options);
  }
}

}  // namespace ca
