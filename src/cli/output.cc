#include "cli/output.h"

#include <CLI/CLI.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "analysis/finding.h"
#include "base/text.h"

namespace runwarden::cli {

void ReportOptions::Add(CLI::App& sub) {
  sub.add_option("--format", format, "Report format")
      ->check(CLI::IsMember({"text", "json", "sarif"}))
      ->capture_default_str();
  sub.add_option("-o,--output", output, "Write the report to this file instead of stdout");
  sub.add_option("--color", color, "Colour the text report")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
}

report::Color ReportOptions::TextColor() const {
  return output.empty() ? StdoutColor(color) : report::Color::kNever;
}

ExitCode ReportOptions::Emit(const std::vector<analysis::Finding>& findings,
                             const std::function<std::string()>& json,
                             const std::function<std::string(report::Color)>& text) const {
  const std::string rendered = format == "json"    ? json()
                               : format == "sarif" ? report::FindingsSarif(findings)
                                                   : text(TextColor());
  if (Status s = WriteOutput(output, rendered); !s.ok()) {
    PrintError(s);
    return ExitCode::kUsage;
  }
  return analysis::CountFindings(findings).errors > 0 ? ExitCode::kFindings : ExitCode::kOk;
}

Status WriteOutput(const std::string& path, const std::string& text) {
  if (path.empty() || path == "-") {
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
    return Status::Ok();
  }
  const std::filesystem::path target(path);
  const std::filesystem::path dir = target.has_parent_path() ? target.parent_path() : ".";
  std::string tmpl = (dir / ("." + target.filename().string() + ".XXXXXX")).string();
  int fd = ::mkstemp(tmpl.data());
  if (fd < 0)
    return IoError(path + ": cannot create a temporary file beside it: " + std::strerror(errno));
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      ::close(fd);
      ::unlink(tmpl.c_str());
      return IoError(path + ": write failed: " + std::strerror(err));
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    const int err = errno;
    ::unlink(tmpl.c_str());
    return IoError(path + ": write failed: " + std::strerror(err));
  }
  ::chmod(tmpl.c_str(), 0644);
  if (::rename(tmpl.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmpl.c_str());
    return IoError(path + ": cannot move the report into place: " + std::strerror(err));
  }
  return Status::Ok();
}

report::Color StdoutColor(const std::string& choice) {
  if (choice == "always") return report::Color::kAlways;
  if (choice == "never") return report::Color::kNever;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return report::Color::kNever;
  return ::isatty(STDOUT_FILENO) ? report::Color::kAlways : report::Color::kNever;
}

void PrintError(const Status& status, const SourceSet& sources) {
  std::string out = "runwarden: ";
  const auto& span = status.span();
  if (span && !span->path.empty()) out += FormatLocation(*span) + ": ";
  out += "error: " + status.message() + "\n";
  if (span && span->valid()) {
    auto it = sources.find(span->path);
    if (it != sources.end()) {
      const std::string number = std::to_string(span->begin.line);
      const std::string snippet =
          CaretSnippet(it->second->index().Line(span->begin.line), span->begin.column);
      const size_t nl = snippet.find('\n');
      out += " " + number + " | " + snippet.substr(0, nl) + "\n";
      out += " " + std::string(number.size(), ' ') + " | " + snippet.substr(nl + 1) + "\n";
    }
  }
  if (!status.hint().empty()) out += "  hint: " + status.hint() + "\n";
  std::fputs(out.c_str(), stderr);
}

}  // namespace runwarden::cli
