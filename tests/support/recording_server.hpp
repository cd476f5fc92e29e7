#pragma once
// A minimal HTTP/1.1 server on 127.0.0.1 for transport tests: it records the
// raw bytes of every request it receives (so a test can assert that a token
// never reached it, e.g. when it stands in for an http proxy) and answers each
// with one canned response whose body may be large without being held in
// memory (`filler_bytes` of `filler` streamed after `body`).
#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace ca::test {

struct CannedResponse {
  std::string status_line = "HTTP/1.1 502 Bad Gateway";
  std::string content_type = "text/plain";
  std::string body;
  std::size_t filler_bytes = 0;
  char filler = 'x';
  bool declare_length = true;  // false: no Content-Length, body ends when the connection closes
};

class RecordingServer {
 public:
  explicit RecordingServer(CannedResponse response = {});
  ~RecordingServer();
  RecordingServer(const RecordingServer&) = delete;
  RecordingServer& operator=(const RecordingServer&) = delete;

  [[nodiscard]] int port() const { return port_; }
  [[nodiscard]] std::string url() const;  // http://127.0.0.1:PORT/
  // Everything received so far, all connections concatenated.
  [[nodiscard]] std::string received() const;
  [[nodiscard]] int connections() const { return connections_.load(); }

 private:
  void serve();
  void answer(int client);

  CannedResponse response_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> connections_{0};
  mutable std::mutex mutex_;
  std::string received_;
  std::thread thread_;
};

}  // namespace ca::test
