// The binary was built from other source than the one audited: a contract
// struct's layout in the binary's DWARF has a field the source lacks, lacks
// one the source has, gives a field another type, or declares them in
// another order. Every other contract check read the source, so their
// verdicts do not hold for the binary that runs. Structs absent from the
// binary are not reported: the compiler drops types no code uses.
#include "analysis/rules/rules.h"
#include "contracts/binary_match.h"

namespace runwarden::analysis::rules {

namespace {

using contracts::LayoutDifference;

class BinarySourceMismatchRule final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo kInfo{
        "binary-source-mismatch", Severity::kError, RuleTarget::kContracts,
        "A contract struct in the compiled binary differs from its source: the binary was built "
        "from other code."};
    return kInfo;
  }

  void Check(const RuleContext& ctx, Reporter& out) const override {
    const contracts::BinaryLayout* binary = ctx.contracts->binary();
    if (!binary) return;
    const std::string help =
        "rebuild the binary from the audited source (or audit the source it was built from); "
        "until then the other contract checks describe a different program";
    for (const contracts::BinaryPair& p : ctx.contracts->binary_pairs()) {
      for (const LayoutDifference& d :
           contracts::CompareLayouts(*p.source, *p.binary, ctx.contracts->crate())) {
        std::string message;
        SourceSpan span = p.source->span;
        switch (d.kind) {
          case LayoutDifference::Kind::kMissingInBinary:
            message = p.source->name + "." + d.field + " is in the source but not in the binary";
            span = d.source_field->span;
            break;
          case LayoutDifference::Kind::kMissingInSource:
            message = "the binary's " + p.source->name + " has a field " + d.field + ": " +
                      d.binary_type + " that the source does not declare";
            break;
          case LayoutDifference::Kind::kTypeDiffers:
            message = p.source->name + "." + d.field + " is " + d.source_type +
                      " in the source but " + d.binary_type + " in the binary";
            span = d.source_field->span;
            break;
          case LayoutDifference::Kind::kOrderDiffers:
            message = p.source->name + " declares its fields in another order than the binary (" +
                      d.binary_type + ")";
            break;
        }
        Finding& f = out.Report(span, std::move(message), help);
        f.evidence.emplace_back("struct", p.source->QualifiedName());
        f.evidence.emplace_back("binary", binary->path);
        f.evidence.emplace_back("binary_struct", p.binary->QualifiedName());
        if (!d.field.empty()) f.evidence.emplace_back("field", d.field);
        if (!d.source_type.empty()) f.evidence.emplace_back("source", d.source_type);
        if (!d.binary_type.empty()) f.evidence.emplace_back("binary_has", d.binary_type);
      }
    }
  }
};

}  // namespace

const Rule& BinarySourceMismatch() {
  static const BinarySourceMismatchRule kRule;
  return kRule;
}

}  // namespace runwarden::analysis::rules
