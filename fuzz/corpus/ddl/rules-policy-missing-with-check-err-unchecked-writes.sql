CREATE TABLE public.tenants (id uuid PRIMARY KEY, name text NOT NULL);
CREATE TABLE public.webhooks (id bigint PRIMARY KEY, tenant_id uuid NOT NULL REFERENCES public.tenants (id), url text);
ALTER TABLE public.webhooks ENABLE ROW LEVEL SECURITY;
CREATE POLICY read_own ON public.webhooks FOR SELECT USING (tenant_id = NULLIF(current_setting('app.current_tenant_id', true), '')::uuid);
CREATE POLICY add_any ON public.webhooks FOR INSERT;
CREATE POLICY move_any ON public.webhooks FOR UPDATE USING (tenant_id = NULLIF(current_setting('app.current_tenant_id', true), '')::uuid) WITH CHECK (url IS NOT NULL);
