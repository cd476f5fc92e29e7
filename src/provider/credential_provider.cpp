#include "provider/credential_provider.hpp"

#include <istream>
#include <optional>
#include <ostream>

#include "config/index_url.hpp"
#include "provider/provider_protocol.hpp"
#include "provider/provider_setting.hpp"

namespace ca::provider {
namespace {

constexpr std::size_t kMaxRequestBytes = 1 << 20;

struct ProviderArgs {
  std::string token_variable;
};

// The provider's own words: [credential-provider] --token-variable NAME [--cargo-plugin].
// Returns the arguments, or why they are not valid.
std::optional<ProviderArgs> parse_args(std::vector<std::string> args, std::string& why) {
  if (!args.empty() && args.front() == kSubcommand) args.erase(args.begin());
  if (!args.empty() && args.back() == "--cargo-plugin") args.pop_back();
  ProviderArgs parsed;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == kTokenVariableFlag && i + 1 < args.size()) {
      parsed.token_variable = args[++i];
    } else {
      why = "unknown argument '" + args[i] + "'; expected: credential-provider " +
            std::string(kTokenVariableFlag) + " NAME";
      return std::nullopt;
    }
  }
  if (parsed.token_variable.empty()) {
    why = std::string(kTokenVariableFlag) +
          " NAME is required in the credential-provider setting (the variable the task exported the "
          "credential in)";
    return std::nullopt;
  }
  return parsed;
}

// Reads one line of at most kMaxRequestBytes; false at end of input.
// `too_long` is set when the line was longer (the rest is discarded).
bool read_line(std::istream& in, std::string& line, bool& too_long) {
  line.clear();
  too_long = false;
  char c = 0;
  bool any = false;
  while (in.get(c)) {
    any = true;
    if (c == '\n') return true;
    if (line.size() < kMaxRequestBytes) {
      line.push_back(c);
    } else {
      too_long = true;
    }
  }
  return any;
}

std::string answer(const Request& request, const std::optional<ProviderArgs>& command_line,
                   const Environment& env) {
  std::string why;
  std::optional<ProviderArgs> from_request;
  if (!request.args.empty()) from_request = parse_args(request.args, why);
  if (!request.args.empty() && !from_request)
    return error_answer(ErrorKind::kOther, "cargo-authenticate: " + why);
  if (!from_request && !command_line) {
    return error_answer(ErrorKind::kOther, "cargo-authenticate: the credential-provider setting names no " +
                                               std::string(kTokenVariableFlag) + " NAME");
  }
  const ProviderArgs& args = from_request ? *from_request : *command_line;
  if (request.kind == RequestKind::kLogin || request.kind == RequestKind::kLogout ||
      request.kind == RequestKind::kUnknown) {
    // The credential belongs to the pipeline; cargo login/logout cannot change it.
    return error_answer(ErrorKind::kOperationNotSupported);
  }
  IndexUrl index;
  if (!try_parse_index_url(request.index_url, index)) {
    return error_answer(ErrorKind::kOther, "cargo-authenticate: the registry's index URL is not valid");
  }
  // cargo would send the token in clear text over the network.
  if (index.scheme == "http" && !index.is_loopback()) {
    return error_answer(ErrorKind::kOther,
                        "cargo-authenticate refuses to hand a token to the plain-http index " +
                            index.original +
                            " on a remote host (it would cross the network unencrypted); use https://");
  }
  const std::string& op = request.operation;
  if (op != "read" && op != "publish" && op != "yank" && op != "unyank" && op != "owners") {
    return error_answer(ErrorKind::kOperationNotSupported);
  }
  const auto value = env.non_empty(args.token_variable);
  if (!value) {
    return error_answer(ErrorKind::kOther, "cargo-authenticate: the variable " + args.token_variable +
                                               " that should hold this registry's credential is not set in "
                                               "this step's environment; run the cargo-authenticate task "
                                               "earlier in the same job");
  }
  if (!is_valid_token(*value)) {
    return error_answer(ErrorKind::kOther, "cargo-authenticate: the credential in " + args.token_variable +
                                               " holds characters cargo cannot send in a header");
  }
  return get_answer(Secret(*value));
}

}  // namespace

int run_credential_provider(const std::vector<std::string>& args, const Environment& env, std::istream& in,
                            std::ostream& out, std::ostream& err) {
  // `--cargo-plugin` alone: everything comes with the requests. Otherwise the
  // command line must be valid on its own.
  std::optional<ProviderArgs> parsed_args;
  const bool plugin_only = args.size() == 1 && args.front() == "--cargo-plugin";
  if (!plugin_only) {
    std::string why;
    parsed_args = parse_args(args, why);
    if (!parsed_args) {
      err << "cargo-authenticate credential-provider: " << why << "\n";
      return 2;
    }
    if (args.back() != "--cargo-plugin") {
      err << "cargo-authenticate credential-provider: cargo starts providers with --cargo-plugin as the last "
             "argument; this mode is for cargo, not for a terminal\n";
      return 2;
    }
  }
  out << kHello << '\n' << std::flush;
  std::string line;
  bool too_long = false;
  while (read_line(in, line, too_long)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (too_long) {
      out << error_answer(ErrorKind::kOther, "cargo-authenticate: request longer than 1 MiB") << '\n'
          << std::flush;
      continue;
    }
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    const ParsedRequest request = parse_request(line);
    const std::string reply = request.request
                                  ? answer(*request.request, *parsed_args, env)
                                  : error_answer(ErrorKind::kOther, "cargo-authenticate: " + request.error);
    out << reply << '\n' << std::flush;
  }
  return 0;
}

}  // namespace ca::provider
