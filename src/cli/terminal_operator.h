#ifndef RUNWARDEN_CLI_TERMINAL_OPERATOR_H_
#define RUNWARDEN_CLI_TERMINAL_OPERATOR_H_

#include <cstdio>
#include <optional>
#include <string>

#include "exec/operator.h"

namespace runwarden::cli {

/// The person at the terminal. Questions go to /dev/tty and the answer is
/// read from it, so that they work with redirected output; when standard
/// input is not a terminal or there is no controlling terminal, nothing is
/// asked and every question is answered no (fail closed). Progress goes to
/// standard error: on a terminal a bar, the step and its elapsed time
/// (coloured unless NO_COLOR is set), otherwise one plain line per event.
/// Rows go to standard output.
class TerminalOperator final : public exec::Operator {
 public:
  TerminalOperator();
  ~TerminalOperator() override;

  std::string Identity() const override { return identity_; }
  exec::Answer Ask(const plan::PlannedStep& step, const std::string& question) override;
  void StepStarted(const plan::PlannedStep& step, size_t position, size_t total) override;
  void StepEnded(const plan::PlannedStep& step, const std::string& status,
                 std::chrono::milliseconds elapsed) override;
  void ShowRows(const plan::PlannedStep& step, const db::QueryResult& rows) override;
  void ShowOutput(const plan::PlannedStep& step, const std::string& output) override;

 private:
  std::string Paint(const std::string& text, const char* code) const;

  std::string identity_;
  bool progress_terminal_ = false;
  bool color_ = false;
  size_t position_ = 0;
  size_t total_ = 0;
};

/// "user@host": $USER (else the account name), and the host name.
std::string OperatorIdentity();

/// Asks for a secret value on /dev/tty without echoing it; nullopt when
/// standard input is not a terminal (nothing is asked then).
std::optional<std::string> AskSecret(const std::string& prompt);

}  // namespace runwarden::cli

#endif  // RUNWARDEN_CLI_TERMINAL_OPERATOR_H_
