// `tomcat-webapplication`: a web application in a Tomcat container provider, put into its
// CATALINA_BASE's webapps folder (Tomcat deploys it there, autoDeploy) under the service's context
// name, and taken out again on deactivation (a web application keeps no data of its own).
import { shellQuote } from '../../shell/quote.ts';
import type { ContainerModule } from './types.ts';

export const tomcatWebapplicationContainer: ContainerModule = {
  async activate(context, service) {
    const { name, files } = service.content!;
    const base = String(service.container.properties.catalinaBaseDir);
    const target = `${base}/webapps/${name}${files?.endsWith('.war') ? '.war' : ''}`;
    // Copied next to it first, then renamed: Tomcat never sees half a web application.
    const staging = `${base}/temp/procform-${name}`;
    await context.run(
      [
        'set -e',
        `rm -rf ${shellQuote(staging)}`,
        `cp -R ${shellQuote(files!)} ${shellQuote(staging)}`,
        `chmod -R a+rX ${shellQuote(staging)}`,
        `rm -rf ${shellQuote(target)}`,
        `mv ${shellQuote(staging)} ${shellQuote(target)}`,
      ].join('\n'),
    );
    context.log(`web application ${name} put into ${service.container.name} (${target})`);
  },
  async deactivate(context, service) {
    const { name } = service.content!;
    const base = String(service.container.properties.catalinaBaseDir);
    await context.run(`rm -rf ${shellQuote(`${base}/webapps/${name}`)} ${shellQuote(`${base}/webapps/${name}.war`)}`);
    context.log(`web application ${name} taken out of ${service.container.name}`);
  },
};
