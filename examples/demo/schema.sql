-- Ledgerly: a multi-tenant billing SaaS on SQLite (runwarden's embedded default).
-- Every customer organisation is a row of orgs. Tenant data carries the org's id
-- as tenant_id or org_id, or reaches it through foreign keys. Two tables are
-- shared by every tenant on purpose: audit_logs and system_config.
-- The DDL is read by SQLite and by PostgreSQL's grammar alike.

CREATE TABLE orgs (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  plan TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES orgs (id),
  email TEXT NOT NULL,
  display_name TEXT,
  role TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE teams (
  id INTEGER PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES orgs (id),
  name TEXT NOT NULL
);

-- No tenant column: a membership belongs to the org of its team.
CREATE TABLE team_members (
  team_id INTEGER NOT NULL REFERENCES teams (id),
  user_id INTEGER NOT NULL REFERENCES users (id),
  PRIMARY KEY (team_id, user_id)
);

-- No tenant column: a session belongs to the org of its user.
CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id),
  ip TEXT,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);

CREATE TABLE api_keys (
  id INTEGER PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES orgs (id),
  name TEXT NOT NULL,
  prefix TEXT NOT NULL,
  created_by INTEGER REFERENCES users (id),
  revoked_at TEXT
);

CREATE TABLE subscriptions (
  id INTEGER PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES orgs (id),
  plan TEXT NOT NULL,
  seats INTEGER NOT NULL,
  status TEXT NOT NULL,
  renews_on TEXT NOT NULL
);

CREATE TABLE invoices (
  id INTEGER PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES orgs (id),
  number TEXT NOT NULL,
  status TEXT NOT NULL,
  total_cents INTEGER NOT NULL,
  issued_on TEXT NOT NULL
);

-- No tenant column: a line belongs to the org of its invoice.
CREATE TABLE invoice_lines (
  id INTEGER PRIMARY KEY,
  invoice_id INTEGER NOT NULL REFERENCES invoices (id),
  description TEXT NOT NULL,
  amount_cents INTEGER NOT NULL
);

CREATE TABLE payment_methods (
  id INTEGER PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES orgs (id),
  brand TEXT NOT NULL,
  last4 TEXT NOT NULL,
  expires_on TEXT NOT NULL
);

CREATE TABLE usage_events (
  id INTEGER PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES orgs (id),
  metric TEXT NOT NULL,
  quantity INTEGER NOT NULL,
  occurred_at TEXT NOT NULL
);

-- Every charge, refund and correction, in cents. amount is NOT NULL: a row
-- without an amount would make the ledger unbalanced.
CREATE TABLE billing_history (
  id INTEGER PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES orgs (id),
  invoice_id INTEGER REFERENCES invoices (id),
  batch TEXT NOT NULL,
  kind TEXT NOT NULL,
  amount INTEGER NOT NULL,
  status TEXT NOT NULL,
  note TEXT,
  recorded_at TEXT NOT NULL
);

-- Shared by every tenant on purpose (no tenant key): the platform's own log.
CREATE TABLE audit_logs (
  id INTEGER PRIMARY KEY,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  detail TEXT NOT NULL,
  created_at TEXT NOT NULL
);

-- Shared by every tenant on purpose: platform settings (declared global in runwarden.toml).
CREATE TABLE system_config (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
