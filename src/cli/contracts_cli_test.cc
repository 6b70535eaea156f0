// End-to-end tests of runwarden contracts (and scan --rust) on the fixture
// crate testdata/contracts/billing-service, a sqlx and diesel service with
// known planted mismatches.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "testutil/golden.h"
#include "testutil/rustc.h"

namespace runwarden::cli {
namespace {

namespace fs = std::filesystem;
using testutil::RunRunwarden;

const std::string kCrate = "testdata/contracts/billing-service";
const std::string kArgs = "contracts --rust " + kCrate + " --schema " + kCrate + "/schema.sql";

class ContractsCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("rw_contracts_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_ / "src");
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& content) {
    const fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << content;
    return p.string();
  }

  fs::path dir_;
};

TEST_F(ContractsCliTest, Goldens) {
  auto text = RunRunwarden(kArgs);
  EXPECT_EQ(text.exit_code, 1) << text.err;
  testutil::ExpectGolden("testdata/golden/billing-service.contracts.txt", text.out);
  auto json = RunRunwarden(kArgs + " --format json");
  EXPECT_EQ(json.exit_code, 1) << json.err;
  testutil::ExpectGolden("testdata/golden/billing-service.contracts.json", json.out);
  auto sarif = RunRunwarden(kArgs + " --format sarif");
  EXPECT_EQ(sarif.exit_code, 1) << sarif.err;
  testutil::ExpectGolden("testdata/golden/billing-service.contracts.sarif", sarif.out);
}

TEST_F(ContractsCliTest, FindsThePlantedMismatchesAndNothingElse) {
  auto r = RunRunwarden(kArgs + " --format json");
  ASSERT_EQ(r.exit_code, 1) << r.err;
  // The rule of each entry of "mismatches", in report order.
  const std::string mismatches = r.out.substr(
      r.out.find("\"mismatches\""), r.out.find("\"diagnostics\"") - r.out.find("\"mismatches\""));
  std::string rules;
  for (size_t at = mismatches.find("\"rule\": \""); at != std::string::npos;
       at = mismatches.find("\"rule\": \"", at + 1)) {
    const size_t start = at + 9;
    rules += mismatches.substr(start, mismatches.find('"', start) - start) + "\n";
  }
  // Every finding is one of these mismatches.
  EXPECT_NE(r.out.find("\"diagnostics\""), std::string::npos);
  EXPECT_EQ(rules,
            "option-for-not-null-column\n"       // BillingUpdate.amount_cents: Option<i64>
            "nullable-column-into-non-option\n"  // InvoiceWithPayer.payer_email: LEFT JOIN
            "type-mismatch\n"                    // TenantSummary.tenant_id: String for uuid
            "integer-width-mismatch\n"           // query! "seats!: i16" for integer
            "integer-width-mismatch\n"           // NewInvoice.amount_cents: i32 for bigint
            "nullable-column-into-non-option\n"  // table! users: email is Text, not Nullable
  );
  EXPECT_EQ(r.out.find("unmapped-contract"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("field-without-column"), std::string::npos) << r.out;
}

TEST_F(ContractsCliTest, WritesTheReportToAFile) {
  const std::string out = (dir_ / "report.json").string();
  auto r = RunRunwarden(kArgs + " --format json -o '" + out + "'");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_NE(testutil::ReadFileOrEmpty(out).find("\"phase\": \"contracts\""), std::string::npos);
}

TEST_F(ContractsCliTest, ScanWithRustIncludesTheContractFindings) {
  auto r = RunRunwarden("scan --schema " + kCrate + "/schema.sql --rust " + kCrate);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find("billing.rs:16:9: error[nullable-column-into-non-option]"),
            std::string::npos)
      << r.out;
  auto usage = RunRunwarden("scan --schema " + kCrate + "/schema.sql --binary x");
  EXPECT_EQ(usage.exit_code, 2);
  EXPECT_NE(usage.err.find("--binary and --dialect need --rust"), std::string::npos) << usage.err;
}

TEST_F(ContractsCliTest, MissingCrateIsAnInputError) {
  auto r = RunRunwarden("contracts --rust /nonexistent/crate --schema " + kCrate + "/schema.sql");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("/nonexistent/crate"), std::string::npos) << r.err;
  const std::string empty = (dir_ / "src").string();
  auto none = RunRunwarden("contracts --rust '" + empty + "' --schema " + kCrate + "/schema.sql");
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.err.find("no .rs files found"), std::string::npos) << none.err;
}

TEST_F(ContractsCliTest, UnparseableRustIsAnInputErrorAtItsPosition) {
  Write("src/lib.rs", "#[derive(sqlx::FromRow)]\npub struct Ok { id: i64 }\n\nfn broken( {\n");
  auto r =
      RunRunwarden("contracts --rust '" + dir_.string() + "' --schema " + kCrate + "/schema.sql");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("src/lib.rs:4:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("does not parse"), std::string::npos) << r.err;
  Write("src/lib.rs", std::string("pub struct A { id: i64 }\n\xff\n"));
  auto utf8 =
      RunRunwarden("contracts --rust '" + dir_.string() + "' --schema " + kCrate + "/schema.sql");
  EXPECT_EQ(utf8.exit_code, 2);
  EXPECT_NE(utf8.err.find("src/lib.rs:2:1"), std::string::npos) << utf8.err;
}

TEST_F(ContractsCliTest, BinaryThatIsNotElfIsAnInputError) {
  auto r = RunRunwarden(kArgs + " --binary " + kCrate + "/Cargo.toml");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("Cargo.toml: not an ELF binary"), std::string::npos) << r.err;
  auto missing = RunRunwarden(kArgs + " --binary /nonexistent/app");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("/nonexistent/app: no such file"), std::string::npos) << missing.err;
}

TEST_F(ContractsCliTest, BinaryWithoutTypesSaysHowToRebuild) {
  auto binary =
      testutil::CompileRust(testutil::SourceDir() /
                                "testdata/rules/binary-source-mismatch/ok/built-from-this-source/"
                                "binary.rs",
                            1);
  if (!binary.ok() && binary.status().code() == ErrorCode::kNotFound) {
    GTEST_SKIP() << binary.status().message();
  }
  ASSERT_TRUE(binary.ok()) << binary.status().ToString();
  auto r = RunRunwarden(
      "contracts --rust testdata/rules/binary-source-mismatch/ok/built-from-this-source/crate "
      "--schema " +
      kCrate + "/schema.sql --binary '" + *binary + "'");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("-C debuginfo=2"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace runwarden::cli
