// Feeds arbitrary bytes through everything `runwarden scan --schema` does
// with a DDL file: split and parse, apply to the schema model, classify
// tenancy, run every schema rule, fingerprint and dump the model. Errors are
// values here, so the only failures are crashes, leaks, hangs and undefined
// behaviour.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "analysis/lint.h"
#include "analysis/tenancy.h"
#include "config/config.h"
#include "schema/ddl_loader.h"
#include "schema/dump.h"

namespace {

namespace analysis = runwarden::analysis;
namespace schema = runwarden::schema;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto loaded = schema::LoadDdlText(std::move(text), "fuzz.sql");
  if (!loaded.ok()) {
    static_cast<void>(loaded.status().ToString());
    return 0;
  }
  const runwarden::config::TenantConfig tenant;
  const analysis::Tenancy tenancy = analysis::ClassifyTenancy(loaded->schema, tenant);
  analysis::RuleContext context;
  context.schema = &loaded->schema;
  context.tenancy = &tenancy;
  context.tenant_config = &tenant;
  const std::vector<analysis::Finding> findings = analysis::RunRules(context);
  static_cast<void>(findings);
  static_cast<void>(loaded->schema.Fingerprint());
  static_cast<void>(schema::DumpSchema(loaded->schema));
  return 0;
}
