#include <string>

#include "base/text.h"
#include "report/findings_report.h"

namespace runwarden::report {

namespace {

struct Palette {
  const char* bold = "";
  const char* red = "";
  const char* yellow = "";
  const char* blue = "";
  const char* reset = "";
};

Palette PaletteFor(Color color) {
  if (color == Color::kNever) return {};
  return {"\x1b[1m", "\x1b[1;31m", "\x1b[1;33m", "\x1b[1;34m", "\x1b[0m"};
}

std::string Plural(size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// Prefixes every line of `text` after the first with `indent`.
std::string IndentLines(const std::string& text, const std::string& indent) {
  std::string out;
  for (char c : text) {
    out += c;
    if (c == '\n') out += indent;
  }
  return out;
}

}  // namespace

std::string SummaryLine(const std::vector<analysis::Finding>& findings) {
  const analysis::FindingCounts c = analysis::CountFindings(findings);
  if (findings.empty()) return "no findings";
  std::string out;
  auto add = [&](size_t n, const char* one, const char* many) {
    if (n == 0) return;
    if (!out.empty()) out += ", ";
    out += Plural(n, one, many);
  };
  add(c.errors, "error", "errors");
  add(c.warnings, "warning", "warnings");
  add(c.infos, "note", "notes");
  return out;
}

std::string FindingsText(const std::vector<analysis::Finding>& findings, const SourceSet& sources,
                         Color color) {
  const Palette p = PaletteFor(color);
  std::string out;
  for (const analysis::Finding& f : findings) {
    const char* sev_color = f.severity == analysis::Severity::kError     ? p.red
                            : f.severity == analysis::Severity::kWarning ? p.yellow
                                                                         : p.blue;
    out += std::string(p.bold) + FormatLocation(f.span) + ": " + p.reset + sev_color +
           std::string(analysis::SeverityName(f.severity)) + "[" + f.rule_id + "]" + p.reset +
           ": " + p.bold + f.message + p.reset + "\n";
    auto src = sources.find(f.span.path);
    if (src != sources.end() && f.span.valid()) {
      const std::string number = std::to_string(f.span.begin.line);
      const std::string gutter(number.size(), ' ');
      const std::string_view line = src->second->index().Line(f.span.begin.line);
      const std::string caret = CaretSnippet(line, f.span.begin.column);
      const size_t nl = caret.find('\n');
      out += std::string(p.blue) + " " + number + " | " + p.reset + caret.substr(0, nl) + "\n";
      out += std::string(p.blue) + " " + gutter + " | " + p.reset + sev_color +
             caret.substr(nl + 1) + p.reset + "\n";
    }
    for (const auto& r : f.related) {
      out += "  note: " + FormatLocation(r.span) + ": " + r.message + "\n";
    }
    if (!f.help.empty()) out += "  help: " + IndentLines(f.help, "        ") + "\n";
    out += "\n";
  }
  out += SummaryLine(findings) + "\n";
  return out;
}

}  // namespace runwarden::report
