-- runwarden fixture roles (pg_dumpall --roles-only style) for holes.sql and
-- clean.sql: roles belong to the cluster, not to a database, so tests create
-- them once per server (scripts/with-postgres.sh starts a throwaway one).
--
--   rw_fixture_owner   owns the fixture tables; cannot log in
--   rw_fixture_app     the application role the probe runs as
--   rw_fixture_bypass  an application role with BYPASSRLS (a hole)

CREATE ROLE rw_fixture_owner;
ALTER ROLE rw_fixture_owner WITH NOSUPERUSER INHERIT NOCREATEROLE NOCREATEDB NOLOGIN NOREPLICATION NOBYPASSRLS;
CREATE ROLE rw_fixture_app;
ALTER ROLE rw_fixture_app WITH NOSUPERUSER INHERIT NOCREATEROLE NOCREATEDB LOGIN NOREPLICATION NOBYPASSRLS;
CREATE ROLE rw_fixture_bypass;
ALTER ROLE rw_fixture_bypass WITH NOSUPERUSER INHERIT NOCREATEROLE NOCREATEDB LOGIN NOREPLICATION BYPASSRLS;
