-- Neither the session role nor any role it belongs to has BYPASSRLS.
GRANT @OTHER@ TO @ROLE@;
