#pragma once
// Which CI host runs us, from the variables each host sets:
// Azure Pipelines TF_BUILD=True, Cloud Native Build CNB=true, GitHub Actions
// GITHUB_ACTIONS=true; anything else is a local shell. `--ci` overrides.
#include <memory>
#include <optional>
#include <ostream>
#include <string_view>

#include "core/environment.hpp"
#include "core/options.hpp"
#include "hosts/host.hpp"

namespace ca {

HostKind detect_host(const Environment& env);
std::optional<HostKind> parse_host_kind(std::string_view text);  // azure|cnb|github|local
std::string_view host_kind_name(HostKind kind);

std::unique_ptr<Host> make_host(const Options& options, const Environment& env, std::ostream& out,
                                std::ostream& log);

}  // namespace ca
