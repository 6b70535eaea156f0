// The plan file, written and read in one place. nlohmann::json keeps object
// keys sorted, so the compact dump is canonical; the hash covers that dump
// of everything but plan_hash. Reading checks the format and the hash
// before anything else, and reports a malformed file as an input error
// rather than throwing: nlohmann's exceptions stay in this file.
#include "plan/plan_file.h"

#include <nlohmann/json.hpp>

#include "base/sha256.h"

namespace runwarden::plan {

namespace {

using Json = nlohmann::json;

Json SpanToJson(const SourceSpan& s) {
  return {{"path", s.path},
          {"line", s.begin.line},
          {"column", s.begin.column},
          {"end_line", s.end.line},
          {"end_column", s.end.column}};
}

SourceSpan SpanFromJson(const Json& j) {
  SourceSpan s;
  s.path = j.at("path").get<std::string>();
  s.begin.line = j.at("line").get<uint32_t>();
  s.begin.column = j.at("column").get<uint32_t>();
  s.end.line = j.at("end_line").get<uint32_t>();
  s.end.column = j.at("end_column").get<uint32_t>();
  return s;
}

template <typename Enum, size_t N>
Enum EnumFromName(const std::string& name, const Enum (&values)[N],
                  std::string_view (*name_of)(Enum)) {
  for (Enum v : values) {
    if (name_of(v) == name) return v;
  }
  throw std::invalid_argument("unknown value \"" + name + "\"");
}

constexpr StatementClass kClasses[] = {StatementClass::kRead,
                                       StatementClass::kWrite,
                                       StatementClass::kDdl,
                                       StatementClass::kSession,
                                       StatementClass::kTransactionControl,
                                       StatementClass::kOther};
constexpr TransactionUse kTransactionUses[] = {TransactionUse::kInTransaction,
                                               TransactionUse::kOutsideTransaction,
                                               TransactionUse::kControlsTransaction};
constexpr EffectKind kEffectKinds[] = {
    EffectKind::kReturnsRows,    EffectKind::kSequenceAdvance, EffectKind::kNotify,
    EffectKind::kSessionControl, EffectKind::kSessionLock,     EffectKind::kRemoteCall,
    EffectKind::kFileOutput,     EffectKind::kServerConfig,    EffectKind::kUnknownCode};
constexpr analysis::Severity kSeverities[] = {
    analysis::Severity::kInfo, analysis::Severity::kWarning, analysis::Severity::kError};

Json ColumnsToJson(const std::vector<PlannedColumn>& columns) {
  Json out = Json::array();
  for (const PlannedColumn& c : columns) out.push_back({{"name", c.name}, {"type", c.type}});
  return out;
}

Json StatementToJson(const PlannedStatement& s) {
  Json binds = Json::array();
  for (const PlannedBind& b : s.binds) {
    binds.push_back({{"parameter", b.parameter}, {"like_pattern", b.like_pattern}});
  }
  Json effects = Json::array();
  for (const Effect& e : s.effects.effects) {
    effects.push_back(
        {{"kind", EffectKindName(e.kind)}, {"what", e.what}, {"location", e.location}});
  }
  Json validation = nullptr;
  if (s.validation) {
    const StatementValidation& v = *s.validation;
    validation = {{"outcome", v.outcome},
                  {"detail", v.detail},
                  {"estimated_rows", v.estimated_rows ? Json(*v.estimated_rows) : Json(nullptr)},
                  {"counted", v.counted},
                  {"rows_of_tenant", v.rows_of_tenant},
                  {"rows_of_other_tenants", v.rows_of_other_tenants},
                  {"other_tenants", v.other_tenants},
                  {"rows_without_tenant", v.rows_without_tenant},
                  {"parameter_types", v.parameter_types},
                  {"columns", ColumnsToJson(v.columns)}};
  }
  return {{"sql", s.sql},
          {"validation", validation},
          {"binds", binds},
          {"class", StatementClassName(s.effects.statement_class)},
          {"transaction", TransactionUseName(s.effects.transaction)},
          {"outside_transaction_reason", s.effects.outside_transaction_reason},
          {"effects", effects},
          {"span", SpanToJson(s.span)}};
}

PlannedStatement StatementFromJson(const Json& j) {
  PlannedStatement s;
  s.sql = j.at("sql").get<std::string>();
  for (const Json& b : j.at("binds")) {
    s.binds.push_back({b.at("parameter").get<std::string>(), b.at("like_pattern").get<bool>()});
  }
  s.effects.statement_class =
      EnumFromName(j.at("class").get<std::string>(), kClasses, &StatementClassName);
  s.effects.transaction =
      EnumFromName(j.at("transaction").get<std::string>(), kTransactionUses, &TransactionUseName);
  s.effects.outside_transaction_reason = j.at("outside_transaction_reason").get<std::string>();
  for (const Json& e : j.at("effects")) {
    s.effects.effects.push_back(
        {EnumFromName(e.at("kind").get<std::string>(), kEffectKinds, &EffectKindName),
         e.at("what").get<std::string>(), e.at("location").get<int64_t>()});
  }
  if (!j.at("validation").is_null()) {
    const Json& v = j.at("validation");
    StatementValidation sv;
    sv.outcome = v.at("outcome").get<std::string>();
    sv.detail = v.at("detail").get<std::string>();
    if (!v.at("estimated_rows").is_null())
      sv.estimated_rows = v.at("estimated_rows").get<int64_t>();
    sv.counted = v.at("counted").get<bool>();
    sv.rows_of_tenant = v.at("rows_of_tenant").get<int64_t>();
    sv.rows_of_other_tenants = v.at("rows_of_other_tenants").get<int64_t>();
    sv.other_tenants = v.at("other_tenants").get<int64_t>();
    sv.rows_without_tenant = v.at("rows_without_tenant").get<int64_t>();
    sv.parameter_types = v.at("parameter_types").get<std::vector<std::string>>();
    for (const Json& c : v.at("columns")) {
      sv.columns.push_back({c.at("name").get<std::string>(), c.at("type").get<std::string>()});
    }
    s.validation = sv;
  }
  s.span = SpanFromJson(j.at("span"));
  return s;
}

Json StepToJson(const PlannedStep& s) {
  Json statements = Json::array();
  for (const PlannedStatement& st : s.statements) statements.push_back(StatementToJson(st));
  Json j = {{"index", s.index},
            {"id", s.id},
            {"kind", s.kind},
            {"section", s.section},
            {"scope", s.scope},
            {"needs", s.needs},
            {"expect", s.expect},
            {"confirm", s.confirm},
            {"rollback", s.rollback},
            {"irreversible", s.irreversible},
            {"statements", statements},
            {"argv", s.argv},
            {"env", s.env},
            {"text", s.text},
            {"span", SpanToJson(s.span)}};
  j["timeout_ms"] = s.timeout_ms ? Json(*s.timeout_ms) : Json(nullptr);
  j["lock_timeout_ms"] = s.lock_timeout_ms ? Json(*s.lock_timeout_ms) : Json(nullptr);
  return j;
}

PlannedStep StepFromJson(const Json& j) {
  PlannedStep s;
  s.index = j.at("index").get<size_t>();
  s.id = j.at("id").get<std::string>();
  s.kind = j.at("kind").get<std::string>();
  s.section = j.at("section").get<std::string>();
  s.scope = j.at("scope").get<std::string>();
  s.needs = j.at("needs").get<std::vector<std::string>>();
  if (!j.at("timeout_ms").is_null()) s.timeout_ms = j.at("timeout_ms").get<int64_t>();
  if (!j.at("lock_timeout_ms").is_null()) {
    s.lock_timeout_ms = j.at("lock_timeout_ms").get<int64_t>();
  }
  s.expect = j.at("expect").get<std::string>();
  s.confirm = j.at("confirm").get<bool>();
  s.rollback = j.at("rollback").get<std::string>();
  s.irreversible = j.at("irreversible").get<bool>();
  for (const Json& st : j.at("statements")) s.statements.push_back(StatementFromJson(st));
  s.argv = j.at("argv").get<std::vector<std::string>>();
  s.env = j.at("env").get<std::vector<std::string>>();
  s.text = j.at("text").get<std::string>();
  s.span = SpanFromJson(j.at("span"));
  return s;
}

Json FindingToJson(const analysis::Finding& f) {
  Json evidence = Json::array();
  for (const auto& [k, v] : f.evidence) evidence.push_back(Json::array({k, v}));
  Json related = Json::array();
  for (const auto& r : f.related) {
    related.push_back({{"span", SpanToJson(r.span)}, {"message", r.message}});
  }
  return {{"rule", f.rule_id},
          {"severity", analysis::SeverityName(f.severity)},
          {"span", SpanToJson(f.span)},
          {"message", f.message},
          {"help", f.help},
          {"evidence", evidence},
          {"related", related}};
}

analysis::Finding FindingFromJson(const Json& j) {
  analysis::Finding f;
  f.rule_id = j.at("rule").get<std::string>();
  f.severity =
      EnumFromName(j.at("severity").get<std::string>(), kSeverities, &analysis::SeverityName);
  f.span = SpanFromJson(j.at("span"));
  f.message = j.at("message").get<std::string>();
  f.help = j.at("help").get<std::string>();
  for (const Json& e : j.at("evidence")) {
    f.evidence.emplace_back(e.at(0).get<std::string>(), e.at(1).get<std::string>());
  }
  for (const Json& r : j.at("related")) {
    f.related.push_back({SpanFromJson(r.at("span")), r.at("message").get<std::string>()});
  }
  return f;
}

Json PlanToJson(const Plan& p) {
  Json params = Json::array();
  for (const PlannedParameter& pp : p.parameters) {
    Json j = {{"name", pp.name},
              {"type", pp.type},
              {"secret", pp.secret},
              {"from_default", pp.from_default}};
    j["value"] = pp.value ? Json(*pp.value) : Json(nullptr);
    j["secret_sha256"] = pp.secret_sha256;
    params.push_back(std::move(j));
  }
  Json units = Json::array();
  for (const PlannedUnit& u : p.units) {
    Json steps = Json::array();
    for (const PlannedStep& s : u.steps) steps.push_back(StepToJson(s));
    units.push_back(
        {{"atomic_group", u.atomic_group}, {"transactional", u.transactional}, {"steps", steps}});
  }
  Json compensations = Json::array();
  for (const PlannedStep& s : p.compensations) compensations.push_back(StepToJson(s));
  Json rollbacks = Json::array();
  for (const FailureOutcome& f : p.rollback_plan) {
    rollbacks.push_back({{"if_fails", f.step},
                         {"rolled_back", f.rolled_back},
                         {"compensations", f.compensations},
                         {"remains", f.remains},
                         {"earlier_steps_kept", f.earlier_steps_kept}});
  }
  Json hazards = Json::array();
  for (const OrderingHazard& h : p.hazards) {
    hazards.push_back({{"message", h.message},
                       {"effect_span", SpanToJson(h.effect_span)},
                       {"later_span", SpanToJson(h.later_span)},
                       {"proposal", h.proposal},
                       {"tenant_data_before_check", h.tenant_data_before_check}});
  }
  Json findings = Json::array();
  for (const analysis::Finding& f : p.findings) findings.push_back(FindingToJson(f));
  Json overrides = Json::array();
  for (const Override& o : p.overrides) {
    overrides.push_back({{"rule", o.rule}, {"reason", o.reason}});
  }
  Json gates = Json::array();
  for (const Gate& g : p.gates) {
    gates.push_back({{"gate", g.name}, {"status", g.status}, {"detail", g.detail}});
  }
  Json remediation = Json::array();
  for (const Remediation& r : p.remediation) {
    remediation.push_back({{"change", r.change}, {"span", SpanToJson(r.span)}});
  }
  const TargetIdentity& t = p.target;
  return {{"format", kPlanFormat},
          {"tool_version", p.tool_version},
          {"runbook",
           {{"path", p.runbook_path},
            {"digest", p.runbook_digest},
            {"id", p.runbook_id},
            {"title", p.runbook_title},
            {"severity", p.severity}}},
          {"tenant_parameter", p.tenant_parameter},
          {"parameters", params},
          {"target",
           {{"backend", t.backend},
            {"host", t.host},
            {"port", t.port},
            {"database", t.database},
            {"user", t.user},
            {"path", t.path},
            {"server_version", t.server_version}}},
          {"schema", {{"fingerprint", p.schema_fingerprint}, {"origin", p.schema_origin}}},
          {"contracts_checked", p.contracts_checked},
          {"units", units},
          {"compensations", compensations},
          {"rollback_plan", rollbacks},
          {"hazards", hazards},
          {"findings", findings},
          {"overrides", overrides},
          {"gates", gates},
          {"dry_run", {{"status", p.dry_run_status}, {"detail", p.dry_run_detail}}},
          {"final_status", p.FinalStatus()},
          {"remediation", remediation}};
}

Plan PlanFromJson(const Json& j) {
  Plan p;
  p.tool_version = j.at("tool_version").get<std::string>();
  const Json& rb = j.at("runbook");
  p.runbook_path = rb.at("path").get<std::string>();
  p.runbook_digest = rb.at("digest").get<std::string>();
  p.runbook_id = rb.at("id").get<std::string>();
  p.runbook_title = rb.at("title").get<std::string>();
  p.severity = rb.at("severity").get<std::string>();
  p.tenant_parameter = j.at("tenant_parameter").get<std::string>();
  for (const Json& pj : j.at("parameters")) {
    PlannedParameter pp;
    pp.name = pj.at("name").get<std::string>();
    pp.type = pj.at("type").get<std::string>();
    pp.secret = pj.at("secret").get<bool>();
    pp.from_default = pj.at("from_default").get<bool>();
    if (!pj.at("value").is_null()) pp.value = pj.at("value").get<std::string>();
    pp.secret_sha256 = pj.at("secret_sha256").get<std::string>();
    p.parameters.push_back(std::move(pp));
  }
  const Json& t = j.at("target");
  p.target = {t.at("backend").get<std::string>(),       t.at("host").get<std::string>(),
              t.at("port").get<std::string>(),          t.at("database").get<std::string>(),
              t.at("user").get<std::string>(),          t.at("path").get<std::string>(),
              t.at("server_version").get<std::string>()};
  p.schema_fingerprint = j.at("schema").at("fingerprint").get<std::string>();
  p.schema_origin = j.at("schema").at("origin").get<std::string>();
  p.contracts_checked = j.at("contracts_checked").get<bool>();
  for (const Json& uj : j.at("units")) {
    PlannedUnit u;
    u.atomic_group = uj.at("atomic_group").get<std::string>();
    u.transactional = uj.at("transactional").get<bool>();
    for (const Json& s : uj.at("steps")) u.steps.push_back(StepFromJson(s));
    p.units.push_back(std::move(u));
  }
  for (const Json& s : j.at("compensations")) p.compensations.push_back(StepFromJson(s));
  for (const Json& f : j.at("rollback_plan")) {
    p.rollback_plan.push_back({f.at("if_fails").get<std::string>(),
                               f.at("rolled_back").get<std::vector<std::string>>(),
                               f.at("compensations").get<std::vector<std::string>>(),
                               f.at("remains").get<std::vector<std::string>>(),
                               f.at("earlier_steps_kept").get<int64_t>()});
  }
  for (const Json& h : j.at("hazards")) {
    p.hazards.push_back({h.at("message").get<std::string>(), SpanFromJson(h.at("effect_span")),
                         SpanFromJson(h.at("later_span")), h.at("proposal").get<std::string>(),
                         h.at("tenant_data_before_check").get<bool>()});
  }
  for (const Json& f : j.at("findings")) p.findings.push_back(FindingFromJson(f));
  for (const Json& o : j.at("overrides")) {
    p.overrides.push_back({o.at("rule").get<std::string>(), o.at("reason").get<std::string>()});
  }
  for (const Json& g : j.at("gates")) {
    p.gates.push_back({g.at("gate").get<std::string>(), g.at("status").get<std::string>(),
                       g.at("detail").get<std::string>()});
  }
  p.dry_run_status = j.at("dry_run").at("status").get<std::string>();
  p.dry_run_detail = j.at("dry_run").at("detail").get<std::string>();
  for (const Json& r : j.at("remediation")) {
    p.remediation.push_back({r.at("change").get<std::string>(), SpanFromJson(r.at("span"))});
  }
  return p;
}

std::string HashOf(const Json& without_hash) {
  return "sha256:" + Sha256Hex(without_hash.dump(-1, ' ', false, Json::error_handler_t::replace));
}

}  // namespace

PlanFile WritePlan(const Plan& plan) {
  Json j = PlanToJson(plan);
  PlanFile out;
  out.hash = HashOf(j);
  j["plan_hash"] = out.hash;
  out.text = j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
  return out;
}

Result<Plan> ReadPlan(const std::string& text, const std::string& path, std::string* hash) {
  Json j = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return InvalidInput(path + " is not a runwarden plan: not a JSON object")
        .WithHint("write plans with runwarden plan -o FILE");
  }
  const auto format = j.find("format");
  if (format == j.end() || !format->is_string() || *format != kPlanFormat) {
    return InvalidInput(path + " is not a " + std::string(kPlanFormat) + " plan")
        .WithHint(
            "plans are read by the runwarden version that understands their format; "
            "write the plan again with this runwarden");
  }
  const auto stored = j.find("plan_hash");
  if (stored == j.end() || !stored->is_string()) {
    return InvalidInput(path + " has no plan_hash").WithHint("write the plan again");
  }
  const std::string written = stored->get<std::string>();
  j.erase("plan_hash");
  const std::string actual = HashOf(j);
  if (actual != written) {
    return InvalidInput(path + " was changed after it was written: its content hashes to " +
                        actual + ", not to its plan_hash " + written)
        .WithHint("a plan is approved as written; make it again with runwarden plan");
  }
  try {
    Plan p = PlanFromJson(j);
    if (hash != nullptr) *hash = actual;
    return p;
  } catch (const std::exception& e) {
    return InvalidInput(path + " is not a well-formed plan: " + e.what())
        .WithHint("write the plan again with runwarden plan");
  }
}

}  // namespace runwarden::plan
