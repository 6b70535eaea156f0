CREATE TABLE tenants (
  id uuid PRIMARY KEY,
  name text NOT NULL
);

CREATE TABLE users (
  id bigint PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  email text
);

CREATE TABLE invoices (
  id bigint PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  user_id bigint REFERENCES users (id),
  amount_cents bigint NOT NULL,
  memo text,
  issued_at timestamp with time zone NOT NULL
);

CREATE TABLE billing (
  tenant_id uuid PRIMARY KEY REFERENCES tenants (id),
  amount_cents bigint NOT NULL,
  seats integer NOT NULL
);
