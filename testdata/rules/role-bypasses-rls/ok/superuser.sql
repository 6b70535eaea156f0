-- A superuser bypasses RLS too, but that is role-is-superuser's finding.
ALTER ROLE @ROLE@ SUPERUSER;
