-- The session role is an ordinary role, a member of an ordinary role.
GRANT @OTHER@ TO @ROLE@;
