#include "plan/statement_effects.h"

#include <gtest/gtest.h>

#include "sql/parser.h"

namespace runwarden::plan {
namespace {

// The effects of the first statement of `sql`.
StatementEffects Of(const std::string& sql) {
  const auto parsed = sql::ParseStatements(sql);
  EXPECT_FALSE(parsed.empty()) << sql;
  if (parsed.empty()) return {};
  EXPECT_FALSE(parsed.front().error) << sql << ": " << parsed.front().error->message;
  return ClassifyStatement(parsed.front().root);
}

TEST(StatementEffectsTest, ClassifiesStatements) {
  EXPECT_EQ(Of("SELECT 1").statement_class, StatementClass::kRead);
  EXPECT_EQ(Of("UPDATE t SET a = 1").statement_class, StatementClass::kWrite);
  EXPECT_EQ(Of("TRUNCATE t").statement_class, StatementClass::kWrite);
  EXPECT_EQ(Of("COPY t FROM STDIN").statement_class, StatementClass::kWrite);
  EXPECT_EQ(Of("CREATE TABLE t (a int)").statement_class, StatementClass::kDdl);
  EXPECT_EQ(Of("SELECT 1 INTO t2").statement_class, StatementClass::kDdl);
  EXPECT_EQ(Of("SET search_path = x").statement_class, StatementClass::kSession);
  EXPECT_EQ(Of("VACUUM t").statement_class, StatementClass::kOther);
}

TEST(StatementEffectsTest, StatementsPostgresRefusesInATransaction) {
  for (const char* sql :
       {"VACUUM t", "CREATE INDEX CONCURRENTLY i ON t (a)", "DROP INDEX CONCURRENTLY i",
        "REINDEX INDEX CONCURRENTLY i", "REINDEX DATABASE app", "CREATE DATABASE x",
        "DROP DATABASE x", "ALTER SYSTEM SET work_mem = '64MB'", "CLUSTER", "DISCARD ALL",
        "CREATE TABLESPACE s LOCATION '/x'"}) {
    SCOPED_TRACE(sql);
    const StatementEffects e = Of(sql);
    EXPECT_EQ(e.transaction, TransactionUse::kOutsideTransaction);
    EXPECT_FALSE(e.outside_transaction_reason.empty());
  }
  for (const char* sql : {"ANALYZE t", "CREATE INDEX i ON t (a)", "REINDEX INDEX i",
                          "CLUSTER t USING i", "DISCARD TEMP", "UPDATE t SET a = 1"}) {
    SCOPED_TRACE(sql);
    EXPECT_EQ(Of(sql).transaction, TransactionUse::kInTransaction);
  }
  for (const char* sql :
       {"BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT s", "PREPARE TRANSACTION 'x'"}) {
    SCOPED_TRACE(sql);
    EXPECT_EQ(Of(sql).transaction, TransactionUse::kControlsTransaction);
  }
}

TEST(StatementEffectsTest, EffectsARollbackCannotUndo) {
  const StatementEffects kill =
      Of("SELECT pg_catalog.pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'x'");
  EXPECT_TRUE(kill.Has(EffectKind::kSessionControl));
  EXPECT_TRUE(kill.Has(EffectKind::kReturnsRows));
  EXPECT_TRUE(kill.HasIrreversibleEffect());
  EXPECT_TRUE(Of("INSERT INTO t (id) VALUES (nextval('s'))").Has(EffectKind::kSequenceAdvance));
  EXPECT_TRUE(Of("SELECT dblink_exec('host=x', 'DELETE FROM t')").Has(EffectKind::kRemoteCall));
  EXPECT_TRUE(Of("COPY t TO PROGRAM 'curl -d @- x'").Has(EffectKind::kFileOutput));
  EXPECT_TRUE(Of("COPY t TO '/tmp/x'").Has(EffectKind::kFileOutput));
  EXPECT_TRUE(Of("DO $$ BEGIN PERFORM 1; END $$").Has(EffectKind::kUnknownCode));
  EXPECT_TRUE(Of("SELECT pg_advisory_lock(1)").Has(EffectKind::kSessionLock));

  // NOTIFY is sent at commit: a rollback discards it.
  const StatementEffects notify = Of("NOTIFY jobs, 'x'");
  EXPECT_TRUE(notify.Has(EffectKind::kNotify));
  EXPECT_FALSE(notify.HasIrreversibleEffect());
  EXPECT_FALSE(Of("UPDATE t SET a = 1 WHERE id = 2").HasIrreversibleEffect());
}

TEST(StatementEffectsTest, DataHandedOut) {
  EXPECT_TRUE(Of("SELECT * FROM t").HandsDataOut());
  EXPECT_TRUE(Of("DELETE FROM t WHERE id = 1 RETURNING *").HandsDataOut());
  EXPECT_TRUE(Of("COPY (SELECT 1) TO STDOUT").HandsDataOut());
  EXPECT_FALSE(Of("DELETE FROM t WHERE id = 1").HandsDataOut());
  EXPECT_FALSE(Of("INSERT INTO t SELECT * FROM u").HandsDataOut());
}

TEST(StatementEffectsTest, UnparsedStatementIsUnknownCode) {
  const StatementEffects e = ClassifyStatement(sql::Node());
  EXPECT_TRUE(e.Has(EffectKind::kUnknownCode));
  EXPECT_EQ(e.transaction, TransactionUse::kInTransaction);
}

}  // namespace
}  // namespace runwarden::plan
