CREATE TABLE public.tenants (id uuid PRIMARY KEY, name text NOT NULL);
CREATE TABLE public.api_keys (id bigint PRIMARY KEY, tenant_id uuid NOT NULL REFERENCES public.tenants (id));
ALTER TABLE public.api_keys ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_guard ON public.api_keys AS RESTRICTIVE USING (tenant_id = NULLIF(current_setting('app.current_tenant_id', true), '')::uuid);
CREATE POLICY text_compare ON public.api_keys FOR SELECT USING (tenant_id::text = current_setting('app.current_tenant_id', true)::text);
