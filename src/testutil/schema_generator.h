#ifndef RUNWARDEN_TESTUTIL_SCHEMA_GENERATOR_H_
#define RUNWARDEN_TESTUTIL_SCHEMA_GENERATOR_H_

// A deterministic generator of large pg_dump-style schemas, for tests and
// benchmarks that need the shape of a real application's dump: a tenant
// table, many tenant tables with foreign-key chains, row-level security and
// policies on most of them, views, indexes, sequences, functions, comments
// and grants, in pg_dump's statement order.

#include <cstdint>
#include <string>

namespace runwarden::testutil {

struct GeneratedSchemaOptions {
  int tables = 1000;
  uint32_t seed = 42;
};

inline std::string GenerateDump(const GeneratedSchemaOptions& options) {
  uint32_t state = options.seed;
  auto next = [&state](uint32_t bound) {
    state = state * 1664525u + 1013904223u;
    return (state >> 8) % bound;
  };
  const std::string guard =
      "(tenant_id = NULLIF(current_setting('app.current_tenant_id'::text, true), ''::text)::uuid)";
  std::string out;
  out.reserve(static_cast<size_t>(options.tables) * 2800);
  out +=
      "--\n-- PostgreSQL database dump\n--\n\nSET statement_timeout = 0;\nSET client_encoding = "
      "'UTF8';\n"
      "SELECT pg_catalog.set_config('search_path', '', false);\n\n"
      "CREATE TABLE public.tenants (\n    id uuid DEFAULT gen_random_uuid() NOT NULL,\n"
      "    name text NOT NULL,\n    created_at timestamp with time zone DEFAULT now() NOT "
      "NULL\n);\n\n";
  std::string constraints, indexes, rls, misc;
  for (int i = 0; i < options.tables; ++i) {
    const std::string t = "public.t" + std::to_string(i);
    const bool direct = i < 40 || next(3) != 0;
    out += "CREATE TABLE " + t + " (\n    id bigint NOT NULL,\n";
    if (direct) out += "    tenant_id uuid NOT NULL,\n";
    if (i > 0) out += "    parent_id bigint" + std::string(next(4) == 0 ? "" : " NOT NULL") + ",\n";
    out +=
        "    name character varying(255) NOT NULL,\n    status text DEFAULT 'active'::text NOT "
        "NULL,\n"
        "    amount numeric(12,2),\n    payload jsonb,\n    tags text[],\n"
        "    external_ref character varying(64),\n    metadata jsonb DEFAULT '{}'::jsonb NOT "
        "NULL,\n"
        "    version integer DEFAULT 0 NOT NULL,\n    owner_user_id uuid,\n    notes text,\n"
        "    priority smallint DEFAULT 0 NOT NULL,\n    score double precision,\n"
        "    is_archived boolean DEFAULT false NOT NULL,\n"
        "    locale character varying(16) DEFAULT 'en'::character varying NOT NULL,\n"
        "    valid_during tstzrange,\n    deleted_at timestamp with time zone,\n"
        "    created_at timestamp with time zone DEFAULT now() NOT NULL,\n"
        "    updated_at timestamp with time zone,\n"
        "    CONSTRAINT t" +
        std::to_string(i) +
        "_amount_check CHECK ((amount >= (0)::numeric)),\n"
        "    CONSTRAINT t" +
        std::to_string(i) +
        "_status_check CHECK ((status = ANY (ARRAY["
        "'active'::text, 'archived'::text, 'deleted'::text])))\n);\n\n";
    out += "ALTER TABLE " + t + " OWNER TO app_owner;\n\n";
    out += "CREATE SEQUENCE " + t +
           "_id_seq\n    START WITH 1\n    INCREMENT BY 1\n    NO MINVALUE\n"
           "    NO MAXVALUE\n    CACHE 1;\n\n";
    out += "ALTER SEQUENCE " + t + "_id_seq OWNED BY " + t + ".id;\n\n";
    constraints += "ALTER TABLE ONLY " + t + " ALTER COLUMN id SET DEFAULT nextval('" + t +
                   "_id_seq'::regclass);\n";
    constraints += "ALTER TABLE ONLY " + t + "\n    ADD CONSTRAINT t" + std::to_string(i) +
                   "_pkey PRIMARY KEY (id);\n\n";
    if (direct) {
      constraints += "ALTER TABLE ONLY " + t + "\n    ADD CONSTRAINT t" + std::to_string(i) +
                     "_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id);\n\n";
      indexes += "CREATE INDEX t" + std::to_string(i) + "_tenant_id_idx ON " + t +
                 " USING btree (tenant_id);\n";
    }
    if (i > 0) {
      const int parent = static_cast<int>(next(static_cast<uint32_t>(i)));
      constraints += "ALTER TABLE ONLY " + t + "\n    ADD CONSTRAINT t" + std::to_string(i) +
                     "_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES public.t" +
                     std::to_string(parent) + "(id) ON DELETE CASCADE;\n\n";
    }
    indexes += "CREATE INDEX t" + std::to_string(i) + "_created_idx ON " + t +
               " USING btree (created_at DESC) WHERE (status <> 'deleted'::text);\n";
    indexes += "CREATE INDEX t" + std::to_string(i) + "_payload_idx ON " + t +
               " USING gin (payload jsonb_path_ops);\n";
    indexes += "CREATE INDEX t" + std::to_string(i) + "_tags_idx ON " + t + " USING gin (tags);\n";
    indexes += "CREATE UNIQUE INDEX t" + std::to_string(i) + "_external_ref_key ON " + t +
               " USING btree (external_ref) WHERE (external_ref IS NOT NULL);\n";
    misc += "COMMENT ON COLUMN " + t + ".metadata IS 'free-form attributes set by integrations';\n";
    misc += "COMMENT ON COLUMN " + t +
            ".external_ref IS 'identifier of the row in the billing provider';\n";
    misc += "COMMENT ON COLUMN " + t + ".valid_during IS 'period in which the row is in force';\n";
    misc += "COMMENT ON COLUMN " + t + ".deleted_at IS 'set when the row is soft-deleted';\n";
    if (direct && next(10) != 0) {
      rls += "ALTER TABLE " + t + " ENABLE ROW LEVEL SECURITY;\n";
      if (next(5) != 0) rls += "ALTER TABLE " + t + " FORCE ROW LEVEL SECURITY;\n";
      rls += "CREATE POLICY tenant_guard ON " + t + " AS RESTRICTIVE USING " + guard +
             " WITH CHECK " + guard + ";\n";
      rls += "CREATE POLICY app_access ON " + t + " TO app_user USING (true);\n\n";
    }
    misc += "COMMENT ON TABLE " + t + " IS 'generated table " + std::to_string(i) + "';\n";
    misc += "GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE " + t + " TO app_user;\n";
    if (i % 50 == 0) {
      out +=
          "CREATE FUNCTION public.touch_t" + std::to_string(i) +
          "() RETURNS trigger\n    LANGUAGE plpgsql\n    AS $$\nBEGIN\n  NEW.updated_at := now();\n"
          "  RETURN NEW;\nEND;\n$$;\n\n";
      out += "CREATE VIEW public.v" + std::to_string(i) + " AS\n SELECT id, name\n   FROM " + t +
             "\n  WHERE (status = 'active'::text);\n\n";
      misc += "CREATE TRIGGER t" + std::to_string(i) + "_touch BEFORE UPDATE ON " + t +
              " FOR EACH ROW EXECUTE FUNCTION public.touch_t" + std::to_string(i) + "();\n";
    }
  }
  out += "ALTER TABLE ONLY public.tenants\n    ADD CONSTRAINT tenants_pkey PRIMARY KEY (id);\n\n";
  out += constraints + indexes + "\n" + rls + misc;
  out += "\n--\n-- PostgreSQL database dump complete\n--\n";
  return out;
}

}  // namespace runwarden::testutil

#endif  // RUNWARDEN_TESTUTIL_SCHEMA_GENERATOR_H_
