#ifndef RUNWARDEN_RUNBOOK_PLACEHOLDERS_H_
#define RUNWARDEN_RUNBOOK_PLACEHOLDERS_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "runbook/runbook.h"

namespace runwarden::runbook {

/// A placeholder found in text: <UPPER_SNAKE> or {{ name }}.
struct PlaceholderMatch {
  size_t begin;
  size_t end;
  std::string name;
  PlaceholderSyntax syntax;
};

/// Every placeholder in `text`, left to right, without regard to context.
std::vector<PlaceholderMatch> FindPlaceholders(std::string_view text);

}  // namespace runwarden::runbook

#endif  // RUNWARDEN_RUNBOOK_PLACEHOLDERS_H_
