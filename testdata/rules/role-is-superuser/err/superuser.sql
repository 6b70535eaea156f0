-- The session role is a superuser.
ALTER ROLE @ROLE@ SUPERUSER;
