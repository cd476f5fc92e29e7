#include "commands/export_plan.hpp"

#include "provider/provider_setting.hpp"

namespace ca {
namespace {
constexpr std::string_view kCargoTokenProvider = "cargo:token";
}  // namespace

std::string carrier_variable(const std::string& token_variable) {
  return "CARGO_AUTHENTICATE_" + token_variable;
}

ExportPlan plan_exports(const Authentication& auth, const Host& host, const std::string& self_binary) {
  ExportPlan plan;
  for (const auto& r : auth.resolutions) {
    if (!r.credential || r.verdict != Resolution::Verdict::kAuthenticated) continue;
    const std::string token_variable = r.registry.token_variable();
    const std::string provider_variable = r.registry.credential_provider_variable();
    if (!host.later_steps_see(provider_variable)) {
      plan.errors.push_back("registry '" + r.registry.name + "': the job has a secret variable named " +
                            provider_variable +
                            ", so the agent keeps that name secret and no later step would see cargo's "
                            "credential-provider setting. Rename or remove that secret variable.");
      continue;
    }
    if (host.later_steps_see(token_variable)) {
      plan.variables.push_back({token_variable, r.credential->token, true});
      plan.variables.push_back({provider_variable, Secret(std::string(kCargoTokenProvider)), false});
      continue;
    }
    // The agent would keep token_variable secret: carry the token under another name.
    std::string carrier = carrier_variable(token_variable);
    for (int n = 2; n <= 9 && !host.later_steps_see(carrier); ++n) {
      carrier = carrier_variable(token_variable) + "_" + std::to_string(n);
    }
    const auto setting = provider::provider_setting(self_binary, carrier);
    if (!host.later_steps_see(carrier) || !setting.value) {
      plan.errors.push_back(
          "registry '" + r.registry.name + "': the job has a secret variable named " + token_variable +
          ", and the agent keeps every variable of a secret's name secret, so later steps would not see "
          "it; " +
          (setting.value ? "every fallback name is taken by a secret too"
                         : setting.why_not + ", so cargo cannot ask cargo-authenticate for it either") +
          ". Give the secret another name and map it with the tokenVariables input (" + r.registry.name +
          "=<that name>), or use `command: publish`.");
      continue;
    }
    plan.variables.push_back({carrier, r.credential->token, true});
    plan.variables.push_back({provider_variable, Secret(*setting.value), false});
    plan.via_provider.push_back(r.registry.name);
  }
  return plan;
}

}  // namespace ca
