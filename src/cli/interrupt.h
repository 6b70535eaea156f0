#ifndef RUNWARDEN_CLI_INTERRUPT_H_
#define RUNWARDEN_CLI_INTERRUPT_H_

#include <atomic>
#include <thread>

#include "db/connection.h"

namespace runwarden::cli {

/// While alive, Ctrl-C (SIGINT) and SIGTERM cancel the statement running on
/// `connection` (Connection::Cancel, PostgreSQL's PQcancel) and mark the run
/// as interrupted; whoever runs statements then stops and rolls back. The
/// signal handler only sets a flag and wakes a watcher thread, which sends
/// the cancel request. The previous handlers are restored on destruction.
/// One guard at a time; borrows the connection.
class CancelOnInterrupt {
 public:
  explicit CancelOnInterrupt(db::Connection& connection);
  CancelOnInterrupt(const CancelOnInterrupt&) = delete;
  CancelOnInterrupt& operator=(const CancelOnInterrupt&) = delete;
  ~CancelOnInterrupt();

  /// True once a signal arrived.
  bool interrupted() const;
  /// The flag behind interrupted(), for code that polls it between statements.
  const std::atomic<bool>& flag() const;

 private:
  db::Connection& connection_;
  int pipe_[2] = {-1, -1};
  std::thread watcher_;
};

}  // namespace runwarden::cli

#endif  // RUNWARDEN_CLI_INTERRUPT_H_
