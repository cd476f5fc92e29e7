#pragma once
// The provider side of cargo's credential-provider protocol v1. With the
// setting `<this binary> credential-provider --token-variable NAME`, cargo
// starts `<this binary> --cargo-plugin` and sends the words after the path in
// each request's "args" (cargo's credential-provider-protocol.md: "Additional
// arguments are included in the JSON via the args field"). The answer to a
// get is the value of the environment variable NAME, which the task exported
// for later steps (see provider_setting.hpp for why). Run by hand as
// `cargo-authenticate credential-provider --token-variable NAME --cargo-plugin`,
// the command-line words serve requests that carry no args.
//
// stdout carries protocol lines only ({"v":[1]} then one answer per request
// until stdin closes); diagnostics go to stderr and never hold a secret. A
// malformed request gets an Err answer, never a crash; a request line longer
// than 1 MiB is answered with an Err and skipped. Exit code 0 when stdin
// closes, 2 for a bad command line (reported on stderr).
#include <iosfwd>
#include <string>
#include <vector>

#include "core/environment.hpp"

namespace ca::provider {

// args: the command line after the program name ("--cargo-plugin", or
// "credential-provider ...").
int run_credential_provider(const std::vector<std::string>& args, const Environment& env, std::istream& in,
                            std::ostream& out, std::ostream& err);

}  // namespace ca::provider
