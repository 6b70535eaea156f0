CREATE TABLE public.tenants (id uuid PRIMARY KEY, name text NOT NULL);
CREATE TABLE public.webhooks (id bigint PRIMARY KEY, tenant_id uuid NOT NULL REFERENCES public.tenants (id), url text);
ALTER TABLE public.webhooks ENABLE ROW LEVEL SECURITY;
-- ALL without WITH CHECK: USING checks new rows too.
CREATE POLICY tenant_guard ON public.webhooks USING (tenant_id = NULLIF(current_setting('app.current_tenant_id', true), '')::uuid);
CREATE TABLE public.exports (id bigint PRIMARY KEY, tenant_id uuid NOT NULL REFERENCES public.tenants (id));
ALTER TABLE public.exports ENABLE ROW LEVEL SECURITY;
CREATE POLICY add_any ON public.exports FOR INSERT WITH CHECK (true);
CREATE POLICY tenant_check ON public.exports AS RESTRICTIVE FOR INSERT WITH CHECK (tenant_id = NULLIF(current_setting('app.current_tenant_id', true), '')::uuid);
