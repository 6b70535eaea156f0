CREATE TABLE api_keys (
  id bigint PRIMARY KEY,
  tenant_id uuid NOT NULL,
  secret_hash text NOT NULL,
  expires_at timestamp with time zone
);
