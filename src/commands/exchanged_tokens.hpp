#pragma once
// The short-lived tokens a run obtained through an exchange (trusted publishing),
// revoked when the run ends — after success, failure or an exception — unless the
// run hands them to later steps (auth, login), which keep() them and say how long
// they live and how to revoke them (`cargo-authenticate revoke`).
#include <string>
#include <vector>

#include "commands/authenticate.hpp"
#include "hosts/host.hpp"

namespace ca {

class ExchangedTokens {
 public:
  ExchangedTokens(Host& host, const Authentication& auth);
  ~ExchangedTokens();
  ExchangedTokens(const ExchangedTokens&) = delete;
  ExchangedTokens& operator=(const ExchangedTokens&) = delete;

  // The tokens go to later steps: report their lifetime instead of revoking.
  void keep();
  // Revokes now (idempotent); false when a revocation failed (reported as a warning).
  bool revoke();

 private:
  struct Entry {
    std::string registry;
    Revocation revocation;
  };
  Host& host_;
  std::vector<Entry> entries_;
};

}  // namespace ca
