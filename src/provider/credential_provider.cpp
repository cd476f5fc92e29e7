#include "provider/credential_provider.hpp"

#include <chrono>
#include <istream>
#include <optional>
#include <ostream>

#include "config/index_url.hpp"
#include "config/registry.hpp"
#include "config/registry_name.hpp"
#include "credentials/trusted_publishing_source.hpp"
#include "provider/provider_protocol.hpp"
#include "provider/provider_setting.hpp"

namespace ca::provider {
namespace {

constexpr std::size_t kMaxRequestBytes = 1 << 20;

struct ProviderArgs {
  std::string token_variable;       // the token is this variable's value, or
  bool trusted_publishing = false;  // exchange the CI's OIDC token when cargo asks
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
    } else if (args[i] == kTrustedPublishingFlag) {
      parsed.trusted_publishing = true;
    } else {
      why = "unknown argument '" + args[i] + "'; expected: credential-provider " +
            std::string(kTokenVariableFlag) + " NAME, or credential-provider " +
            std::string(kTrustedPublishingFlag);
      return std::nullopt;
    }
  }
  if (parsed.token_variable.empty() == !parsed.trusted_publishing) {
    why = "the credential-provider setting needs exactly one of " + std::string(kTokenVariableFlag) +
          " NAME (the variable holding the credential) and " + std::string(kTrustedPublishingFlag);
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

// The exchange, done now that cargo asks: the token is fresh, and its expiry tells cargo
// when to ask again (cache: expires).
std::string trusted_publishing_answer(const Request& request, const IndexUrl& index, const Environment& env) {
  Registry registry;
  registry.index = index;
  registry.name = !request.name.empty()             ? request.name
                  : index.host == "index.crates.io" ? std::string(kCratesIoName)
                                                    : index.original;
  const TrustedPublishingSource source({registry.name}, env, [](const Secret&) {});
  const SourceAnswer found = source.find(registry);
  if (!found.credential) {
    return error_answer(
        ErrorKind::kOther,
        "cargo-authenticate: " + (found.problem.empty() ? std::string("no token") : found.problem));
  }
  const Credential& credential = *found.credential;
  if (!is_valid_token(credential.token.reveal())) {
    return error_answer(
        ErrorKind::kOther,
        "cargo-authenticate: the trusted-publishing exchange answered a token cargo cannot send");
  }
  std::optional<long long> expiration;
  if (credential.expires) {
    expiration =
        std::chrono::duration_cast<std::chrono::seconds>(credential.expires->time_since_epoch()).count();
  }
  return get_answer(credential.token, expiration);
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
  if (args.trusted_publishing) return trusted_publishing_answer(request, index, env);
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
                                  ? answer(*request.request, parsed_args, env)
                                  : error_answer(ErrorKind::kOther, "cargo-authenticate: " + request.error);
    out << reply << '\n' << std::flush;
  }
  return 0;
}

}  // namespace ca::provider
