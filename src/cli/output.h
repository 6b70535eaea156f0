#ifndef RUNWARDEN_CLI_OUTPUT_H_
#define RUNWARDEN_CLI_OUTPUT_H_

#include <functional>
#include <string>
#include <vector>

#include "base/source_text.h"
#include "base/status.h"
#include "cli/exit_code.h"
#include "report/findings_report.h"

namespace CLI {
class App;
}

namespace runwarden::cli {

/// Where a command's report goes: standard output, or a file written
/// atomically (a temporary file renamed into place) so that an interrupted
/// run never leaves half a report.
Status WriteOutput(const std::string& path, const std::string& text);

/// Colour for standard output: never when NO_COLOR is set or stdout is not
/// a terminal, unless `choice` is "always".
report::Color StdoutColor(const std::string& choice);

/// The report options of the commands that print findings: --format
/// text|json|sarif, -o/--output and --color.
struct ReportOptions {
  std::string format = "text";
  std::string output;  ///< empty: standard output
  std::string color = "auto";

  void Add(CLI::App& sub);
  /// Colour of a text report: none when it goes to a file.
  report::Color TextColor() const;

  /// Renders the report in the chosen format (`json`, SARIF of `findings`,
  /// or `text` in TextColor()), writes it, and returns the exit code: 2 when
  /// it cannot be written, 1 when a finding is at error severity, else 0.
  ExitCode Emit(const std::vector<analysis::Finding>& findings,
                const std::function<std::string()>& json,
                const std::function<std::string(report::Color)>& text) const;
};

/// Prints an error to standard error, with the offending line and a caret
/// when `sources` holds the file.
void PrintError(const Status& status, const SourceSet& sources = {});

}  // namespace runwarden::cli

#endif  // RUNWARDEN_CLI_OUTPUT_H_
