// A row type runwarden cannot tie to columns: no literal query fills it,
// no diesel table_name names its table, and no table is named after it.
// Information, with what was tried and how to make the mapping explicit,
// because every other contract check is silent for it.
#include "analysis/rules/rules.h"

namespace runwarden::analysis::rules {

namespace {

using contracts::ContractKind;

class UnmappedContractRule final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo kInfo{
        "unmapped-contract", Severity::kInfo, RuleTarget::kContracts,
        "A Rust row type could not be mapped to columns, so it is not checked."};
    return kInfo;
  }

  void Check(const RuleContext& ctx, Reporter& out) const override {
    for (const contracts::UnmappedContract& u : ctx.contracts->unmapped()) {
      std::string help;
      if (u.kind == ContractKind::kDieselTable) {
        help =
            "the block describes a table the schema lacks: regenerate schema.rs, or pass the "
            "schema that has it";
      } else {
        help = "map it explicitly: fill it with sqlx::query_as!(" + u.contract +
               ", \"SELECT ...\") using a string literal, add #[diesel(table_name = ...)], "
               "name the struct after its table, or map it in runwarden.toml: "
               "[contracts.tables] " +
               u.contract + " = \"schema.table\"";
      }
      Finding& f = out.Report(u.span, u.contract + " is not checked: " + u.reason, std::move(help));
      f.evidence.emplace_back(u.kind == ContractKind::kDieselTable ? "table!" : "struct",
                              u.contract);
      for (const std::string& t : u.tried) f.evidence.emplace_back("tried", t);
    }
  }
};

}  // namespace

const Rule& UnmappedContract() {
  static const UnmappedContractRule kRule;
  return kRule;
}

}  // namespace runwarden::analysis::rules
