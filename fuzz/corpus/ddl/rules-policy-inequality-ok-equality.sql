CREATE TABLE public.tenants (id uuid PRIMARY KEY, name text NOT NULL);
CREATE TABLE public.documents (id bigint PRIMARY KEY, tenant_id uuid NOT NULL REFERENCES public.tenants (id));
ALTER TABLE public.documents ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_guard ON public.documents AS RESTRICTIVE USING (tenant_id = NULLIF(current_setting('app.current_tenant_id', true), '')::uuid AND id <> 0);
