-- Three customer organisations of Ledgerly, with fixed ids so that every run of
-- the demo shows the same rows. On 2026-12-01 the November usage batch was
-- retried after a timeout and charged Acme and Globex a second time
-- (batch usage-2026-11-retry); Initech's retry failed before it charged.

INSERT INTO orgs (id, name, plan, created_at) VALUES
  ('3f6c1a2e-8b4d-4c1f-9a7e-0d5b2c8e1f40', 'Acme Corp', 'business', '2024-03-02T09:00:00Z'),
  ('9b2e7d41-5c3a-4e8f-b1d6-7a0c4f2e9d83', 'Globex', 'enterprise', '2023-11-15T14:30:00Z'),
  ('c47a0e95-2f1b-4d6c-8e3a-5b9d1f7c0a26', 'Initech', 'starter', '2025-06-20T08:15:00Z');

INSERT INTO users (id, org_id, email, display_name, role, created_at) VALUES
  (1, '3f6c1a2e-8b4d-4c1f-9a7e-0d5b2c8e1f40', 'wile@acme.example', 'Wile E.', 'billing-admin', '2024-03-02T09:05:00Z'),
  (2, '3f6c1a2e-8b4d-4c1f-9a7e-0d5b2c8e1f40', 'road@acme.example', NULL, 'member', '2024-04-11T10:00:00Z'),
  (3, '9b2e7d41-5c3a-4e8f-b1d6-7a0c4f2e9d83', 'hank@globex.example', 'Hank Scorpio', 'billing-admin', '2023-11-15T14:35:00Z'),
  (4, '9b2e7d41-5c3a-4e8f-b1d6-7a0c4f2e9d83', 'frank@globex.example', 'Frank', 'member', '2024-01-08T16:20:00Z'),
  (5, 'c47a0e95-2f1b-4d6c-8e3a-5b9d1f7c0a26', 'bill@initech.example', 'Bill Lumbergh', 'billing-admin', '2025-06-20T08:20:00Z');

INSERT INTO teams (id, org_id, name) VALUES
  (1, '3f6c1a2e-8b4d-4c1f-9a7e-0d5b2c8e1f40', 'Finance'),
  (2, '9b2e7d41-5c3a-4e8f-b1d6-7a0c4f2e9d83', 'Operations'),
  (3, 'c47a0e95-2f1b-4d6c-8e3a-5b9d1f7c0a26', 'TPS');

INSERT INTO team_members (team_id, user_id) VALUES (1, 1), (1, 2), (2, 3), (2, 4), (3, 5);

INSERT INTO sessions (id, user_id, ip, created_at, expires_at) VALUES
  ('s-acme-1', 1, '203.0.113.10', '2026-12-01T08:00:00Z', '2026-12-01T20:00:00Z'),
  ('s-globex-1', 3, '198.51.100.7', '2026-12-01T09:30:00Z', '2026-12-01T21:30:00Z'),
  ('s-initech-1', 5, NULL, '2026-12-01T07:45:00Z', '2026-12-01T19:45:00Z');

INSERT INTO api_keys (id, org_id, name, prefix, created_by, revoked_at) VALUES
  (1, '3f6c1a2e-8b4d-4c1f-9a7e-0d5b2c8e1f40', 'erp-sync', 'lk_acme_7f3a', 1, NULL),
  (2, '9b2e7d41-5c3a-4e8f-b1d6-7a0c4f2e9d83', 'warehouse', 'lk_glbx_c210', 3, NULL),
  (3, 'c47a0e95-2f1b-4d6c-8e3a-5b9d1f7c0a26', 'legacy', 'lk_init_09be', 5, '2026-02-01T00:00:00Z');

INSERT INTO subscriptions (id, tenant_id, plan, seats, status, renews_on) VALUES
  (1, '3f6c1a2e-8b4d-4c1f-9a7e-0d5b2c8e1f40', 'business', 25, 'active', '2027-03-02'),
  (2, '9b2e7d41-5c3a-4e8f-b1d6-7a0c4f2e9d83', 'enterprise', 400, 'active', '2026-11-15'),
  (3, 'c47a0e95-2f1b-4d6c-8e3a-5b9d1f7c0a26', 'starter', 5, 'active', '2026-06-20');

INSERT INTO invoices (id, tenant_id, number, status, total_cents, issued_on) VALUES
  (101, '3f6c1a2e-8b4d-4c1f-9a7e-0d5b2c8e1f40', 'ACME-2026-11', 'open', 64800, '2026-12-01'),
  (102, '9b2e7d41-5c3a-4e8f-b1d6-7a0c4f2e9d83', 'GLBX-2026-11', 'open', 1190000, '2026-12-01'),
  (103, 'c47a0e95-2f1b-4d6c-8e3a-5b9d1f7c0a26', 'INIT-2026-11', 'open', 4900, '2026-12-01');

INSERT INTO invoice_lines (id, invoice_id, description, amount_cents) VALUES
  (1, 101, 'Business plan, 25 seats', 37500),
  (2, 101, 'Usage: API calls, November', 13650),
  (3, 101, 'Usage: API calls, November (retry)', 13650),
  (4, 102, 'Enterprise plan, 400 seats', 1000000),
  (5, 102, 'Usage: API calls, November', 95000),
  (6, 102, 'Usage: API calls, November (retry)', 95000),
  (7, 103, 'Starter plan, 5 seats', 4900);

INSERT INTO payment_methods (id, tenant_id, brand, last4, expires_on) VALUES
  (1, '3f6c1a2e-8b4d-4c1f-9a7e-0d5b2c8e1f40', 'visa', '4242', '2028-09'),
  (2, '9b2e7d41-5c3a-4e8f-b1d6-7a0c4f2e9d83', 'amex', '0005', '2027-04'),
  (3, 'c47a0e95-2f1b-4d6c-8e3a-5b9d1f7c0a26', 'mastercard', '4444', '2026-12');

INSERT INTO usage_events (id, tenant_id, metric, quantity, occurred_at) VALUES
  (1, '3f6c1a2e-8b4d-4c1f-9a7e-0d5b2c8e1f40', 'api_calls', 1365000, '2026-11-30T23:59:59Z'),
  (2, '9b2e7d41-5c3a-4e8f-b1d6-7a0c4f2e9d83', 'api_calls', 9500000, '2026-11-30T23:59:59Z'),
  (3, 'c47a0e95-2f1b-4d6c-8e3a-5b9d1f7c0a26', 'api_calls', 41000, '2026-11-30T23:59:59Z');

INSERT INTO billing_history (id, tenant_id, invoice_id, batch, kind, amount, status, note, recorded_at) VALUES
  (1, '3f6c1a2e-8b4d-4c1f-9a7e-0d5b2c8e1f40', 101, 'plan-2026-11', 'charge', 37500, 'charged', NULL, '2026-12-01T02:00:00Z'),
  (2, '3f6c1a2e-8b4d-4c1f-9a7e-0d5b2c8e1f40', 101, 'usage-2026-11', 'charge', 13650, 'charged', NULL, '2026-12-01T02:00:05Z'),
  (3, '3f6c1a2e-8b4d-4c1f-9a7e-0d5b2c8e1f40', 101, 'usage-2026-11-retry', 'charge', 13650, 'charged', NULL, '2026-12-01T02:31:12Z'),
  (4, '3f6c1a2e-8b4d-4c1f-9a7e-0d5b2c8e1f40', 101, 'usage-2026-11-retry', 'tax', 2730, 'charged', NULL, '2026-12-01T02:31:12Z'),
  (5, '9b2e7d41-5c3a-4e8f-b1d6-7a0c4f2e9d83', 102, 'plan-2026-11', 'charge', 1000000, 'charged', NULL, '2026-12-01T02:00:01Z'),
  (6, '9b2e7d41-5c3a-4e8f-b1d6-7a0c4f2e9d83', 102, 'usage-2026-11', 'charge', 95000, 'charged', NULL, '2026-12-01T02:00:06Z'),
  (7, '9b2e7d41-5c3a-4e8f-b1d6-7a0c4f2e9d83', 102, 'usage-2026-11-retry', 'charge', 95000, 'charged', NULL, '2026-12-01T02:31:14Z'),
  (8, '9b2e7d41-5c3a-4e8f-b1d6-7a0c4f2e9d83', 102, 'usage-2026-11-retry', 'tax', 19000, 'charged', NULL, '2026-12-01T02:31:14Z'),
  (9, 'c47a0e95-2f1b-4d6c-8e3a-5b9d1f7c0a26', 103, 'plan-2026-11', 'charge', 4900, 'charged', NULL, '2026-12-01T02:00:02Z');

INSERT INTO audit_logs (id, actor, action, detail, created_at) VALUES
  (1, 'billing-worker', 'batch.retry', 'usage-2026-11 retried after a timeout', '2026-12-01T02:31:10Z');

INSERT INTO system_config (key, value) VALUES
  ('billing.currency', 'USD'),
  ('billing.retry_batches', 'true');
