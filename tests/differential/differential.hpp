#pragma once
// The differential harness: one configuration hierarchy (files, symlinks,
// environment, working directory, CARGO_HOME) is shown to the tool and to real
// cargo 1.95, and what each does with it is compared.
//
//   tool : `list --json` (registries, index URLs, token variables) and
//          `auth --ci local --emit json --show-secrets` with one distinct token
//          per listed registry (the variables it would hand to cargo).
//   cargo: `cargo search --registry NAME` (or another command) run with exactly
//          the tool's variables, against one stand-in sparse registry on 127.0.0.1
//          that answers every index URL /r/<label>/index/ and logs each request's
//          path and the SHA-256 of its Authorization header.
//
// Agreement, per registry name: the tool lists it iff cargo reaches the server
// for it; cargo asks the index URL the tool reported; and the Authorization
// cargo sends is the token the tool exported for that registry. When the tool
// refuses the configuration, cargo must refuse (reach no server) for at least
// one of the probed names.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "support/local_registry.hpp"
#include "support/process.hpp"

namespace ca::test {

struct Scenario {
  std::string id;                               // unique; prefixes every index label
  std::map<std::string, std::string> files;     // path relative to the root -> content
  std::map<std::string, std::string> symlinks;  // link (relative) -> target (as written)
  std::vector<std::string> directories;         // extra directories to create (relative)
  std::string cwd = "work";                     // relative to the root
  std::string cargo_home = "home";              // relative to the root
  Env env;                                      // CARGO_REGISTRIES_* and the like
  std::vector<std::string> probe;               // names to ask cargo about (plus the tool's list)
  std::vector<std::string> tool_args;           // e.g. {"--discover", "--config", "x.toml"}
  std::vector<std::string> cargo_args;          // before the subcommand, e.g. {"--config", "x.toml"}
  std::vector<std::string> cargo_command = {"search", "zzz", "--limit", "1"};  // + --registry NAME
};

struct ToolRegistry {
  std::string name;
  std::string index;
  std::string token_variable;
};

struct ToolView {
  int exit_code = -1;
  std::string output;  // stderr of the failing run, for messages
  std::vector<ToolRegistry> registries;
  std::map<std::string, std::string> exported;  // variables `auth` hands over
  std::vector<std::string> warnings;
};

struct CargoRequest {
  std::string label;  // the /r/<label>/ part
  std::string path;
  std::string authorization_sha256;
};

struct CargoView {
  int exit_code = -1;
  std::string first_error;  // the first `error:` line
  std::vector<CargoRequest> requests;
};

struct Comparison {
  ToolView tool;
  std::map<std::string, CargoView> cargo;  // by probed name
  std::vector<std::string> disagreements;  // empty when tool and cargo agree
};

class Differential {
 public:
  // The one stand-in registry every case of this process shares.
  static Differential& instance();

  // sparse+http://127.0.0.1:PORT/r/<scenario>-<label>/index/
  [[nodiscard]] std::string index_url(const std::string& scenario, const std::string& label) const;
  // The path part, /r/<scenario>-<label>/index/
  [[nodiscard]] static std::string index_path(const std::string& scenario, const std::string& label);

  // Writes the scenario under a fresh directory, runs both sides, compares.
  Comparison run(const Scenario& scenario);

  // Probes one name with cargo only (for cases that show cargo's behaviour).
  CargoView probe_cargo(const Scenario& scenario, const std::string& root, const Env& extra,
                        const std::string& name);
  ToolView run_tool(const Scenario& scenario, const std::string& root);
  void write_scenario(const Scenario& scenario, const std::string& root) const;

 private:
  Differential();
  std::unique_ptr<LocalRegistry> registry_;
};

std::string sha256_hex(const std::string& text);
// The label of an index URL served by the stand-in ("" for any other URL).
std::string label_of(const std::string& url_or_path);

}  // namespace ca::test
