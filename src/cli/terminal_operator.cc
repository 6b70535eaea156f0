#include "cli/terminal_operator.h"

#include <fcntl.h>
#include <pwd.h>
#include <termios.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "base/text.h"

namespace runwarden::cli {

namespace {

constexpr size_t kShownRows = 20;
constexpr size_t kBarWidth = 20;

std::string Seconds(std::chrono::milliseconds d) {
  if (d.count() < 1000) return std::to_string(d.count()) + " ms";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f s", static_cast<double>(d.count()) / 1000.0);
  return buf;
}

// One line of text a terminal cannot be tricked by: control characters of
// the value (escape sequences, carriage returns) are shown, not obeyed.
std::string Printable(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace

std::string OperatorIdentity() {
  std::string user;
  if (const char* u = std::getenv("USER"); u != nullptr && *u != '\0') user = u;
  if (user.empty()) {
    if (const passwd* pw = getpwuid(getuid()); pw != nullptr) user = pw->pw_name;
  }
  if (user.empty()) user = "uid" + std::to_string(getuid());
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  return user + "@" + (host[0] != '\0' ? host : "unknown-host");
}

TerminalOperator::TerminalOperator() : identity_(OperatorIdentity()) {
  progress_terminal_ = isatty(STDERR_FILENO) == 1;
  const char* no_color = std::getenv("NO_COLOR");
  color_ = progress_terminal_ && (no_color == nullptr || *no_color == '\0');
}

TerminalOperator::~TerminalOperator() = default;

std::string TerminalOperator::Paint(const std::string& text, const char* code) const {
  return color_ ? std::string("\033[") + code + "m" + text + "\033[0m" : text;
}

exec::Answer TerminalOperator::Ask(const plan::PlannedStep& step, const std::string& question) {
  // Only a person at a terminal answers: with standard input redirected
  // (a pipeline, a CI job, </dev/null) nothing is asked.
  if (isatty(STDIN_FILENO) != 1) return exec::Answer{false, "none"};
  const int fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return exec::Answer{false, "none"};
  std::string prompt = "\n" + Printable(question) +
                       "\nType yes to go on, anything else stops the run [" + step.id + "]: ";
  ssize_t ignored = write(fd, prompt.data(), prompt.size());
  static_cast<void>(ignored);
  std::string answer;
  char c = 0;
  while (read(fd, &c, 1) == 1 && c != '\n') answer += c;
  close(fd);
  const std::string a = AsciiLower(Trim(answer));
  return exec::Answer{a == "yes" || a == "y", "terminal"};
}

void TerminalOperator::StepStarted(const plan::PlannedStep& step, size_t position, size_t total) {
  position_ = position;
  total_ = total;
  std::string line;
  if (progress_terminal_ && total > 1) {
    const size_t filled = (position - 1) * kBarWidth / total;
    line = "[" + std::string(filled, '#') + std::string(kBarWidth - filled, '.') + "] ";
  }
  line += std::to_string(position) + "/" + std::to_string(total) + " " + step.kind + " step " +
          Paint(step.id, "1") + " ...";
  std::cerr << line + "\n";  // one write: standard error is unbuffered
}

void TerminalOperator::StepEnded(const plan::PlannedStep& step, const std::string& status,
                                 std::chrono::milliseconds elapsed) {
  const char* code = status == "done" ? "32" : status == "failed" ? "31" : "33";
  std::cerr << "    " + step.id + ": " + Paint(status, code) + " (" + Seconds(elapsed) + ")\n";
}

void TerminalOperator::ShowRows(const plan::PlannedStep& step, const db::QueryResult& rows) {
  std::cout << "Rows of step " << step.id << " (" << rows.rows.size() << "):\n";
  std::string header;
  for (size_t c = 0; c < rows.columns.size(); ++c) {
    header += (c ? " | " : "  ") + Printable(rows.columns[c]);
  }
  std::cout << header << "\n";
  for (size_t r = 0; r < rows.rows.size() && r < kShownRows; ++r) {
    std::string line;
    for (size_t c = 0; c < rows.rows[r].size(); ++c) {
      line += (c ? " | " : "  ") + (rows.rows[r][c] ? Printable(*rows.rows[r][c]) : "NULL");
    }
    std::cout << line << "\n";
  }
  if (rows.rows.size() > kShownRows) {
    std::cout << "  ... " << rows.rows.size() - kShownRows << " more\n";
  }
  std::cout.flush();
}

void TerminalOperator::ShowOutput(const plan::PlannedStep& step, const std::string& output) {
  std::cout << "Output of step " << step.id << ":\n" << Printable(output);
  if (!output.empty() && output.back() != '\n') std::cout << "\n";
  std::cout.flush();
}

std::optional<std::string> AskSecret(const std::string& prompt) {
  if (isatty(STDIN_FILENO) != 1) return std::nullopt;
  const int fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return std::nullopt;
  termios saved{};
  const bool quiet = tcgetattr(fd, &saved) == 0;
  if (quiet) {
    termios silent = saved;
    silent.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(fd, TCSAFLUSH, &silent);
  }
  ssize_t ignored = write(fd, prompt.data(), prompt.size());
  std::string value;
  char c = 0;
  while (read(fd, &c, 1) == 1 && c != '\n') value += c;
  if (quiet) tcsetattr(fd, TCSAFLUSH, &saved);
  ignored = write(fd, "\n", 1);
  static_cast<void>(ignored);
  close(fd);
  return value;
}

}  // namespace runwarden::cli
