#include "analysis/rules/rules.h"
#include "analysis/rules/schema_rules.h"

namespace runwarden::analysis::rules {

namespace {

class PartitionWithoutRlsRule final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo kInfo{
        "partition-without-rls", Severity::kError, RuleTarget::kRowLevelSecurity,
        "A partition of a table with row-level security has none of its own, "
        "so querying the partition directly skips the parent's policies."};
    return kInfo;
  }

  void Check(const RuleContext& ctx, Reporter& out) const override {
    for (const auto& [name, t] : ctx.schema->tables) {
      if (!t.partition_of || t.rls_enabled) continue;
      const schema::Table* parent = ctx.schema->FindTable(*t.partition_of);
      if (!parent || !parent->rls_enabled) continue;
      Finding& f = out.Report(
          TableSpan(ctx, t),
          "partition " + name.ToString() + " of " + parent->name.ToString() +
              " has row-level security off, while its parent has it on",
          "policies of a partitioned table apply only to queries through the parent; a query on "
          "the partition itself sees every tenant. Enable, force and add the same policies:\n"
          "  ALTER TABLE " +
              name.ToString() +
              " ENABLE ROW LEVEL SECURITY;\n"
              "  ALTER TABLE " +
              name.ToString() + " FORCE ROW LEVEL SECURITY;");
      f.evidence.emplace_back("table", name.ToString());
      f.evidence.emplace_back("parent", parent->name.ToString());
    }
  }
};

}  // namespace

const Rule& PartitionWithoutRls() {
  static const PartitionWithoutRlsRule kRule;
  return kRule;
}

}  // namespace runwarden::analysis::rules
