#include "base/status.h"

namespace runwarden {

std::string Status::ToString() const {
  if (ok()) return "ok";
  std::string out;
  if (span_ && !span_->path.empty()) out += FormatLocation(*span_) + ": ";
  out += "error: " + message_;
  if (!hint_.empty()) out += "\n  hint: " + hint_;
  return out;
}

}  // namespace runwarden
