#include "plan/plan_match.h"

#include "base/sha256.h"
#include "base/text.h"

namespace runwarden::plan {

namespace {

std::string Changed(const std::string& what, const std::string& then, const std::string& now) {
  return what + " changed since the plan was made (" + (then.empty() ? "none" : then) + ", now " +
         (now.empty() ? "none" : now) + ")";
}

}  // namespace

const std::string* ValueNamed(const std::map<std::string, std::string>& values,
                              std::string_view name) {
  for (const auto& [k, v] : values) {
    if (EqualsIgnoreCase(k, name)) return &v;
  }
  return nullptr;
}

std::vector<std::string> CompareWithPlan(const Plan& approved, const CurrentInputs& now) {
  std::vector<std::string> out;
  if (approved.runbook_digest != now.runbook_digest) {
    out.push_back(Changed("the runbook " + approved.runbook_path, approved.runbook_digest,
                          now.runbook_digest));
  }
  if (approved.tool_version != now.tool_version) {
    out.push_back(Changed("runwarden's version", approved.tool_version, now.tool_version));
  }
  if (approved.schema_fingerprint != now.schema_fingerprint) {
    out.push_back(
        Changed("the target's schema", approved.schema_fingerprint, now.schema_fingerprint));
  }
  const TargetIdentity& a = approved.target;
  const TargetIdentity& b = now.target;
  if (a.backend != b.backend || a.host != b.host || a.port != b.port || a.database != b.database ||
      a.user != b.user || a.path != b.path) {
    auto show = [](const TargetIdentity& t) {
      if (t.backend.empty()) return std::string("no target");
      if (t.backend == "sqlite") return "sqlite " + t.path;
      return t.backend + " host=" + t.host + " port=" + t.port + " dbname=" + t.database +
             " user=" + t.user;
    };
    out.push_back("the plan was made for " + show(a) + ", not " + show(b));
  }
  for (const PlannedParameter& p : approved.parameters) {
    const std::string* given = ValueNamed(now.values, p.name);
    if (p.secret) {
      if (given == nullptr && !p.secret_sha256.empty()) {
        out.push_back("secret parameter " + p.name +
                      " is not stored in the plan: give it again with --param " + p.name + "=...");
      } else if (given != nullptr && Sha256Hex(*given) != p.secret_sha256) {
        out.push_back("secret parameter " + p.name + " is not the value the plan was made with");
      }
    } else if (given != nullptr && (!p.value || *p.value != *given)) {
      out.push_back("parameter " + p.name + " is " + *given + ", but the plan was made with " +
                    (p.value ? *p.value : std::string("no value")));
    }
  }
  for (const auto& [name, value] : now.values) {
    if (approved.Parameter(name) == nullptr)
      out.push_back("parameter " + name + " is not a parameter of the plan");
  }
  return out;
}

std::map<std::string, std::string> RunValues(const Plan& approved, const CurrentInputs& now) {
  std::map<std::string, std::string> out;
  for (const PlannedParameter& p : approved.parameters) {
    if (const std::string* given = ValueNamed(now.values, p.name)) {
      out[p.name] = *given;
    } else if (p.value) {
      out[p.name] = *p.value;
    }
  }
  return out;
}

}  // namespace runwarden::plan
