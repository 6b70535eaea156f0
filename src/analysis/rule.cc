#include "analysis/rule.h"

namespace runwarden::analysis {

Finding& Reporter::Report(SourceSpan span, std::string message, std::string help) {
  Finding f;
  f.rule_id = std::string(info_.id);
  f.severity = info_.default_severity;
  f.span = std::move(span);
  f.message = std::move(message);
  f.help = std::move(help);
  out_.push_back(std::move(f));
  return out_.back();
}

}  // namespace runwarden::analysis
