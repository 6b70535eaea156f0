CREATE TABLE audit_events (
  id bigint PRIMARY KEY,
  tenant_id uuid NOT NULL,
  actor text NOT NULL,
  action text NOT NULL,
  city text,
  zip text
);
