#include "commands/auth_command.hpp"

#include "commands/authenticate.hpp"
#include "commands/check_command.hpp"
#include "commands/exchanged_tokens.hpp"
#include "commands/export_plan.hpp"
#include "commands/outcome.hpp"
#include "platform/system.hpp"
#include "util/strings.hpp"

namespace ca {

ExitCode run_auth(const RunContext& context) {
  if (context.options.provider_mode) {
    if (const std::string refusal = provider_mode_refusal(context.host.kind()); !refusal.empty()) {
      context.host.error(refusal);
      context.host.complete(Outcome::kFailed, "the credential-provider mode is not available here");
      context.host.finish();
      return ExitCode::kBadInput;
    }
  }
  Authentication auth = authenticate(context);
  // Revoked unless exported: a failed step leaves no live exchanged token behind.
  ExchangedTokens exchanged(context.host, auth);
  report_authentication(context, auth);
  if (!auth.ok()) {
    // Nothing is exported: a failed step leaves no partial authentication behind.
    exchanged.revoke();  // before the result: its messages belong to this step
    context.host.complete(Outcome::kFailed,
                          "cargo-authenticate could not authenticate every required registry");
    context.host.finish();
    return auth.failure_exit_code();
  }
  // --verify: a token the registry rejects fails here, with the registry's answer,
  // instead of as a 401 several steps later; and nothing is exported.
  if (context.options.verify && !verify_authentication(context, auth)) {
    exchanged.revoke();  // before the result: its messages belong to this step
    context.host.complete(Outcome::kFailed,
                          "a registry rejected its credential (--verify); no variable was set");
    context.host.finish();
    return ExitCode::kFailed;
  }
  // Checked against the host's rules before anything is exported: a credential
  // the agent would hide from later steps is never reported as authenticated.
  // --provider: the tokens found now only proved the sources work; an exchanged one is
  // revoked below (not kept), and cargo's provider call obtains its own when it needs one.
  const ExportPlan plan = context.options.provider_mode
                              ? plan_provider_exports(auth, context.host, self_executable_path())
                              : plan_exports(auth, context.host, self_executable_path());
  if (!plan.errors.empty()) {
    for (const auto& message : plan.errors) context.host.error(message);
    context.host.complete(
        Outcome::kFailed,
        "a later step could not see every credential (see the errors); no variable was set");
    context.host.finish();
    return ExitCode::kFailed;
  }
  for (const auto& name : context.options.provider_mode ? std::vector<std::string>{} : plan.via_provider) {
    context.host.info("registry '" + name +
                      "': a secret variable of the job has the name of its token variable, which the agent "
                      "keeps secret; later steps get the token through cargo-authenticate as cargo's "
                      "credential provider (nothing to add to your publish step).");
  }
  bool exported = true;
  for (const auto& variable : plan.variables) {
    exported = (variable.secret ? context.host.export_secret(variable.name, variable.value)
                                : context.host.export_variable(variable.name, variable.value.reveal())) &&
               exported;
  }
  if (!exported && auth.authenticated_count() > 0 && context.host.kind() == HostKind::kCnb) {
    context.host.info(
        "Cloud Native Build cannot hand variables to later jobs. In the plugin use `command: publish` "
        "(the default); in a script task run `cargo-authenticate login` (later script tasks of the same "
        "container then run a plain `cargo publish`) or `cargo-authenticate exec -- cargo publish`.");
  } else if (!exported && auth.authenticated_count() > 0) {
    context.host.info(
        "This shell cannot receive variables from a child process. Use `cargo-authenticate exec -- "
        "cargo publish`, `eval \"$(cargo-authenticate auth --emit shell)\"`, or `cargo-authenticate login`.");
  }
  // Handed on (exported, or printed by --emit): later steps use them, `revoke` ends them.
  // Not handed on (a plain shell): nobody could use them, so they are revoked now.
  if (context.options.provider_mode) {
    if (exported || context.options.emit != EmitFormat::kHuman)
      context.host.info(
          "later steps get their credential from cargo-authenticate as cargo's credential provider "
          "(no token variable was set): " +
          join(plan.via_provider, ", "));
  } else if (exported || context.options.emit != EmitFormat::kHuman) {
    exchanged.keep();
  }
  std::vector<std::string> authenticated;
  for (const auto& r : auth.resolutions) {
    if (r.credential) authenticated.push_back(r.registry.name);
  }
  // Names only (never a value): for later steps' conditions, e.g. steps.auth.outputs.registries;
  // on Azure under the name task.json declares, $(auth.authenticatedRegistries).
  context.host.set_output(context.host.kind() == HostKind::kAzure ? "authenticatedRegistries" : "registries",
                          join(authenticated, ","));
  exchanged.revoke();  // only what was not handed on (kept tokens are no longer listed)
  const Outcome outcome = outcome_of(auth);
  context.host.complete(outcome, outcome_message(auth));
  if (!context.host.finish()) return ExitCode::kOutputError;
  return ExitCode::kSuccess;
}

}  // namespace ca
