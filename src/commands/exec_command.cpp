#include "commands/exec_command.hpp"

#include "commands/authenticate.hpp"
#include "commands/cargo_environment.hpp"
#include "commands/exchanged_tokens.hpp"
#include "commands/outcome.hpp"
#include "core/error.hpp"
#include "platform/process.hpp"

namespace ca {
namespace {

ExitCode report_child(const RunContext& context, const Authentication& auth, const ChildSpec& spec,
                      const ChildResult& result) {
  if (!result.started()) {
    context.host.error("cannot run " + result.spawn_error);
    context.host.complete(Outcome::kFailed, "the command could not be started");
  } else if (result.status != 0) {
    context.host.complete(Outcome::kFailed,
                          spec.argv.front() + " exited with status " + std::to_string(result.status));
  } else {
    context.host.complete(outcome_of(auth), outcome_message(auth));
  }
  context.host.finish();
  // The child's status is the result, whatever it is (a shell's convention).
  return static_cast<ExitCode>(result.status);
}

}  // namespace

ExitCode run_exec(const RunContext& context) {
  if (context.options.exec_command.empty()) {
    throw Error("exec needs a command to run: cargo-authenticate exec [options] -- cargo publish");
  }
  Authentication auth = authenticate(context);
  // Exchanged tokens die with the child, whatever happened (also on an exception).
  ExchangedTokens exchanged(context.host, auth);
  report_authentication(context, auth);
  if (!auth.ok()) {
    exchanged.revoke();
    context.host.complete(Outcome::kFailed,
                          "cargo-authenticate could not authenticate every required registry");
    context.host.finish();
    return auth.failure_exit_code();
  }
  ChildSpec spec;
  spec.argv = context.options.exec_command;
  spec.env = authenticated_environment(context.env, auth);
  const ChildResult result = run_child(spec);
  exchanged.revoke();
  return report_child(context, auth, spec, result);
}

}  // namespace ca
