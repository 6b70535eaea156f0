// Feeds arbitrary bytes to the reproduction bundle's manifest parser. A
// manifest it accepts must come back unchanged through ManifestText: every
// field read is a field written, and no accepted crate path leaves the
// bundle.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "bundle/bundle.h"

namespace bundle = runwarden::bundle;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  bundle::Bundle parsed;
  if (!bundle::ParseManifest(text, "bundle.json", parsed).ok()) return 0;
  for (const auto& [path, contents] : parsed.rust_files) {
    if (!bundle::IsSafeRelativePath(path)) std::abort();
  }
  bundle::Bundle again;
  if (!bundle::ParseManifest(bundle::ManifestText(parsed), "bundle.json", again).ok()) {
    std::abort();
  }
  if (again.runbook_path != parsed.runbook_path || again.plan_hash != parsed.plan_hash ||
      again.tenant != parsed.tenant || again.backend != parsed.backend ||
      again.parameters.size() != parsed.parameters.size() ||
      again.outcome.final_status != parsed.outcome.final_status ||
      again.outcome.halted_gates != parsed.outcome.halted_gates ||
      again.rust_files.size() != parsed.rust_files.size()) {
    std::abort();
  }
  for (size_t i = 0; i < parsed.parameters.size(); ++i) {
    const auto& a = parsed.parameters[i];
    const auto& b = again.parameters[i];
    if (a.name != b.name || a.secret != b.secret || a.value != b.value ||
        a.secret_sha256 != b.secret_sha256) {
      std::abort();
    }
  }
  return 0;
}
