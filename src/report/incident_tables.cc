#include "report/incident_tables.h"

namespace runwarden::report {

ReportTable TimelineTable(const IncidentFacts& f, const CellMarkup& m) {
  ReportTable t{{"time (UTC)", "seq", "record", "what happened"}, {}};
  for (const auto& e : f.timeline) {
    t.rows.push_back({m.text(e.time), std::to_string(e.seq), m.code(e.kind), m.text(e.what)});
  }
  return t;
}

ReportTable ChangesTable(const IncidentFacts& f, const CellMarkup& m) {
  ReportTable t{
      {"table", "tenant", "rows changed", "rows rolled back", "rows of unknown outcome", "steps"},
      {}};
  for (const auto& c : f.changes) {
    std::string steps;
    for (const auto& s : c.steps) steps += (steps.empty() ? "" : ", ") + m.code(s);
    // "(unknown without the plan)" is prose, a table name is an identifier.
    t.rows.push_back({c.table.front() == '(' ? m.text(c.table) : m.code(c.table), m.text(c.tenant),
                      std::to_string(c.changed), std::to_string(c.rolled_back),
                      std::to_string(c.unknown), steps});
  }
  return t;
}

ReportTable UnitsTable(const IncidentFacts& f, const CellMarkup& m) {
  ReportTable t{{"unit", "txid", "outcome", "steps", "detail"}, {}};
  for (const auto& u : f.units) {
    t.rows.push_back({m.text(u.unit), u.txid.empty() ? "" : m.code(u.txid), m.status(u.outcome),
                      u.steps.empty() ? "" : m.text(u.steps), m.text(u.detail)});
  }
  return t;
}

ReportTable FindingsTable(const IncidentFacts& f, const CellMarkup& m) {
  ReportTable t{{"rule", "severity", "message", "at"}, {}};
  for (const auto& x : f.findings) {
    t.rows.push_back(
        {m.code(x.rule), m.text(x.severity), m.text(x.message), x.at.empty() ? "" : m.code(x.at)});
  }
  return t;
}

ReportTable GatesTable(const IncidentFacts& f, const CellMarkup& m) {
  ReportTable t{{"gate", "status", "detail", "recorded by"}, {}};
  for (const auto& g : f.gates) {
    t.rows.push_back({m.code(g.name), m.status(g.status), m.text(g.detail), m.text(g.source)});
  }
  return t;
}

}  // namespace runwarden::report
