#include "commands/command_table.hpp"

#include "commands/auth_command.hpp"
#include "commands/check_command.hpp"
#include "commands/exec_command.hpp"
#include "commands/list_command.hpp"
#include "commands/login_command.hpp"
#include "commands/publish_command.hpp"
#include "commands/revoke_command.hpp"
#include "core/error.hpp"

namespace ca {

ExitCode run_command(const RunContext& context) {
  switch (context.options.command) {
    case Command::kAuth:
      return run_auth(context);
    case Command::kLogin:
      return run_login(context);
    case Command::kExec:
      return run_exec(context);
    case Command::kPublish:
      return run_publish(context);
    case Command::kCheck:
      return run_check(context);
    case Command::kList:
      return run_list(context);
    case Command::kRevoke:
      return run_revoke(context);
    default:
      break;
  }
  throw Error("this command is not available in this build");
}

}  // namespace ca
