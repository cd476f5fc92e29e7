#include "commands/auth_command.hpp"

#include "commands/authenticate.hpp"
#include "commands/outcome.hpp"

namespace ca {

ExitCode run_auth(const RunContext& context) {
  Authentication auth = authenticate(context);
  report_authentication(context, auth);
  if (!auth.ok()) {
    // Nothing is exported: a failed step leaves no partial authentication behind.
    context.host.complete(Outcome::kFailed, "cargo-authenticate could not authenticate every required registry");
    context.host.finish();
    return ExitCode::kFailed;
  }
  bool exported = true;
  for (const auto& variable : auth.variables()) {
    exported = (variable.secret ? context.host.export_secret(variable.name, variable.value)
                                : context.host.export_variable(variable.name, variable.value.reveal())) &&
               exported;
  }
  if (!exported && auth.authenticated_count() > 0) {
    context.host.info(
        "This shell cannot receive variables from a child process. Use `cargo-authenticate exec -- "
        "cargo publish`, `eval \"$(cargo-authenticate auth --emit shell)\"`, or `cargo-authenticate login`.");
  }
  const Outcome outcome = outcome_of(auth);
  context.host.complete(outcome, outcome_message(auth));
  if (!context.host.finish()) return ExitCode::kOutputError;
  return ExitCode::kSuccess;
}

}  // namespace ca
