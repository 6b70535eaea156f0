// Feeds arbitrary bytes to the audit log reader: Verify, ParseLog, the run
// tree and its text and JSON reports. Checks that the verified prefix of an
// intact log verifies again on its own to the same head and record count,
// without a torn tail; anything else aborts.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "audit/reader.h"
#include "audit/run_tree.h"
#include "report/audit_report.h"

namespace audit = runwarden::audit;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const audit::VerifyResult v = audit::Verify(text);
  if (v.intact) {
    if (v.verified_bytes < 0 || static_cast<size_t>(v.verified_bytes) > text.size()) std::abort();
    const audit::VerifyResult again = audit::Verify(text.substr(0, v.verified_bytes));
    if (!again.intact || again.torn_tail || again.head != v.head || again.records != v.records) {
      std::abort();
    }
    if (v.torn_tail != (static_cast<size_t>(v.verified_bytes) != text.size())) std::abort();
  }
  auto log = audit::ParseLog(text, "fuzz.jsonl");
  if (log.ok() != v.recognized) std::abort();
  if (!log.ok()) return 0;
  const audit::RunTree tree = audit::BuildRunTree(*log);
  static_cast<void>(runwarden::report::AuditText(*log, tree));
  static_cast<void>(runwarden::report::AuditJson(*log, tree));
  static_cast<void>(runwarden::report::AuditVerifyText(*log, v.head));
  static_cast<void>(runwarden::report::AuditVerifyJson(*log, ""));
  return 0;
}
