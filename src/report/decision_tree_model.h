#ifndef RUNWARDEN_REPORT_DECISION_TREE_MODEL_H_
#define RUNWARDEN_REPORT_DECISION_TREE_MODEL_H_

// Private to report/: the decision tree of a run as a JSON value, shared by
// its JSON and text renderings and by the incident report.
#include <string>

#include "audit/reader.h"
#include "audit/run_tree.h"
#include "report/json_util.h"

namespace runwarden::report {

/// The decision tree described in decision_tree.h.
Json DecisionTree(const audit::AuditLog& log, const audit::RunTree& tree);

/// A number as reports print it: integers without a fraction, others with
/// one decimal ("12", "3.5").
std::string FormatNumber(double v);

/// A value of a findings object for people: strings as they are, numbers
/// by FormatNumber, booleans as yes/no, arrays of scalars joined by ", ",
/// anything else as compact JSON.
std::string ValueText(const Json& v);

/// "intact: 19 records, head 3a7b..." or "DOES NOT VERIFY at line 13: ...".
std::string VerificationLine(const audit::VerifyResult& v);

}  // namespace runwarden::report

#endif  // RUNWARDEN_REPORT_DECISION_TREE_MODEL_H_
