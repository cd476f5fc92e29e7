#include "credentials/revocation.hpp"

#include "credentials/exchange_http.hpp"

namespace ca {

RevocationResult revoke_token(const Revocation& revocation) {
  RevocationResult result;
  result.url = revocation.url;
  HttpRequest request;
  request.method = "DELETE";
  request.url = revocation.url;
  request.authorization = Secret("Bearer " + revocation.token.reveal());
  const ExchangeAnswer answer = exchange_request(request);
  const long status = answer.response.status;
  if (answer.response.error == NetError::kNone && (status == 204 || status == 200)) {
    result.ok = true;
    result.message = "revoked the short-lived token at " + revocation.url;
  } else if (answer.response.error == NetError::kNone && (status == 401 || status == 404)) {
    result.ok = true;
    result.message = "the token at " + revocation.url + " was already revoked or expired (HTTP " +
                     std::to_string(status) + ")";
  } else {
    result.message = describe_exchange_failure(answer, "revoking the token at " + revocation.url) +
                     "; it expires on its own within 30 minutes";
  }
  return result;
}

}  // namespace ca
