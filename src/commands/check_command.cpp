#include "commands/check_command.hpp"

#include <chrono>

#include "check/probe_report.hpp"
#include "check/registry_probe.hpp"
#include "commands/config_notes.hpp"
#include "commands/exchanged_tokens.hpp"

namespace ca {
namespace {

std::chrono::milliseconds probe_timeout(const Options& options) {
  const double seconds = options.check_timeout_seconds > 0 ? options.check_timeout_seconds : 10;
  return std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
}

ProbeTarget target_of(const Resolution& r) {
  ProbeTarget target;
  target.registry = r.registry;
  if (r.credential) {
    target.credential = r.credential->token;
    target.credential_source = r.credential->source;
  } else {
    target.credential_source = "none";
  }
  return target;
}

// "Sentence." from a clause that may or may not be capitalised or end in a period.
std::string sentence(std::string text) {
  while (!text.empty() && (text.back() == '.' || text.back() == ' ')) text.pop_back();
  if (!text.empty() && text.front() >= 'a' && text.front() <= 'z')
    text.front() = static_cast<char>(text.front() - 'a' + 'A');
  return text.empty() ? text : text + ".";
}

std::string failure_message(const ProbeResult& r, const std::string& advice) {
  std::string text = "registry " + r.registry + " (" + r.index + "): " + verdict_name(r.verdict);
  if (!r.detail.empty()) text += " (" + r.detail + ")";
  return text + ". " + sentence(advice);
}

}  // namespace

ExitCode run_check(const RunContext& context) {
  const Authentication auth = authenticate(context);
  ExchangedTokens exchanged(context.host, auth);
  report_config_notes(context.host, auth.config, auth.resolutions);
  std::vector<ProbeTarget> targets;
  for (const auto& r : auth.resolutions) targets.push_back(target_of(r));
  const std::vector<ProbeResult> results = probe_registries(targets, probe_timeout(context.options));
  if (context.options.json_output) write_json_stdout({{"registries", probes_to_json(results)}});
  report_probe_table(context.host, results, "cargo-authenticate check");
  int failed = 0;
  for (std::size_t i = 0; i < results.size(); ++i) {
    if (!results[i].failed()) continue;
    ++failed;
    std::string advice = probe_advice(results[i], context.options.check_timeout_seconds);
    // Without a credential, the resolver's message says which variable to set.
    if (results[i].verdict == ProbeVerdict::kNoCredential && !auth.resolutions[i].message.empty()) {
      advice = auth.resolutions[i].message;
    }
    context.host.error(failure_message(results[i], advice), auth.resolutions[i].registry.defined_at);
  }
  const std::string summary = std::to_string(results.size() - failed) + " of " +
                              std::to_string(results.size()) +
                              (results.size() == 1 ? " registry" : " registries") + " ok";
  exchanged.revoke();  // before the result: its messages belong to this step
  context.host.complete(failed == 0 ? Outcome::kSucceeded : Outcome::kFailed, summary);
  if (!context.host.finish()) return ExitCode::kOutputError;
  return failed == 0 ? ExitCode::kSuccess : ExitCode::kFailed;
}

bool verify_authentication(const RunContext& context, const Authentication& auth) {
  std::vector<ProbeTarget> targets;
  std::vector<const Resolution*> probed;
  for (const auto& r : auth.resolutions) {
    if (!r.credential) continue;
    targets.push_back(target_of(r));
    probed.push_back(&r);
  }
  if (targets.empty()) return true;
  const std::vector<ProbeResult> results = probe_registries(targets, probe_timeout(context.options));
  report_probe_table(context.host, results, "Credential check (verify)");
  bool ok = true;
  for (std::size_t i = 0; i < results.size(); ++i) {
    if (!results[i].failed()) continue;
    ok = false;
    const ProbeResult& r = results[i];
    const bool rejected = r.verdict == ProbeVerdict::kUnauthorized || r.verdict == ProbeVerdict::kForbidden;
    const std::string message =
        rejected ? "registry " + r.registry + " rejected the credential from " + r.credential_source +
                       " at " + r.index + ": " + r.detail + ". " +
                       sentence(probe_advice(r, context.options.check_timeout_seconds))
                 : failure_message(r, probe_advice(r, context.options.check_timeout_seconds));
    context.host.error(message, probed[i]->registry.defined_at);
  }
  return ok;
}

}  // namespace ca
