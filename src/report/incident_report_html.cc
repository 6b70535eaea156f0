// The incident report as one self-contained HTML file: an inline style
// sheet (with print rules), no script, no external resource of any kind.
// Every value from the log or the plan goes through Esc().
#include <string>

#include "report/decision_tree_model.h"
#include "report/incident_facts.h"
#include "report/incident_report.h"
#include "report/incident_tables.h"

namespace runwarden::report {

namespace {

std::string Esc(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string Code(const std::string& s) { return "<code>" + Esc(s) + "</code>"; }

/// A status as a badge: class by outcome, so print and screen can colour it.
std::string Badge(const std::string& status) {
  std::string cls = "neutral";
  if (status == "completed" || status == "passed" || status == "complete" || status == "done" ||
      status == "committed" || status == "ok") {
    cls = "good";
  } else if (status == "halted" || status == "failed" || status == "failed_rolled_back" ||
             status == "execution_blocked_for_safety" || status == "in_doubt" ||
             status == "rolled back" || status == "unknown" || status == "interrupted") {
    cls = "bad";
  } else if (status == "skipped" || status == "not-run" || status == "overridden" ||
             status == "declined" || status == "not finished") {
    cls = "warn";
  }
  return "<span class=\"badge " + cls + "\">" + Esc(status) + "</span>";
}

constexpr char kStyle[] = R"(
:root { color-scheme: light; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1f24;
  margin: 0 auto; max-width: 72rem; padding: 1.5rem 2rem 3rem; }
h1 { font-size: 1.6rem; margin: 0 0 1rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .6rem; border-bottom: 1px solid #d0d7de;
  padding-bottom: .2rem; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; }
th, td { border: 1px solid #d0d7de; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f3f5f7; font-weight: 600; }
table.summary th { width: 12rem; }
code { font: 13px/1.4 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace;
  overflow-wrap: break-word; }
td.time, td.num, td.kind { white-space: nowrap; font-variant-numeric: tabular-nums; }
td.num { text-align: right; }
.badge { display: inline-block; padding: 0 .45rem; border-radius: .6rem; font-size: .85em;
  font-weight: 600; border: 1px solid currentColor; }
.good { color: #1a7f37; } .bad { color: #cf222e; } .warn { color: #9a6700; }
.neutral { color: #57606a; }
.warning { border: 2px solid #cf222e; background: #ffebe9; color: #82071e; padding: .8rem 1rem;
  font-weight: 600; margin-bottom: 1rem; }
.note { color: #57606a; }
.final-status { font-size: 1.05em; }
ol.tree > li { margin-bottom: .6rem; }
ol.tree ul { margin: .2rem 0; padding-left: 1.2rem; }
.blank { min-height: 6rem; border: 1px dashed #8c959f; padding: .6rem; color: #57606a; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  h2 { break-after: avoid; }
  tr, li { break-inside: avoid; }
  .badge { border: none; padding: 0; }
  .warning { background: none; }
  a { color: inherit; text-decoration: none; }
}
)";

void Table(std::string& out, const std::vector<std::string>& head,
           const std::vector<std::vector<std::string>>& rows,
           const std::vector<std::string>& classes = {}) {
  out += "<table>\n<thead><tr>";
  for (const auto& h : head) out += "<th>" + h + "</th>";
  out += "</tr></thead>\n<tbody>\n";
  for (const auto& r : rows) {
    out += "<tr>";
    for (size_t i = 0; i < r.size(); ++i) {
      const std::string cls =
          i < classes.size() && !classes[i].empty() ? " class=\"" + classes[i] + "\"" : "";
      out += "<td" + cls + ">" + r[i] + "</td>";
    }
    out += "</tr>\n";
  }
  out += "</tbody>\n</table>\n";
}

void FindingsList(std::string& out, const Json& v) {
  if (!v.is_object() || v.empty()) return;
  out += "<ul>";
  for (auto it = v.begin(); it != v.end(); ++it) {
    const Json& x = *it;
    if (x.is_string() && x.get<std::string>().empty()) continue;  // an older record's detail
    const bool nested = x.is_object()
                            ? !x.empty()
                            : x.is_array() && std::any_of(x.begin(), x.end(), [](const Json& e) {
                                return e.is_object() || e.is_array();
                              });
    out += "<li>" + Esc(it.key()) + ": ";
    if (!nested) {
      out += Esc(ValueText(x));
    } else if (x.is_object()) {
      FindingsList(out, x);
    } else {
      out += "<ul>";
      for (const Json& e : x) {
        if (!e.is_object()) {
          out += "<li>" + Esc(ValueText(e)) + "</li>";
          continue;
        }
        std::string line;
        for (auto f = e.begin(); f != e.end(); ++f) {
          if (f->is_string() && f->get<std::string>().empty()) continue;
          line += (line.empty() ? "" : "; ") + Esc(f.key()) + " " + Esc(ValueText(*f));
        }
        out += "<li>" + line + "</li>";
      }
      out += "</ul>";
    }
    out += "</li>";
  }
  out += "</ul>\n";
}

}  // namespace

std::string IncidentReportHtml(const audit::AuditLog& log, const audit::RunTree& tree,
                               const PlanBeside& plan) {
  const IncidentFacts f = ComputeIncidentFacts(log, tree, plan);
  std::string out;
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<title>" + Esc(f.title) + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n";
  if (!f.warning.empty()) {
    out += "<div class=\"warning\" id=\"warning\" role=\"alert\">WARNING: " + Esc(f.warning) +
           "</div>\n";
  }
  out += "<h1>" + Esc(f.title) + "</h1>\n";

  out += "<section id=\"summary\">\n<h2>Summary</h2>\n<table class=\"summary\">\n<tbody>\n";
  for (const auto& s : f.summary) {
    std::string v = s.code ? Code(s.value) : Esc(s.value);
    if (s.label == "Final status") {
      v = "<span class=\"final-status\">" + Badge(s.value) + "</span>";
    }
    out += "<tr><th>" + Esc(s.label) + "</th><td>" + v + "</td></tr>\n";
  }
  out += "</tbody>\n</table>\n<p class=\"note\">" + Esc(f.plan_note) + "</p>\n</section>\n";

  out += "<section id=\"verification\">\n<h2>Audit log verification</h2>\n<p>";
  out += f.verified ? Badge("passed") + " The audit log verifies: "
                    : Badge("failed") + " The audit log DOES NOT verify: ";
  out += Esc(f.verification) + ".</p>\n</section>\n";

  out += "<section id=\"timeline\">\n<h2>Timeline</h2>\n";
  const CellMarkup m{Esc, Code, Badge};
  const ReportTable timeline = TimelineTable(f, m);
  Table(out, timeline.head, timeline.rows, {"time", "num", "kind", ""});
  out += "</section>\n";

  out += "<section id=\"changes\">\n<h2>What changed</h2>\n";
  if (f.changes.empty()) {
    out += "<p>No statement of the run wrote rows.</p>\n";
  } else {
    const ReportTable changes = ChangesTable(f, m);
    Table(out, changes.head, changes.rows, {"", "", "num", "num", "num", ""});
  }
  if (!f.units.empty()) {
    out += "<h3>Transactions</h3>\n";
    const ReportTable units = UnitsTable(f, m);
    Table(out, units.head, units.rows, {"num"});
  }
  if (!f.change_notes.empty()) {
    out += "<ul class=\"note\">\n";
    for (const auto& n : f.change_notes) out += "<li>" + Esc(n) + "</li>\n";
    out += "</ul>\n";
  }
  out += "</section>\n";

  out += "<section id=\"findings\">\n<h2>Findings and overrides</h2>\n";
  if (f.findings.empty()) {
    out += std::string("<p>") +
           (f.plan_used ? "The plan has no findings." : "No findings are recorded in the log.") +
           "</p>\n";
  } else {
    const ReportTable findings = FindingsTable(f, m);
    Table(out, findings.head, findings.rows);
  }
  if (!f.overrides.empty()) {
    out += "<h3>Overrides</h3>\n<ul>\n";
    for (const auto& o : f.overrides)
      out += "<li>" + Code(o.rule) + ": " + Esc(o.reason) + "</li>\n";
    out += "</ul>\n";
  } else if (f.plan_used) {
    out += "<p>No finding was overridden.</p>\n";
  }
  if (!f.gates.empty()) {
    out += "<h3>Gates</h3>\n";
    const ReportTable gates = GatesTable(f, m);
    Table(out, gates.head, gates.rows);
  }
  out += "</section>\n";

  out += "<section id=\"decision-tree\">\n<h2>Decision tree</h2>\n<ol class=\"tree\">\n";
  for (const Json& e : f.decision_tree["execution_phase"]) {
    out +=
        "<li><strong>" + Esc(ValueText(e["action"])) + "</strong> " + Badge(ValueText(e["status"]));
    if (e.contains("detail"))
      out += "<div class=\"note\">" + Esc(ValueText(e["detail"])) + "</div>";
    out += "\n";
    FindingsList(out, e["findings"]);
    if (e.contains("decision") && !e["findings"].contains("decision")) {
      out += "<div>decision: " + Esc(ValueText(e["decision"])) + "</div>\n";
    }
    out += "</li>\n";
  }
  out +=
      "</ol>\n<p>Final status: <span class=\"final-status\">" + Badge(f.final_status) + "</span>";
  if (!f.message.empty()) out += " " + Esc(f.message);
  out += "</p>\n</section>\n";

  if (!f.remediation.empty()) {
    out +=
        "<section id=\"remediation\">\n<h2>Remediation</h2>\n<p>The run was halted for "
        "safety; these changes are required before it can run:</p>\n<ol>\n";
    for (const auto& r : f.remediation) {
      out += "<li>" + (r.at.empty() ? "" : Code(r.at) + ": ") + Esc(r.change) + "</li>\n";
    }
    out += "</ol>\n</section>\n";
  }

  out += "<section id=\"evidence\">\n<h2>Evidence</h2>\n<p>" + Esc(kEvidenceNote) +
         "</p>\n</section>\n";
  out +=
      "<section id=\"root-cause\">\n<h2>Root cause</h2>\n<div class=\"blank\">To be filled in "
      "by the people reviewing the incident.</div>\n</section>\n";
  out +=
      "<section id=\"follow-ups\">\n<h2>Follow-ups</h2>\n<div class=\"blank\">To be filled in "
      "by the people reviewing the incident.</div>\n</section>\n";
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace runwarden::report
