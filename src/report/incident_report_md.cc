// The incident report as Markdown (GitHub-flavoured: tables). Values from
// the log and the plan are escaped so that none of them becomes markup:
// prose with backslashes before every punctuation Markdown reads, and
// identifiers in code spans.
#include <string>

#include "report/decision_tree_model.h"
#include "report/incident_facts.h"
#include "report/incident_report.h"
#include "report/incident_tables.h"

namespace runwarden::report {

namespace {

/// One line of prose: newlines become spaces; the characters that can start
/// emphasis, code, links, HTML, entities, headings or table cells are
/// backslash-escaped (values never start a line, so list and heading
/// markers elsewhere in them are plain text).
std::string Md(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == '\n' || c == '\r' || c == '\t') {
      out += ' ';
    } else if (std::string_view("\\`*_[]<>#|~&").find(c) != std::string_view::npos) {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  return out;
}

/// An identifier, hash or path in a code span (pipes escaped for tables).
std::string Code(const std::string& s) {
  std::string body;
  size_t run = 0, longest = 0;
  for (char c : s) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
    if (c == '\n' || c == '\r') {
      body += ' ';
    } else if (c == '|') {
      body += "\\|";
    } else {
      body += c;
    }
  }
  const std::string fence(longest + 1, '`');
  const bool pad = !body.empty() && (body.front() == '`' || body.back() == '`');
  return fence + (pad ? " " : "") + body + (pad ? " " : "") + fence;
}

void Table(std::string& out, const std::vector<std::string>& head,
           const std::vector<std::vector<std::string>>& rows) {
  out += "|";
  for (const auto& h : head) out += " " + h + " |";
  out += "\n|";
  for (size_t i = 0; i < head.size(); ++i) out += "---|";
  out += "\n";
  for (const auto& r : rows) {
    out += "|";
    for (const auto& c : r) out += " " + (c.empty() ? std::string("") : c) + " |";
    out += "\n";
  }
}

void Findings(std::string& out, const Json& v, const std::string& indent) {
  for (auto it = v.begin(); it != v.end(); ++it) {
    const Json& x = *it;
    if (x.is_string() && x.get<std::string>().empty()) continue;  // an older record's detail
    const bool nested = x.is_object()
                            ? !x.empty()
                            : x.is_array() && std::any_of(x.begin(), x.end(), [](const Json& e) {
                                return e.is_object() || e.is_array();
                              });
    if (!nested) {
      out += indent + "- " + Md(it.key()) + ": " + Md(ValueText(x)) + "\n";
    } else if (x.is_object()) {
      out += indent + "- " + Md(it.key()) + ":\n";
      Findings(out, x, indent + "  ");
    } else {
      out += indent + "- " + Md(it.key()) + ":\n";
      for (const Json& e : x) {
        if (!e.is_object()) {
          out += indent + "  - " + Md(ValueText(e)) + "\n";
          continue;
        }
        std::string line;
        for (auto f = e.begin(); f != e.end(); ++f) {
          if (f->is_string() && f->get<std::string>().empty()) continue;
          line += (line.empty() ? "" : "; ") + Md(f.key()) + " " + Md(ValueText(*f));
        }
        out += indent + "  - " + line + "\n";
      }
    }
  }
}

}  // namespace

std::string IncidentReportMarkdown(const audit::AuditLog& log, const audit::RunTree& tree,
                                   const PlanBeside& plan) {
  const IncidentFacts f = ComputeIncidentFacts(log, tree, plan);
  std::string out;
  if (!f.warning.empty()) out += "> **WARNING: " + Md(f.warning) + "**\n\n";
  out += "# " + Md(f.title) + "\n\n";

  out += "## Summary\n\n";
  std::vector<std::vector<std::string>> rows;
  for (const auto& s : f.summary) {
    std::string v = s.code ? Code(s.value) : Md(s.value);
    if (s.label == "Final status") v = "**" + v + "**";
    rows.push_back({s.label, v});
  }
  Table(out, {"", ""}, rows);
  out += "\n" + Md(f.plan_note) + "\n\n";

  out += "## Audit log verification\n\n";
  out += (f.verified ? "The audit log verifies: " : "**The audit log DOES NOT verify**: ") +
         Md(f.verification) + ".\n\n";

  const CellMarkup m{Md, Code, [](const std::string& s) { return "**" + Md(s) + "**"; }};
  auto put = [&out](const ReportTable& t) {
    Table(out, t.head, t.rows);
    out += "\n";
  };
  out += "## Timeline\n\n";
  put(TimelineTable(f, m));

  out += "## What changed\n\n";
  if (f.changes.empty()) {
    out += "No statement of the run wrote rows.\n\n";
  } else {
    put(ChangesTable(f, m));
  }
  if (!f.units.empty()) {
    out += "Transactions:\n\n";
    put(UnitsTable(f, m));
  }
  for (const auto& n : f.change_notes) out += "- " + Md(n) + "\n";
  if (!f.change_notes.empty()) out += "\n";

  out += "## Findings and overrides\n\n";
  if (f.findings.empty()) {
    out +=
        f.plan_used ? "The plan has no findings.\n\n" : "No findings are recorded in the log.\n\n";
  } else {
    put(FindingsTable(f, m));
  }
  if (!f.overrides.empty()) {
    out += "Overrides (findings accepted for this plan):\n\n";
    for (const auto& o : f.overrides) out += "- " + Code(o.rule) + ": " + Md(o.reason) + "\n";
    out += "\n";
  } else if (f.plan_used) {
    out += "No finding was overridden.\n\n";
  }
  if (!f.gates.empty()) {
    out += "Gates:\n\n";
    put(GatesTable(f, m));
  }

  out += "## Decision tree\n\n";
  for (const Json& e : f.decision_tree["execution_phase"]) {
    out += std::to_string(e["step"].get<int64_t>()) + ". **" + Md(ValueText(e["action"])) +
           "**: " + Md(ValueText(e["status"])) + "\n";
    if (e.contains("detail")) out += "   - " + Md(ValueText(e["detail"])) + "\n";
    Findings(out, e["findings"], "   ");
    if (e.contains("decision") && !e["findings"].contains("decision")) {
      out += "   - decision: " + Md(ValueText(e["decision"])) + "\n";
    }
  }
  out += "\nFinal status: **" + Md(f.final_status) + "**";
  if (!f.message.empty()) out += ": " + Md(f.message);
  out += "\n\n";

  if (!f.remediation.empty()) {
    out += "## Remediation\n\n";
    out += f.final_status == "execution_blocked_for_safety"
               ? "The plan halted for safety and nothing ran. These changes are required before "
                 "the runbook can run:\n\n"
               : "The run recorded these required changes:\n\n";
    size_t i = 0;
    for (const auto& r : f.remediation) {
      out += std::to_string(++i) + ". " + (r.at.empty() ? "" : Code(r.at) + ": ") + Md(r.change) +
             "\n";
    }
    out += "\n";
  }

  out += "## Evidence\n\n" + std::string(kEvidenceNote) + "\n\n";
  out += "## Root cause\n\n_To be filled in by the people reviewing the incident._\n\n";
  out += "## Follow-ups\n\n_To be filled in by the people reviewing the incident._\n";
  return out;
}

}  // namespace runwarden::report
