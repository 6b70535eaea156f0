#include "base/source_span.h"

namespace runwarden {

std::string FormatLocation(const SourceSpan& span) {
  if (!span.valid()) return span.path;
  return span.path + ":" + std::to_string(span.begin.line) + ":" +
         std::to_string(span.begin.column);
}

}  // namespace runwarden
