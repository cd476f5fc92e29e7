#include "commands/command_table.hpp"

#include "commands/auth_command.hpp"
#include "commands/login_command.hpp"
#include "core/error.hpp"

namespace ca {

ExitCode run_command(const RunContext& context) {
  switch (context.options.command) {
    case Command::kAuth:
      return run_auth(context);
    case Command::kLogin:
      return run_login(context);
    default:
      break;
  }
  throw Error("this command is not available in this build");
}

}  // namespace ca
