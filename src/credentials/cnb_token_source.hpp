#pragma once
// CNB's own CNB_TOKEN: a temporary token of the user who triggered the build,
// sent raw (no scheme) as CNB's cargo guide does, and ONLY to registries hosted
// on this CNB instance: an index host equal to CNB_WEB_ENDPOINT's or
// CNB_API_ENDPOINT's host, or a subdomain of the instance's domain (CNB names
// its artifact registries <type>.<domain>, e.g. cargo.cnb.cool), with the same
// scheme and port as that endpoint (another port is another service). A registry of
// this instance without CNB_TOKEN (pull-request builds get none) is reported
// with what to do; other registries never see the token.
#include "core/environment.hpp"
#include "credentials/credential_source.hpp"

namespace ca {

// True when the index URL's host belongs to the CNB instance described by env.
bool hosted_on_cnb_instance(const IndexUrl& index, const Environment& env);

class CnbTokenSource : public CredentialSource {
 public:
  explicit CnbTokenSource(const Environment& env) : env_(env) {}
  [[nodiscard]] std::string name() const override { return "CNB_TOKEN"; }
  [[nodiscard]] SourceAnswer find(const Registry& registry) const override;

 private:
  const Environment& env_;
};

}  // namespace ca
