CREATE TABLE usage_counters (
  id bigint PRIMARY KEY,
  day date NOT NULL,
  requests integer NOT NULL,
  errors smallint NOT NULL,
  bytes bigint NOT NULL
);
