CREATE TABLE public.tenants (id uuid PRIMARY KEY, name text NOT NULL);
CREATE TABLE public.subscriptions (id bigint PRIMARY KEY, tenant_id uuid NOT NULL REFERENCES public.tenants (id), is_public boolean NOT NULL);
ALTER TABLE public.subscriptions ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_guard ON public.subscriptions USING (tenant_id = NULLIF(current_setting('app.current_tenant_id', true), '')::uuid);
CREATE POLICY public_plans ON public.subscriptions FOR SELECT USING (is_public);
