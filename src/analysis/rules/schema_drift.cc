// Compares the live schema (RuleContext::schema) with the schema the team
// believes in (RuleContext::expected_schema, from DDL): tables, columns
// (type, nullability), row-level security switches and policies.
//
// Policies are matched by table and name and compared by command,
// permissive/restrictive, roles (as a set) and the canonical form of their
// USING and WITH CHECK expressions (schema/catalog_expression.h), never by
// text, because pg_get_expr() reformats what the DDL says.
//
// Severity: error when the database lacks something the DDL has (table,
// column, policy) or row-level security is weaker than declared (disabled,
// not forced, a restrictive policy made permissive, an extra permissive
// policy, which widens access because permissive policies are OR-ed);
// warning for every other difference. Findings point at the expected
// object's DDL location when it has one, else at the target.

#include <algorithm>
#include <set>

#include "analysis/rules/rules.h"
#include "schema/catalog_expression.h"

namespace runwarden::analysis::rules {

namespace {

using schema::Policy;
using schema::Table;

class Differ {
 public:
  Differ(const schema::Schema& live, const schema::Schema& expected, Reporter& out)
      : live_(live), expected_(expected), out_(out) {
    file_ = expected.origin.empty() ? "the schema file" : expected.origin;
  }

  void Run() {
    for (const auto& [name, want] : expected_.tables) {
      auto it = live_.tables.find(name);
      if (it == live_.tables.end()) {
        Add(Severity::kError, want.span,
            "table " + name.ToString() + " is in " + file_ + " but not in the database",
            "apply the missing migration, or remove the table from " + file_ +
                " if it was dropped on purpose",
            {{"table", name.ToString()}, {"expected", "present"}, {"actual", "missing"}});
        continue;
      }
      CompareTable(want, it->second);
    }
    for (const auto& [name, have] : live_.tables) {
      if (expected_.tables.count(name)) continue;
      Add(Severity::kWarning, have.span,
          "table " + name.ToString() + " is in the database but not in " + file_,
          "add the table to " + file_ + " or drop it from the database",
          {{"table", name.ToString()}, {"expected", "missing"}, {"actual", "present"}});
    }
  }

 private:
  using Evidence = std::vector<std::pair<std::string, std::string>>;

  // The expected object's DDL location when it has one, else the target.
  SourceSpan Where(const SourceSpan& preferred) const {
    if (preferred.valid()) return preferred;
    return SourceSpan{live_.origin, {}, {}};
  }

  void Add(Severity severity, const SourceSpan& span, std::string message, std::string help,
           Evidence evidence) {
    Finding& f = out_.Report(Where(span), std::move(message), std::move(help));
    f.severity = severity;
    f.evidence = std::move(evidence);
    f.evidence.emplace_back("database", live_.origin);
  }

  void CompareTable(const Table& want, const Table& have) {
    const std::string table = want.name.ToString();
    for (const schema::Column& c : want.columns) {
      const schema::Column* live = have.FindColumn(c.name);
      const std::string column = table + "." + c.name;
      if (!live) {
        Add(Severity::kError, c.span.valid() ? c.span : want.span,
            "column " + column + " is in " + file_ + " but not in the database",
            "apply the migration that adds it, or remove it from " + file_,
            {{"table", table}, {"column", c.name}, {"expected", c.type}, {"actual", "missing"}});
        continue;
      }
      if (live->type != c.type) {
        Add(Severity::kWarning, c.span.valid() ? c.span : want.span,
            "column " + column + " is " + c.type + " in " + file_ + " but " + live->type +
                " in the database",
            "bring " + file_ + " and the database to the same type",
            {{"table", table}, {"column", c.name}, {"expected", c.type}, {"actual", live->type}});
      }
      if (live->not_null != c.not_null) {
        auto null_word = [](bool not_null) { return not_null ? "NOT NULL" : "nullable"; };
        Add(Severity::kWarning, c.span.valid() ? c.span : want.span,
            "column " + column + " is " + null_word(c.not_null) + " in " + file_ + " but " +
                null_word(live->not_null) + " in the database",
            "bring " + file_ + " and the database to the same nullability",
            {{"table", table},
             {"column", c.name},
             {"expected", null_word(c.not_null)},
             {"actual", null_word(live->not_null)}});
      }
    }
    for (const schema::Column& c : have.columns) {
      if (want.FindColumn(c.name)) continue;
      Add(Severity::kWarning, want.span,
          "column " + table + "." + c.name + " (" + c.type + ") is in the database but not in " +
              file_,
          "add the column to " + file_ + " or drop it from the database",
          {{"table", table}, {"column", c.name}, {"expected", "missing"}, {"actual", c.type}});
    }
    CompareRls(want, have);
    ComparePolicies(want, have);
  }

  void CompareRls(const Table& want, const Table& have) {
    const std::string table = want.name.ToString();
    auto state = [](const Table& t) {
      return !t.rls_enabled ? "disabled" : (t.rls_forced ? "enabled and forced" : "enabled");
    };
    if (want.rls_enabled == have.rls_enabled &&
        (!have.rls_enabled || want.rls_forced == have.rls_forced)) {
      return;
    }
    const bool weaker =
        (want.rls_enabled && !have.rls_enabled) ||
        (want.rls_enabled && have.rls_enabled && want.rls_forced && !have.rls_forced);
    Add(weaker ? Severity::kError : Severity::kWarning, want.span,
        "row-level security on " + table + " is " + state(want) + " in " + file_ + " but " +
            state(have) + " in the database",
        weaker ? "ALTER TABLE " + table + " ENABLE ROW LEVEL SECURITY" +
                     (want.rls_forced ? "; ALTER TABLE " + table + " FORCE ROW LEVEL SECURITY"
                                      : std::string()) +
                     " (the database is less protected than " + file_ + " says)"
               : "record the change in " + file_,
        {{"table", table}, {"expected", state(want)}, {"actual", state(have)}});
  }

  static std::string Roles(const Policy& p) {
    if (p.roles.empty()) return "PUBLIC";
    std::vector<std::string> roles = p.roles;
    std::sort(roles.begin(), roles.end());
    std::string out;
    for (const auto& r : roles) out += (out.empty() ? "" : ", ") + r;
    return out;
  }

  static std::string ExprText(const std::optional<schema::Expression>& e) {
    return e ? e->text : "(none)";
  }

  static bool SameExpression(const std::optional<schema::Expression>& a,
                             const std::optional<schema::Expression>& b) {
    if (!a || !b) return !a && !b;
    return schema::EquivalentExpressions(*a, *b);
  }

  static std::string Kind(const Policy& p) { return p.permissive ? "permissive" : "restrictive"; }

  void ComparePolicies(const Table& want, const Table& have) {
    const std::string table = want.name.ToString();
    for (const Policy& p : want.policies) {
      auto it = std::find_if(have.policies.begin(), have.policies.end(),
                             [&](const Policy& q) { return q.name == p.name; });
      const std::string label = "policy " + p.name + " on " + table;
      if (it == have.policies.end()) {
        Add(Severity::kError, p.span.valid() ? p.span : want.span,
            label + " is in " + file_ + " but not in the database",
            "create the policy as " + file_ + " declares it",
            {{"table", table}, {"policy", p.name}, {"expected", "present"}, {"actual", "missing"}});
        continue;
      }
      const Policy& q = *it;
      std::vector<std::string> diffs;
      Evidence evidence{{"table", table}, {"policy", p.name}};
      auto differ = [&](const std::string& what, const std::string& expected,
                        const std::string& actual) {
        diffs.push_back(what + " " + expected + " in " + file_ + " but " + actual +
                        " in the database");
        evidence.emplace_back("expected " + what, expected);
        evidence.emplace_back("actual " + what, actual);
      };
      if (p.command != q.command) {
        differ("command", std::string(schema::PolicyCommandName(p.command)),
               std::string(schema::PolicyCommandName(q.command)));
      }
      const bool widened = !p.permissive && q.permissive;
      if (p.permissive != q.permissive) differ("kind", Kind(p), Kind(q));
      if (Roles(p) != Roles(q)) differ("roles", Roles(p), Roles(q));
      if (!SameExpression(p.using_expr, q.using_expr)) {
        differ("USING", ExprText(p.using_expr), ExprText(q.using_expr));
      }
      if (!SameExpression(p.check_expr, q.check_expr)) {
        differ("WITH CHECK", ExprText(p.check_expr), ExprText(q.check_expr));
      }
      if (diffs.empty()) continue;
      std::string message = label + " differs: ";
      for (size_t i = 0; i < diffs.size(); ++i) message += (i ? "; " : "") + diffs[i];
      Add(widened ? Severity::kError : Severity::kWarning, p.span.valid() ? p.span : want.span,
          message,
          widened ? "the database made a restrictive policy permissive, so other permissive "
                    "policies now widen it; recreate it AS RESTRICTIVE"
                  : "recreate the policy as " + file_ + " declares it, or record the change in " +
                        file_,
          std::move(evidence));
    }
    for (const Policy& q : have.policies) {
      if (std::any_of(want.policies.begin(), want.policies.end(),
                      [&](const Policy& p) { return p.name == q.name; })) {
        continue;
      }
      Add(q.permissive ? Severity::kError : Severity::kWarning, want.span,
          std::string("policy ") + q.name + " on " + table + " (" + Kind(q) + " " +
              std::string(schema::PolicyCommandName(q.command)) + ", USING " +
              ExprText(q.using_expr) + ") is in the database but not in " + file_,
          q.permissive ? "an extra permissive policy widens access (permissive policies are "
                         "OR-ed); drop it or add it to " +
                             file_
                       : "add the policy to " + file_ + " or drop it from the database",
          {{"table", table}, {"policy", q.name}, {"expected", "missing"}, {"actual", Kind(q)}});
    }
  }

  const schema::Schema& live_;
  const schema::Schema& expected_;
  Reporter& out_;
  std::string file_;
};

class SchemaDriftRule final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo kInfo{
        "schema-drift", Severity::kError, RuleTarget::kLiveSchema,
        "The live database differs from the schema file: missing or extra tables and columns, "
        "types, nullability, row-level security switches or policies."};
    return kInfo;
  }

  void Check(const RuleContext& ctx, Reporter& out) const override {
    if (ctx.expected_schema == nullptr) return;
    Differ(*ctx.schema, *ctx.expected_schema, out).Run();
  }
};

}  // namespace

const Rule& SchemaDrift() {
  static const SchemaDriftRule kRule;
  return kRule;
}

}  // namespace runwarden::analysis::rules
