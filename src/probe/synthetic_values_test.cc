#include "probe/synthetic_values.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>

namespace runwarden::probe {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::MatchesRegex;
using ::testing::Optional;
using ::testing::Pair;

class ValueMakerTest : public ::testing::Test {
 protected:
  ValueMakerTest() : values_(schema_, 42) {
    schema::EnumType mood{{"public", "mood"}, {"sad", "ok"}};
    schema_.enums[mood.name] = mood;
  }
  schema::Schema schema_;
  ValueMaker values_;
};

TEST_F(ValueMakerTest, MakesValuesOfCommonTypes) {
  EXPECT_THAT(values_.Make("uuid", Distinct::kUnique),
              Optional(MatchesRegex(
                  "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")));
  EXPECT_EQ(values_.Make("text", Distinct::kAny), "rw-probe");
  EXPECT_THAT(values_.Make("text", Distinct::kUnique),
              Optional(MatchesRegex("rw-probe-[0-9a-f]{12}")));
  EXPECT_THAT(values_.Make("character varying(20)", Distinct::kUnique),
              Optional(MatchesRegex("[0-9a-f]{20}")));
  EXPECT_EQ(values_.Make("character varying(4)", Distinct::kAny), "rw-p");
  EXPECT_THAT(values_.Make("character(1)", Distinct::kUnique), Optional(MatchesRegex("[0-9a-f]")));
  EXPECT_THAT(values_.Make("integer", Distinct::kAny), Optional(MatchesRegex("[0-9]{1,4}")));
  EXPECT_THAT(values_.Make("bigint", Distinct::kUnique), Optional(MatchesRegex("[4-9][0-9]{18}")));
  EXPECT_THAT(values_.Make("smallint", Distinct::kUnique), Optional(MatchesRegex("[23][0-9]{4}")));
  EXPECT_EQ(values_.Make("numeric(10,2)", Distinct::kAny), "1");
  EXPECT_EQ(values_.Make("numeric(2,2)", Distinct::kAny), "0");
  EXPECT_EQ(values_.Make("boolean", Distinct::kAny), "false");
  EXPECT_EQ(values_.Make("date", Distinct::kAny), "2000-01-01");
  EXPECT_THAT(values_.Make("date", Distinct::kUnique),
              Optional(MatchesRegex("19[0-9]{2}-[01][0-9]-[0-2][0-9]")));
  EXPECT_EQ(values_.Make("timestamp(3) with time zone", Distinct::kAny), "2000-01-01 00:00:00");
  EXPECT_EQ(values_.Make("jsonb", Distinct::kAny), "{}");
  EXPECT_EQ(values_.Make("text[]", Distinct::kAny), "{}");
  EXPECT_EQ(values_.Make("public.mood", Distinct::kAny), "sad");
  EXPECT_EQ(values_.Make("public.unknown_domain", Distinct::kAny), std::nullopt);
  EXPECT_EQ(values_.Make("tsrange", Distinct::kAny), std::nullopt);
}

TEST_F(ValueMakerTest, TenantIds) {
  EXPECT_THAT(values_.TenantId("uuid"), Optional(MatchesRegex("[0-9a-f-]{36}")));
  EXPECT_THAT(values_.TenantId("text"), Optional(MatchesRegex("rw-probe-tenant-[0-9a-f]{4}")));
  EXPECT_THAT(values_.TenantId("bigint"), Optional(MatchesRegex("[0-9]{19}")));
  EXPECT_EQ(values_.TenantId("jsonb"), std::nullopt);
  EXPECT_NE(values_.TenantId("uuid"), values_.TenantId("uuid"));
}

TEST(DefaultIsSafeTest, OnlyDefaultsWithoutLastingEffects) {
  for (const char* safe : {"now()", "'open'::public.invoice_status", "gen_random_uuid()",
                           "'{}'::jsonb", "CURRENT_TIMESTAMP", "0", "false",
                           "(NULLIF(current_setting('app.current_tenant_id'::text, true), "
                           "''::text))::uuid",
                           "(now() + '1 day'::interval)"}) {
    EXPECT_TRUE(DefaultIsSafe(safe)) << safe;
  }
  for (const char* unsafe : {"nextval('public.orders_id_seq'::regclass)",
                             "('INV-'::text || nextval('public.invoice_no'::regclass))",
                             "public.next_invoice_number()", "app.uuid_generate_v4()",
                             "(SELECT max(id) + 1 FROM public.orders)", "not an expression ("}) {
    EXPECT_FALSE(DefaultIsSafe(unsafe)) << unsafe;
  }
}

TEST(PartitionBoundValuesTest, LowerRangeBoundAndFirstListValue) {
  EXPECT_THAT(PartitionBoundValues("RANGE (recorded_on)",
                                   "FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')"),
              ElementsAre(Pair("recorded_on", Optional(std::string("2026-01-01")))));
  EXPECT_THAT(
      PartitionBoundValues("RANGE (a, \"B c\")", "FOR VALUES FROM (1, 'x') TO (5, 'y')"),
      ElementsAre(Pair("B c", Optional(std::string("x"))), Pair("a", Optional(std::string("1")))));
  EXPECT_THAT(PartitionBoundValues("LIST (region)", "FOR VALUES IN ('eu', 'us')"),
              ElementsAre(Pair("region", Optional(std::string("eu")))));
  EXPECT_THAT(PartitionBoundValues("LIST (region)", "FOR VALUES IN (NULL)"),
              ElementsAre(Pair("region", std::nullopt)));
  EXPECT_THAT(PartitionBoundValues("RANGE (d)", "DEFAULT"), IsEmpty());
  EXPECT_THAT(PartitionBoundValues("HASH (id)", "FOR VALUES WITH (modulus 2, remainder 0)"),
              IsEmpty());
  EXPECT_THAT(PartitionBoundValues("RANGE (d)", "FOR VALUES FROM (MINVALUE) TO ('2020-01-01')"),
              IsEmpty());
  EXPECT_THAT(PartitionBoundValues("RANGE (lower(name))", "FOR VALUES FROM ('a') TO ('m')"),
              IsEmpty());
  EXPECT_THAT(PartitionBoundValues("RANGE (n)", "FOR VALUES FROM ('-5') TO (5)"),
              ElementsAre(Pair("n", Optional(std::string("-5")))));
}

}  // namespace
}  // namespace runwarden::probe
