-- The session role has BYPASSRLS itself.
ALTER ROLE @ROLE@ BYPASSRLS;
