// What the supervisord and s6-svscan tests deploy into them, as another tool would: a small web
// server (busybox httpd) serving a page that names the instance it was deployed into.
import type { Machine } from 'procform/testing';

/** Writes the page into a folder of the machine, readable by everyone, and returns the server's command line. */
export async function prepareProgram(machine: Machine, instanceName: string, port: unknown): Promise<string> {
  const dir = `/tmp/${instanceName}-site`;
  await machine.succeed(`mkdir -p ${dir} && echo 'deployed into ${instanceName}' > ${dir}/index.html && chmod -R a+rX ${dir}`, { user: 'root' });
  return `/bin/busybox httpd -f -p 127.0.0.1:${port} -h ${dir}`;
}
