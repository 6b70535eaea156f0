CREATE TABLE public.tenants (id uuid PRIMARY KEY, name text NOT NULL);
CREATE TABLE public.files (id bigint PRIMARY KEY, tenant_id uuid REFERENCES public.tenants (id));
CREATE TABLE public.folders (id bigint PRIMARY KEY, tenant_id uuid NOT NULL REFERENCES public.tenants (id));
-- Scoped only through a nullable foreign key.
CREATE TABLE public.shares (id bigint PRIMARY KEY, folder_id bigint REFERENCES public.folders (id));
