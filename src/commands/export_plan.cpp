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

std::string provider_mode_refusal(HostKind host) {
  if (host != HostKind::kAzure) return {};
  return "the credential-provider mode (credentialProvider / --provider) is not available on Azure "
         "Pipelines: "
         "secret variables, System.AccessToken and service connections are not visible to later script "
         "steps, so cargo-authenticate, started by cargo there, could not find the credential, and it "
         "writes no secret to disk. Turn credentialProvider off: the default mode already hands the token "
         "through cargo-authenticate as cargo's credential provider when the agent would hide its "
         "variable; or use `command: publish`, which keeps the token inside this step.";
}

ExportPlan plan_provider_exports(const Authentication& auth, const Host& host,
                                 const std::string& self_binary) {
  ExportPlan plan;
  for (const auto& r : auth.resolutions) {
    if (!r.credential || r.verdict != Resolution::Verdict::kAuthenticated) continue;
    const std::string provider_variable = r.registry.credential_provider_variable();
    const std::string prefix =
        "registry '" + r.registry.name + "' (credential from " + r.credential->source + "): ";
    const std::vector<std::string>& words = r.credential->provider_args;
    // GitHub: a step's `env:` and the action's inputs are that step's alone.
    const bool step_scoped_variable =
        host.kind() == HostKind::kGitHub && !words.empty() && words.front() == "--token-variable";
    if (words.empty() || step_scoped_variable) {
      plan.errors.push_back(
          prefix +
          "the credential-provider mode cannot find this credential again when cargo asks in a later "
          "step" +
          (step_scoped_variable ? " (a step's env and inputs are that step's only)" : "") +
          ". It works with trusted publishing (GitHub, GitLab), CNB_TOKEN, and in a shell with the variables "
          "of --token/--token-env. Leave the mode off to hand the token on as a variable.");
      continue;
    }
    if (!host.later_steps_see(provider_variable)) {
      plan.errors.push_back(prefix + "the job hides the variable " + provider_variable +
                            " from later steps; rename the secret of that name.");
      continue;
    }
    const auto setting = provider::provider_setting_with(self_binary, words);
    if (!setting.value) {
      plan.errors.push_back(prefix + setting.why_not + ".");
      continue;
    }
    plan.variables.push_back({provider_variable, Secret(*setting.value), false});
    plan.via_provider.push_back(r.registry.name);
  }
  return plan;
}

}  // namespace ca
