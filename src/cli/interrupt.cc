// The handler writes one byte to a pipe (async-signal-safe); the watcher
// thread reads it and calls Connection::Cancel, which may run on any thread.
// The destructor writes a second kind of byte to end the watcher.

#include "cli/interrupt.h"

#include <fcntl.h>
#include <unistd.h>

#include <csignal>

namespace runwarden::cli {

namespace {

constexpr char kInterrupt = 'i';
constexpr char kStop = 's';

std::atomic<bool> g_interrupted{false};
std::atomic<int> g_pipe_write{-1};
struct sigaction g_previous_int;
struct sigaction g_previous_term;

extern "C" void OnSignal(int) {
  g_interrupted.store(true);
  const int fd = g_pipe_write.load();
  if (fd >= 0) {
    const ssize_t written = write(fd, &kInterrupt, 1);
    static_cast<void>(written);
  }
}

}  // namespace

CancelOnInterrupt::CancelOnInterrupt(db::Connection& connection) : connection_(connection) {
  g_interrupted.store(false);
  if (pipe2(pipe_, O_CLOEXEC) != 0) return;
  g_pipe_write.store(pipe_[1]);
  watcher_ = std::thread([this] {
    char byte = 0;
    while (read(pipe_[0], &byte, 1) == 1 && byte == kInterrupt) {
      static_cast<void>(connection_.Cancel());
    }
  });
  struct sigaction action = {};
  action.sa_handler = &OnSignal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &g_previous_int);
  sigaction(SIGTERM, &action, &g_previous_term);
}

CancelOnInterrupt::~CancelOnInterrupt() {
  if (pipe_[1] < 0) return;
  sigaction(SIGINT, &g_previous_int, nullptr);
  sigaction(SIGTERM, &g_previous_term, nullptr);
  g_pipe_write.store(-1);
  const ssize_t written = write(pipe_[1], &kStop, 1);
  static_cast<void>(written);
  if (watcher_.joinable()) watcher_.join();
  close(pipe_[0]);
  close(pipe_[1]);
}

bool CancelOnInterrupt::interrupted() const { return g_interrupted.load(); }

const std::atomic<bool>& CancelOnInterrupt::flag() const { return g_interrupted; }

}  // namespace runwarden::cli
