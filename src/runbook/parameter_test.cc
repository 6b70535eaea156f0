#include "runbook/parameter.h"

#include <gtest/gtest.h>

namespace runwarden::runbook {
namespace {

Parameter Param(ParamType type) {
  Parameter p;
  p.name = "P";
  p.type = type;
  return p;
}

TEST(ParameterTest, ValidatesTypes) {
  EXPECT_TRUE(ValidateValue(Param(ParamType::kUuid), "1b4e28ba-2fa1-11d2-883f-0016d3cca427").ok());
  EXPECT_FALSE(ValidateValue(Param(ParamType::kUuid), "1b4e28ba").ok());
  EXPECT_FALSE(ValidateValue(Param(ParamType::kUuid), "'; DROP TABLE t; --").ok());
  EXPECT_TRUE(ValidateValue(Param(ParamType::kInt), "-42").ok());
  EXPECT_FALSE(ValidateValue(Param(ParamType::kInt), "3000000000").ok());
  EXPECT_TRUE(ValidateValue(Param(ParamType::kBigint), "3000000000").ok());
  EXPECT_FALSE(ValidateValue(Param(ParamType::kBigint), "1e3").ok());
  EXPECT_TRUE(ValidateValue(Param(ParamType::kBool), "TRUE").ok());
  EXPECT_FALSE(ValidateValue(Param(ParamType::kBool), "1").ok());
  EXPECT_TRUE(ValidateValue(Param(ParamType::kIdentifier), "audit_events").ok());
  EXPECT_FALSE(ValidateValue(Param(ParamType::kIdentifier), "audit events").ok());
  EXPECT_FALSE(ValidateValue(Param(ParamType::kIdentifier), "x\"; DROP").ok());
  EXPECT_TRUE(ValidateValue(Param(ParamType::kDuration), "1h30m").ok());
  EXPECT_FALSE(ValidateValue(Param(ParamType::kText), std::string("a\0b", 3)).ok());
}

TEST(ParameterTest, EnumAndPattern) {
  Parameter p = Param(ParamType::kEnum);
  p.enum_values = {"aws", "gcp"};
  EXPECT_TRUE(ValidateValue(p, "gcp").ok());
  Status s = ValidateValue(p, "azure");
  EXPECT_EQ(s.message(), "parameter P: 'azure' is not one of: aws, gcp");
  Parameter t = Param(ParamType::kText);
  t.pattern = "^[a-z]+-[0-9]+$";
  EXPECT_TRUE(ValidateValue(t, "inc-42").ok());
  EXPECT_FALSE(ValidateValue(t, "INC-42").ok());
  EXPECT_FALSE(ValidateValue(t, std::string(10000, 'a')).ok());
}

TEST(ParameterTest, SecretValuesAreNeverEchoed) {
  Parameter p = Param(ParamType::kInt);
  p.secret = true;
  Status s = ValidateValue(p, "hunter2");
  EXPECT_EQ(s.message().find("hunter2"), std::string::npos);
}

TEST(ParameterTest, EnvVarNamesAndInference) {
  EXPECT_EQ(EnvVarName("tenant_id"), "RUNWARDEN_PARAM_TENANT_ID");
  EXPECT_EQ(EnvVarName("a-b"), "RUNWARDEN_PARAM_A_B");
  EXPECT_EQ(InferType("TENANT_ID"), ParamType::kUuid);
  EXPECT_EQ(InferType("UUID"), ParamType::kUuid);
  EXPECT_EQ(InferType("REASON"), ParamType::kText);
  EXPECT_EQ(InferType("PAID"), ParamType::kText);
}

TEST(ParameterTest, Durations) {
  EXPECT_EQ(ParseDuration("500ms")->count(), 500);
  EXPECT_EQ(ParseDuration("1h30m")->count(), 5'400'000);
  EXPECT_FALSE(ParseDuration("30"));
  EXPECT_FALSE(ParseDuration("5 weeks"));
  EXPECT_EQ(FormatDuration(std::chrono::milliseconds(90'500)), "1m30s500ms");
  EXPECT_EQ(ParseParamType("Integer"), ParamType::kInt);
  EXPECT_FALSE(ParseParamType("uuidd"));
}

}  // namespace
}  // namespace runwarden::runbook
