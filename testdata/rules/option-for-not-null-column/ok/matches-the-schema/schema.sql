CREATE TABLE billing (
  id bigserial PRIMARY KEY,
  tenant_id uuid NOT NULL,
  amount_cents bigint NOT NULL,
  currency text NOT NULL DEFAULT 'EUR',
  memo text
);
