-- The session role is a member of a superuser role: it can SET ROLE to it.
ALTER ROLE @OTHER@ SUPERUSER NOLOGIN;
GRANT @OTHER@ TO @ROLE@;
