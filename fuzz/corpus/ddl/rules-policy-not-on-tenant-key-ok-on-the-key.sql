CREATE TABLE public.tenants (id uuid PRIMARY KEY, name text NOT NULL);
CREATE TABLE public.notes (id bigint PRIMARY KEY, tenant_id uuid NOT NULL REFERENCES public.tenants (id), author_id uuid NOT NULL);
ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_guard ON public.notes AS RESTRICTIVE USING (tenant_id = NULLIF(current_setting('app.current_tenant_id', true), '')::uuid AND author_id IS NOT NULL);
