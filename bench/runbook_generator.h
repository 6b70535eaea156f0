#ifndef RUNWARDEN_BENCH_RUNBOOK_GENERATOR_H_
#define RUNWARDEN_BENCH_RUNBOOK_GENERATOR_H_

// The generated runbook the runbook and plan benchmarks share: 2,000 fenced
// SQL blocks holding 20,000 statements over a multi-tenant schema (reads,
// joins, CTEs, UPDATE, DELETE ... RETURNING, INSERT ... SELECT, catalog
// reads), placeholders in every context, needs=, timeouts and expectations,
// a shell step every 40 blocks and a checklist every 20 sections.

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>

namespace runwarden::bench {

inline constexpr int kBlocks = 2000;
inline constexpr int kStatements = 20000;
inline constexpr int kBlocksPerSection = 10;
inline constexpr uint32_t kSeed = 20261123;

// The generated document is larger than a hand-written runbook should be;
// the limit is raised so that the benchmark measures parsing, not refusal.
inline constexpr size_t kMaxBytes = 64u << 20;

// Builds the document. Uses mt19937 directly (its output is fixed by the
// standard; the distributions are not) so that every platform and standard
// library measures the same text.
class RunbookGenerator {
 public:
  std::string Generate() {
    FrontMatter();
    out_ += "# Tenant data incident: full playbook\n\n";
    out_ += "Generated for benchmarking. Work top to bottom; every step says what it touches.\n\n";
    int block = 0;
    for (int section = 0; block < kBlocks; ++section) {
      out_ += "## " + std::to_string(section + 1) + ". " + Pick(kPhases) + " of " + Pick(kTables) +
              "\n\n";
      out_ += "Run these while the incident channel is open; each block is one unit of work.\n\n";
      for (int i = 0; i < kBlocksPerSection && block < kBlocks; ++i, ++block) {
        out_ +=
            "### " + Pick(kVerbs) + " " + Pick(kTables) + " (" + std::to_string(block) + ")\n\n";
        SqlBlock(block);
        if (block % 40 == 39) ShellBlock(block);
      }
      if (section % 20 == 19) Checklist(section);
    }
    return std::move(out_);
  }

 private:
  static constexpr const char* kTables[] = {
      "orders",   "invoices",      "payments",     "refunds",  "shipments",
      "sessions", "subscriptions", "audit_events", "api_keys", "webhooks"};
  static constexpr const char* kColumns[] = {"status",     "total",  "currency", "note",
                                             "updated_at", "region", "priority", "flag"};
  static constexpr const char* kPhases[] = {"Containment", "Investigation", "Repair",
                                            "Verification", "Cleanup"};
  static constexpr const char* kVerbs[] = {"Inspect", "Freeze", "Repair", "Archive", "Check"};

  template <size_t N>
  std::string Pick(const char* const (&words)[N]) {
    return words[Next(static_cast<uint32_t>(N))];
  }
  uint32_t Next(uint32_t bound) { return static_cast<uint32_t>(rng_() % bound); }
  std::string Num(uint32_t bound) { return std::to_string(Next(bound)); }

  void FrontMatter() {
    out_ +=
        "---\n"
        "id: tenant-data-incident-full\n"
        "title: Tenant data incident, full playbook\n"
        "version: \"7.3\"\n"
        "severity: SEV-1\n"
        "owner: platform-oncall\n"
        "tenant:\n"
        "  keys: [tenant_id]\n"
        "  setting: app.current_tenant_id\n"
        "  parameter: TENANT_ID\n"
        "parameters:\n"
        "  TENANT_ID: {type: uuid, description: The affected tenant}\n"
        "  ORDER_ID: {type: bigint, description: The order in the ticket}\n"
        "  CUSTOMER_ID: {type: bigint, description: The customer in the ticket}\n"
        "  REASON: {type: text, description: Why rows are changed}\n"
        "  INCIDENT: {type: text, pattern: \"^INC-[0-9]+$\", description: The ticket}\n"
        "  REGION: {type: enum, values: [eu, us, apac], default: eu}\n"
        "  ROW_LIMIT: {type: int, default: \"100\"}\n"
        "---\n\n";
  }

  // Block b holds 10 + d statements and block b + 1 holds 10 - d, so the
  // blocks vary in size and still add up to exactly kStatements.
  int StatementsIn(int block) {
    if (block % 2 == 0) pending_offset_ = static_cast<int>(Next(6));
    return block % 2 == 0 ? 10 + pending_offset_ : 10 - pending_offset_;
  }

  void SqlBlock(int block) {
    const int count = StatementsIn(block);
    out_ += "```sql {#q-" + std::to_string(block);
    if (block > 0 && block % 3 == 0) out_ += " needs=q-" + std::to_string(block - 1);
    if (block % 7 == 0) out_ += " timeout=30s";
    if (block % 11 == 0) out_ += " expect=\"rows <= 100\"";
    out_ += "}\n";
    for (int i = 0; i < count; ++i) {
      if (Next(4) == 0) out_ += "-- " + Pick(kVerbs) + " before anything else changes\n";
      Statement();
      out_ += ";\n";
    }
    out_ += "```\n\n";
  }

  void Statement() {
    const std::string t = Pick(kTables);
    const std::string c = Pick(kColumns);
    const uint32_t kind = Next(100);
    if (kind < 35) {
      out_ += "SELECT o.id, o." + c + ", c.email, c.name\n  FROM " + t +
              " o\n  JOIN customers c ON c.id = o.customer_id AND c.tenant_id = o.tenant_id\n"
              " WHERE o.tenant_id = <TENANT_ID>\n   AND o.created_at > now() - interval '" +
              Num(30) + " days'\n ORDER BY o.created_at DESC\n LIMIT <ROW_LIMIT>";
    } else if (kind < 50) {
      out_ += "SELECT id, " + c + " FROM " + t +
              " WHERE tenant_id = <TENANT_ID>\n   AND customer_id IN (SELECT id FROM customers "
              "WHERE tenant_id = <TENANT_ID> AND region = {{ region }})\n   AND " +
              c + " IS NOT NULL";
    } else if (kind < 60) {
      out_ +=
          "WITH recent AS (\n  SELECT customer_id, count(*) AS n, max(created_at) AS last\n"
          "    FROM " +
          t + " WHERE tenant_id = <TENANT_ID> AND created_at > now() - interval '" + Num(48) +
          " hours'\n   GROUP BY customer_id\n)\nSELECT r.customer_id, r.n, r.last" +
          " FROM recent r\n  LEFT JOIN customers c ON c.id = r.customer_id\n WHERE r.n > " +
          Num(10) + " /* bursts only */ ORDER BY r.n DESC";
    } else if (kind < 73) {
      out_ += "UPDATE " + t + "\n   SET " + c +
              " = NULL, note = 'held for <INCIDENT>: <REASON>', updated_at = now()\n"
              " WHERE tenant_id = <TENANT_ID> AND id = {{ order_id }}";
    } else if (kind < 81) {
      out_ += "DELETE FROM " + t + "\n WHERE tenant_id = <TENANT_ID>\n   AND customer_id = " +
              "<CUSTOMER_ID> AND created_at < now() - interval '" + Num(90) +
              " days'\nRETURNING id";
    } else if (kind < 91) {
      out_ +=
          "INSERT INTO incident_rows (tenant_id, ticket, table_name, row_id, noted_at)\n"
          "SELECT <TENANT_ID>, <INCIDENT>, '" +
          t + "', x.id, now()\n  FROM " + t + " x\n WHERE x.tenant_id = <TENANT_ID> AND x." + c +
          " IS DISTINCT FROM 'ok'\nON CONFLICT DO NOTHING";
    } else if (kind < 96) {
      out_ +=
          "SELECT pid, state, query_start\n  FROM pg_stat_activity\n WHERE datname = "
          "current_database()\n   AND query LIKE '%<TENANT_ID>%'";
    } else {
      out_ += "SELECT set_config('app.current_tenant_id', <TENANT_ID>, true)";
    }
  }

  void ShellBlock(int block) {
    out_ += "```bash {#notify-" + std::to_string(block) + " needs=q-" + std::to_string(block) +
            "}\n./ops/notify --tenant <TENANT_ID> --ticket \"<INCIDENT>\" --region <REGION>\n"
            "psql \"$DATABASE_URL\" <<'SQL'\nSELECT 1;\nSQL\n```\n\n";
  }

  void Checklist(int section) {
    out_ += "### Sign-off " + std::to_string(section) + "\n\n";
    out_ += "- [ ] Post the row counts for <TENANT_ID> in the incident channel.\n";
    out_ += "- [ ] Ask the customer owner to confirm {{ customer_id }} is correct.\n";
    out_ += "- [ ] Link <INCIDENT> in the change log.\n\n";
  }

  std::mt19937 rng_{kSeed};
  std::string out_;
  int pending_offset_ = 0;
};

}  // namespace runwarden::bench

#endif  // RUNWARDEN_BENCH_RUNBOOK_GENERATOR_H_
