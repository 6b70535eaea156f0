CREATE TABLE public.tenants (id uuid PRIMARY KEY, name text NOT NULL);
CREATE TABLE public.files (id bigint PRIMARY KEY, tenant_id uuid NOT NULL REFERENCES public.tenants (id));
CREATE TABLE public.file_versions (id bigint PRIMARY KEY, file_id bigint NOT NULL REFERENCES public.files (id));
