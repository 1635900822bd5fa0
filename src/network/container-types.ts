// The container types procform can deploy services into (Dysnomia's modules), as data: what the
// models are checked against without loading any of them. Each type's activation is one file in
// containers/, loaded on the target machine when a service of that type is (de)activated.

export interface ContainerTypeDescriptor {
  name: string;
  /** What a service of this type gives: a process constructor (`pkg`), or files (a database's schema, a web application). */
  takes: 'pkg' | 'files';
  /** `files` must be given (a web application), not only may (a database's schema). */
  filesRequired?: boolean;
  /** Every machine offers a container of this type (named like the type); others come from container providers. */
  builtin: boolean;
  /** One line for docs and errors. */
  summary: string;
}

export const CONTAINER_TYPES: readonly ContainerTypeDescriptor[] = [
  { name: 'process', takes: 'pkg', builtin: true, summary: 'a process instance on the machine\'s procform, without a process manager (-P disnix)' },
  { name: 'managed-process', takes: 'pkg', builtin: true, summary: 'a process instance on the machine\'s procform, with the machine\'s `processManager`' },
  { name: 'mysql-database', takes: 'files', builtin: false, summary: 'a database (and its schema) in a MariaDB container provider' },
  { name: 'postgresql-database', takes: 'files', builtin: false, summary: 'a database (and its schema) in a PostgreSQL container provider' },
  { name: 'tomcat-webapplication', takes: 'files', filesRequired: true, builtin: false, summary: 'a web application (a folder or a .war) in a Tomcat container provider' },
];

export function containerType(name: string): ContainerTypeDescriptor | undefined {
  return CONTAINER_TYPES.find((type) => type.name === name);
}
