CREATE TABLE public.tenants (id uuid PRIMARY KEY, name text NOT NULL);
CREATE TABLE public.orders (id bigint PRIMARY KEY, tenant_id uuid NOT NULL REFERENCES public.tenants (id));
-- Holds user ids but belongs to no tenant: high risk.
CREATE TABLE public.audit_logs (id bigint PRIMARY KEY, actor_user_id uuid, action text NOT NULL);
-- No tenant key and nothing pointing at users: medium risk.
CREATE TABLE public.system_config (key text PRIMARY KEY, value text NOT NULL);
