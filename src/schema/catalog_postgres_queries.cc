// The SQL of the PostgreSQL catalog read. Every query after the first two
// runs with search_path = pg_catalog, pg_temp, so catalog names need no
// qualification and a user object cannot shadow them; the first two qualify
// everything because they run before the search path is set.
//
// Each query returns one row per object with the owning relation's oid first
// (text), so the reader can attach rows to tables without joins in C++.
// Column orders are fixed: catalog_postgres.cc reads them by position, and
// the k*Column constants there must match.

#include <string>

#include "schema/catalog_postgres.h"

namespace runwarden::schema {

namespace {

// A user namespace: not a system schema, not a temporary or TOAST one.
std::string UserNamespace(const std::string& n) {
  return n + ".nspname <> ALL (ARRAY['pg_catalog', 'information_schema']) AND " + n +
         ".nspname !~ '^pg_(toast|temp_)'";
}

// Not created by an extension (pg_dump leaves these out too).
std::string NotExtensionMember(const std::string& catalog, const std::string& oid) {
  return "NOT EXISTS (SELECT FROM pg_depend e WHERE e.classid = '" + catalog +
         "'::regclass AND e.objid = " + oid + " AND e.deptype = 'e')";
}

// A user table (plain, partitioned or foreign) called c in namespace n.
std::string UserTable() {
  return "c.relkind IN ('r', 'p', 'f') AND " + UserNamespace("n") + " AND " +
         NotExtensionMember("pg_class", "c.oid");
}

// PostgreSQL 16 moved inheritance from the member's INHERIT attribute to
// each grant.
std::string InheritsThrough(int major, const std::string& grant, const std::string& member) {
  return major >= 16 ? grant + ".inherit_option" : member + ".rolinherit";
}

// PostgreSQL 16 also lets a grant withhold SET ROLE.
std::string CanSetRole(int major, const std::string& grant) {
  return major >= 16 ? grant + ".set_option" : "true";
}

std::string SessionRoleQuery(int major) {
  return R"(WITH RECURSIVE
  me AS (SELECT oid, rolname, rolsuper, rolbypassrls, rolinherit FROM pg_roles
         WHERE rolname = current_user),
  reach (roleid, path) AS (
    SELECT m.roleid, ARRAY[m.roleid] FROM pg_auth_members m JOIN me ON m.member = me.oid
    WHERE )" +
         CanSetRole(major, "m") + R"(
    UNION ALL
    SELECT m.roleid, r.path || m.roleid FROM reach r JOIN pg_auth_members m ON m.member = r.roleid
    WHERE )" +
         CanSetRole(major, "m") + R"( AND m.roleid <> ALL (r.path)),
  inherits (roleid, depth, path) AS (
    SELECT m.roleid, 1, ARRAY[m.roleid] FROM pg_auth_members m JOIN me ON m.member = me.oid
    WHERE )" +
         InheritsThrough(major, "m", "me") + R"(
    UNION ALL
    SELECT m.roleid, i.depth + 1, i.path || m.roleid
    FROM inherits i JOIN pg_auth_members m ON m.member = i.roleid
    JOIN pg_roles ir ON ir.oid = i.roleid
    WHERE )" +
         InheritsThrough(major, "m", "ir") + R"( AND m.roleid <> ALL (i.path))
SELECT me.rolname,
       me.rolsuper OR EXISTS (SELECT FROM reach JOIN pg_roles r ON r.oid = reach.roleid
                              WHERE r.rolsuper),
       me.rolbypassrls OR EXISTS (SELECT FROM reach JOIN pg_roles r ON r.oid = reach.roleid
                                  WHERE r.rolbypassrls),
       ARRAY(SELECT r.rolname FROM (SELECT roleid, min(depth) AS depth FROM inherits
                                    GROUP BY roleid) i
             JOIN pg_roles r ON r.oid = i.roleid ORDER BY i.depth, r.rolname),
       EXISTS (SELECT FROM pg_extension WHERE extname = 'citus')
FROM me)";
}

}  // namespace

std::vector<CatalogQuery> PostgresCatalogQueries(int server_major) {
  std::vector<CatalogQuery> q;
  q.push_back({"search path",
               "SELECT pg_catalog.current_schemas(false), "
               "pg_catalog.current_setting('search_path')"});
  q.push_back({"set search path",
               "SELECT pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true)"});
  q.push_back({"session role", SessionRoleQuery(server_major)});
  q.push_back(
      {"roles", R"(SELECT r.rolname, r.rolsuper, r.rolbypassrls, r.rolcanlogin, r.rolinherit,
       ARRAY(SELECT DISTINCT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
             WHERE m.member = r.oid ORDER BY 1)
FROM pg_roles r WHERE r.rolname !~ '^pg_' ORDER BY 1)"});
  q.push_back({"tables", R"(SELECT c.oid, n.nspname, c.relname, c.relkind, c.relrowsecurity,
       c.relforcerowsecurity, pg_get_userbyid(c.relowner),
       CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END, pn.nspname, pc.relname,
       CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_inherits i ON c.relispartition AND i.inhrelid = c.oid
LEFT JOIN pg_class pc ON pc.oid = i.inhparent
LEFT JOIN pg_namespace pn ON pn.oid = pc.relnamespace
WHERE )" + UserTable()});
  q.push_back({"columns",
               R"(SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
       CASE WHEN a.attgenerated = '' THEN pg_get_expr(d.adbin, d.adrelid) END,
       a.attidentity, a.attgenerated <> ''
FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE a.attnum > 0 AND NOT a.attisdropped AND )" +
                   UserTable() + R"(
ORDER BY a.attrelid, a.attnum)"});
  q.push_back({"constraints", R"(SELECT k.conrelid, k.conname, k.contype,
       ARRAY(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY u(attnum, ord)
             JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum
             ORDER BY u.ord),
       fn.nspname, fc.relname,
       ARRAY(SELECT a.attname FROM unnest(k.confkey) WITH ORDINALITY u(attnum, ord)
             JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.attnum
             ORDER BY u.ord)
FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_class fc ON fc.oid = k.confrelid
LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
WHERE k.contype IN ('p', 'u', 'f') AND )" +
                                  UserTable() + R"(
  AND NOT EXISTS (SELECT FROM pg_constraint pk
                  WHERE pk.oid = k.conparentid AND pk.conrelid = k.conrelid)
ORDER BY k.conrelid, k.conname)"});
  q.push_back({"indexes", R"(SELECT i.indrelid, ic.relname, i.indisunique,
       ARRAY(SELECT CASE WHEN i.indkey[k] <> 0
                         THEN (SELECT a.attname FROM pg_attribute a
                               WHERE a.attrelid = i.indrelid AND a.attnum = i.indkey[k])
                         ELSE pg_get_indexdef(i.indexrelid, k + 1, false) END
             FROM generate_series(0, i.indnkeyatts - 1) k ORDER BY k),
       pg_get_expr(i.indpred, i.indrelid)
FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE )" + UserTable() + R"(
  AND NOT EXISTS (SELECT FROM pg_constraint k WHERE k.conindid = i.indexrelid
                  AND k.conrelid = i.indrelid AND k.contype IN ('p', 'u', 'x'))
ORDER BY i.indrelid, ic.relname)"});
  q.push_back({"policies", R"(SELECT p.polrelid, p.polname, p.polcmd, p.polpermissive,
       0 = ANY (p.polroles),
       ARRAY(SELECT pg_get_userbyid(r) FROM unnest(p.polroles) r WHERE r <> 0 ORDER BY 1),
       pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid)
FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE )" + UserTable() + R"(
ORDER BY p.polrelid, p.polname)"});
  q.push_back({"views", R"(SELECT n.nspname, c.relname, c.relkind = 'm', pg_get_viewdef(c.oid),
       pg_get_userbyid(c.relowner),
       COALESCE((SELECT o.option_value::boolean FROM pg_options_to_table(c.reloptions) o
                 WHERE o.option_name = 'security_invoker'), false)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('v', 'm') AND )" +
                            UserNamespace("n") + " AND " +
                            NotExtensionMember("pg_class", "c.oid")});
  q.push_back({"enums", R"(SELECT n.nspname, t.typname,
       ARRAY(SELECT e.enumlabel FROM pg_enum e WHERE e.enumtypid = t.oid
             ORDER BY e.enumsortorder)
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE t.typtype = 'e' AND )" +
                            UserNamespace("n") + " AND " + NotExtensionMember("pg_type", "t.oid")});
  return q;
}

std::string_view CitusDistributionQuery() {
  return "SELECT p.logicalrelid::pg_catalog.oid, "
         "pg_catalog.column_to_column_name(p.logicalrelid, p.partkey) "
         "FROM pg_catalog.pg_dist_partition p WHERE p.partkey IS NOT NULL";
}

}  // namespace runwarden::schema
