#ifndef RUNWARDEN_ANALYSIS_SUPPRESSION_H_
#define RUNWARDEN_ANALYSIS_SUPPRESSION_H_

#include <vector>

#include "analysis/finding.h"
#include "base/status.h"
#include "config/config.h"

namespace runwarden::analysis {

/// A finding the project's configuration accepted, with the reason.
struct Suppressed {
  Finding finding;
  std::string reason;  ///< the ignore's reason, or "severity set to off"
  SourceSpan where;    ///< the ignore in runwarden.toml
};

/// Findings after the configuration: severities overridden, findings of
/// rules set to "off" and findings matched by an [[ignore]] moved to
/// `suppressed`. An ignore matches when its rule is the finding's and its
/// table (if any) is the finding's table or view evidence, and its path (if
/// any) is a prefix of the finding's file.
std::vector<Finding> ApplyConfig(std::vector<Finding> findings, const config::Config& config,
                                 std::vector<Suppressed>* suppressed);

/// Checks that every rule id the configuration names exists; the error
/// points at the configuration file.
Status CheckConfigRules(const config::Config& config);

}  // namespace runwarden::analysis

#endif  // RUNWARDEN_ANALYSIS_SUPPRESSION_H_
