#include "report/steps_report.h"

#include "report/json_util.h"
#include "runbook/parameter.h"

namespace runwarden::report {

namespace {

using runbook::Parameter;
using runbook::Step;

std::string Quoted(const std::string& body, const std::string& indent) {
  std::string out;
  size_t start = 0;
  std::string_view text(body);
  while (!text.empty() && text.back() == '\n') text.remove_suffix(1);
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    out += indent + "| " + std::string(text.substr(start, nl - start)) + "\n";
    start = nl + 1;
  }
  return out;
}

std::string AttributesLine(const Step& s) {
  std::string out;
  auto add = [&](const std::string& item) {
    if (!out.empty()) out += " ";
    out += item;
  };
  if (s.attrs.scope_given || s.kind == runbook::StepKind::kSql) {
    add("scope=" + std::string(runbook::ScopeName(s.attrs.scope)));
  }
  if (!s.attrs.needs.empty()) {
    std::string needs;
    for (const auto& n : s.attrs.needs) needs += (needs.empty() ? "" : ",") + n.id;
    add("needs=" + needs);
  }
  if (!s.attrs.atomic_group.empty()) add("atomic=" + s.attrs.atomic_group);
  if (s.attrs.timeout) add("timeout=" + runbook::FormatDuration(*s.attrs.timeout));
  if (s.attrs.lock_timeout) add("lock_timeout=" + runbook::FormatDuration(*s.attrs.lock_timeout));
  if (s.attrs.expect) add("expect=\"" + s.attrs.expect->text + "\"");
  if (s.attrs.confirm) add("confirm");
  if (s.attrs.rollback) add("rollback=" + s.attrs.rollback->id);
  if (s.attrs.irreversible) add("irreversible");
  return out;
}

std::string ParamLine(const Parameter& p) {
  std::string out = std::string(runbook::ParamTypeName(p.type));
  if (p.type == runbook::ParamType::kEnum) {
    std::string values;
    for (const auto& v : p.enum_values) values += (values.empty() ? "" : "|") + v;
    out += "(" + values + ")";
  }
  if (p.required) out += "  required";
  if (p.default_value)
    out += "  default " + (p.secret ? std::string("(secret)") : *p.default_value);
  if (p.secret) out += "  secret";
  if (p.pattern) out += "  pattern " + *p.pattern;
  if (p.origin == Parameter::Origin::kInferred) {
    out += "  undeclared, first used at " + FormatLocation(p.span);
  }
  if (!p.description.empty()) out += "  - " + p.description;
  return out;
}

}  // namespace

std::string StepsText(const runbook::Runbook& rb) {
  std::string out = "Runbook " + rb.path + "\n";
  std::string meta;
  auto add_meta = [&](const std::string& k, const std::string& v) {
    if (v.empty()) return;
    meta += (meta.empty() ? "  " : ", ") + k + " " + v;
  };
  add_meta("id", rb.meta.id);
  add_meta("title", rb.meta.title.empty() ? "" : "\"" + rb.meta.title + "\"");
  add_meta("version", rb.meta.version);
  add_meta("severity", rb.meta.severity);
  add_meta("owner", rb.meta.owner);
  if (!meta.empty()) out += meta + "\n";
  std::string keys;
  for (const auto& k : rb.tenant.key_columns) keys += (keys.empty() ? "" : ", ") + k;
  const Parameter* tenant = rb.TenantParameter();
  out += "  tenant keys " + keys + ", context setting " + rb.tenant.context_setting +
         ", tenant parameter " + (tenant ? tenant->name : std::string("(none)")) + "\n";

  out += "\nParameters (" + std::to_string(rb.parameters.size()) + ")\n";
  size_t width = 0;
  for (const auto& p : rb.parameters) width = std::max(width, p.name.size());
  for (const auto& p : rb.parameters) {
    out += "  " + p.name + std::string(width - p.name.size() + 2, ' ') + ParamLine(p) + "\n";
  }

  out += "\nSteps (" + std::to_string(rb.steps.size()) + ")\n";
  for (size_t i = 0; i < rb.steps.size(); ++i) {
    const Step& s = rb.steps[i];
    out += "  " + std::to_string(i + 1) + ". " + s.id + "  [" +
           std::string(runbook::StepKindName(s.kind));
    if (!s.language.empty() && s.language != runbook::StepKindName(s.kind)) out += " " + s.language;
    out += "]  " + FormatLocation(s.span) + "\n";
    if (!s.section_path.empty()) out += "     section: " + s.SectionTitle() + "\n";
    if (const std::string attrs = AttributesLine(s); !attrs.empty()) out += "     " + attrs + "\n";
    switch (s.kind) {
      case runbook::StepKind::kSql:
        for (size_t k = 0; k < s.statements.size(); ++k) {
          const auto& st = s.statements[k];
          out += "     statement " + std::to_string(k + 1) + " at " + FormatLocation(st.span);
          if (!st.bind_params.empty()) {
            out += ", binds";
            for (size_t b = 0; b < st.bind_params.size(); ++b) {
              const std::string& name = st.bind_params[b];
              out += " $" + std::to_string(b + 1) + "=" + (name.empty() ? "(unnamed)" : name);
              if (st.bind_like_pattern[b]) out += " (LIKE pattern)";
            }
          }
          for (const auto& slot : st.identifier_slots) out += ", identifier " + slot.parameter;
          if (st.syntax_error) out += ", SYNTAX ERROR: " + st.syntax_error->message;
          out += "\n" + Quoted(st.bound_text, "       ");
        }
        if (s.statements.empty()) out += "     (no statements)\n";
        break;
      case runbook::StepKind::kShell:
        for (const auto& e : s.shell.env) out += "     env " + e.name + " <- " + e.parameter + "\n";
        out += Quoted(s.shell.script, "       ");
        break;
      case runbook::StepKind::kManual:
        out += Quoted(s.body, "       ");
        break;
    }
  }
  if (!rb.references.empty()) {
    out += "\nReference blocks, not executed (" + std::to_string(rb.references.size()) + ")\n";
    for (const auto& r : rb.references) {
      out += "  " + (r.language.empty() ? std::string("(indented)") : r.language) + "  " +
             FormatLocation(r.span) + "\n";
    }
  }
  return out;
}

std::string StepsJson(const runbook::Runbook& rb) {
  Json doc;
  Json meta;
  meta["path"] = rb.path;
  meta["digest"] = rb.digest;
  meta["id"] = rb.meta.id;
  meta["title"] = rb.meta.title;
  meta["version"] = rb.meta.version;
  meta["severity"] = rb.meta.severity;
  meta["owner"] = rb.meta.owner;
  meta["tenant"] = {{"keys", rb.tenant.key_columns},
                    {"setting", rb.tenant.context_setting},
                    {"parameter", rb.TenantParameter() ? rb.TenantParameter()->name : ""}};
  doc["runbook"] = meta;

  Json params = Json::array();
  for (const auto& p : rb.parameters) {
    Json j;
    j["name"] = p.name;
    j["type"] = std::string(runbook::ParamTypeName(p.type));
    j["required"] = p.required;
    if (p.default_value && !p.secret) j["default"] = *p.default_value;
    if (p.pattern) j["pattern"] = *p.pattern;
    if (!p.enum_values.empty()) j["values"] = p.enum_values;
    j["secret"] = p.secret;
    j["description"] = p.description;
    j["declared"] = p.origin == Parameter::Origin::kDeclared;
    j["location"] = SpanJson(p.span);
    params.push_back(j);
  }
  doc["parameters"] = params;

  Json steps = Json::array();
  for (const Step& s : rb.steps) {
    Json j;
    j["id"] = s.id;
    j["id_origin"] = s.id_origin == runbook::IdOrigin::kExplicit ? "explicit" : "derived";
    j["kind"] = std::string(runbook::StepKindName(s.kind));
    j["language"] = s.language;
    j["section"] = s.section_path;
    j["location"] = SpanJson(s.span);
    Json attrs;
    attrs["scope"] = std::string(runbook::ScopeName(s.attrs.scope));
    Json needs = Json::array();
    for (const auto& n : s.attrs.needs) needs.push_back(n.id);
    attrs["needs"] = needs;
    attrs["atomic"] = s.attrs.atomic_group;
    attrs["timeout_ms"] = s.attrs.timeout ? Json(s.attrs.timeout->count()) : Json(nullptr);
    attrs["lock_timeout_ms"] =
        s.attrs.lock_timeout ? Json(s.attrs.lock_timeout->count()) : Json(nullptr);
    attrs["expect"] = s.attrs.expect ? Json(s.attrs.expect->text) : Json(nullptr);
    attrs["confirm"] = s.attrs.confirm;
    attrs["rollback"] = s.attrs.rollback ? Json(s.attrs.rollback->id) : Json(nullptr);
    attrs["irreversible"] = s.attrs.irreversible;
    j["attributes"] = attrs;
    if (s.kind == runbook::StepKind::kSql) {
      Json stmts = Json::array();
      for (const auto& st : s.statements) {
        Json sj;
        sj["location"] = SpanJson(st.span);
        sj["text"] = st.text;
        sj["bound_text"] = st.bound_text;
        Json binds = Json::array();
        for (size_t b = 0; b < st.bind_params.size(); ++b) {
          binds.push_back({{"index", b + 1},
                           {"parameter", st.bind_params[b]},
                           {"like_pattern", static_cast<bool>(st.bind_like_pattern[b])}});
        }
        sj["binds"] = binds;
        Json idents = Json::array();
        for (const auto& slot : st.identifier_slots) idents.push_back(slot.parameter);
        sj["identifiers"] = idents;
        sj["statement_type"] = std::string(st.tree.tag());
        if (st.syntax_error) {
          sj["syntax_error"] = {{"message", st.syntax_error->message},
                                {"location", SpanJson(st.syntax_error->span)}};
        }
        stmts.push_back(sj);
      }
      j["statements"] = stmts;
    } else if (s.kind == runbook::StepKind::kShell) {
      Json env = Json::array();
      for (const auto& e : s.shell.env)
        env.push_back({{"name", e.name}, {"parameter", e.parameter}});
      j["shell"] = {{"script", s.shell.script}, {"env", env}};
    } else {
      j["text"] = s.body;
    }
    Json phs = Json::array();
    for (const auto& p : s.placeholders) {
      phs.push_back({{"written", p.written},
                     {"parameter", p.parameter},
                     {"context", std::string(runbook::PlaceholderContextName(p.context))},
                     {"bind", p.bind_index},
                     {"location", SpanJson(p.span)}});
    }
    j["placeholders"] = phs;
    steps.push_back(j);
  }
  doc["steps"] = steps;
  Json refs = Json::array();
  for (const auto& r : rb.references) {
    refs.push_back(
        {{"language", r.language}, {"section", r.section_path}, {"location", SpanJson(r.span)}});
  }
  doc["references"] = refs;
  return Dump(doc);
}

}  // namespace runwarden::report
