-- A small multi-tenant support desk, in SQL both SQLite and PostgreSQL read.
CREATE TABLE tenants (id TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE tickets (
  id INTEGER PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants (id),
  subject TEXT NOT NULL,
  status TEXT NOT NULL
);
CREATE TABLE ticket_notes (
  id INTEGER PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants (id),
  ticket_id INTEGER NOT NULL REFERENCES tickets (id),
  body TEXT NOT NULL
);
INSERT INTO tenants VALUES ('t-1', 'Acme'), ('t-2', 'Globex');
INSERT INTO tickets VALUES
  (1, 't-1', 'Login loop', 'open'),
  (2, 't-1', 'Invoice PDF blank', 'open'),
  (3, 't-1', 'Export slow', 'closed'),
  (4, 't-2', 'SSO broken', 'open');
