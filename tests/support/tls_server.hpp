#pragma once
// A real HTTPS server on 127.0.0.1 with a freshly generated self-signed
// certificate (`openssl req` + `openssl s_server -www`), for proving that TLS
// verification is never disabled: a client that verifies must refuse it. The
// certificate file is exposed so a test can show the server itself works when
// the client is told to trust it. Stopped (SIGKILL) at the end of the test.
// available() is false when the openssl program is missing.
#include <string>

#include "support/temp_dir.hpp"

namespace ca::test {

class TlsServer {
 public:
  TlsServer();
  ~TlsServer();
  TlsServer(const TlsServer&) = delete;
  TlsServer& operator=(const TlsServer&) = delete;

  [[nodiscard]] bool available() const { return port_ != 0; }
  [[nodiscard]] int port() const { return port_; }
  [[nodiscard]] std::string url() const { return "https://127.0.0.1:" + std::to_string(port_) + "/"; }
  [[nodiscard]] std::string certificate() const { return (dir_.path() / "cert.pem").string(); }
  [[nodiscard]] std::string why_unavailable() const { return problem_; }

 private:
  TempDir dir_;
  int pid_ = -1;
  int port_ = 0;
  std::string problem_;
};

// A TCP port on 127.0.0.1 that was free a moment ago.
int free_loopback_port();

}  // namespace ca::test
