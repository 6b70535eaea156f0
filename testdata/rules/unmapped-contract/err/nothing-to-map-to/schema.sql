CREATE TABLE tenants (
  id uuid PRIMARY KEY,
  name text NOT NULL
);
CREATE TABLE invoices (
  id bigint PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id)
);
CREATE TABLE categories (
  id bigint PRIMARY KEY,
  label text NOT NULL
);
