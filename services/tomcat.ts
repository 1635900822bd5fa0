import { readFileSync } from 'node:fs';
import { createManagedProcess, executable } from '../src/model/create-managed-process.ts';
import type { ManagedProcess, ProcessContext, Readiness } from '../src/model/types.ts';
import { shellCommand } from '../src/shell/quote.ts';
import type { ContainerProviderInstance, ContainerProviderParams } from './container-provider.ts';
import { containerProvider } from './container-provider.ts';
import { chownCommand } from './run-as.ts';

export interface TomcatParams {
  instanceSuffix?: string;
  instanceName?: string;
  /** Tomcat's shutdown port (catalina.sh stop); -1 turns it off. Default 8005. */
  serverPort?: number;
  /** HTTP connector. Default 8080. */
  httpPort?: number;
  /** Where HTTP requests that need TLS are redirected (Tomcat's redirectPort). Default 8443. */
  httpsPort?: number;
  /** AJP connector, on localhost, when `enableAJP`. Default 8009. */
  ajpPort?: number;
  enableAJP?: boolean;
  javaOpts?: string;
  catalinaOpts?: string;
  /** Jar files or class folders on the common class loader (seen by Tomcat and every web application). */
  commonLibs?: string[];
  /** Jar files or class folders on the shared class loader (seen by every web application). */
  sharedLibs?: string[];
  /**
   * Web applications, by context name (`ROOT` is `/`, `hello` is `/hello`): an exploded folder or a
   * .war file each. Default: Debian's Tomcat welcome page as ROOT.
   */
  webapps?: Record<string, string>;
  dependencies?: ManagedProcess['dependencies'];
  /** The path whose answer (2xx or 3xx) makes the instance ready. Default: the first web application's root. */
  readinessPath?: string;
  /** Tomcat's installation (catalina.sh, lib, default configuration). Default Debian's tomcat10. */
  catalinaHome?: string;
}

/** Where a Tomcat instance lives: CATALINA_BASE, with conf, logs, work, temp and webapps under it. */
export function tomcatCatalinaBase(ctx: ProcessContext, instanceName: string): string {
  return `${ctx.stateDir}/${instanceName}`;
}

/**
 * Apache Tomcat 10 (Debian's package), upstream's simpleAppservingTomcat: its own CATALINA_BASE,
 * ports, web applications and class loaders, so that several run side by side from one
 * installation. Ready when the first web application answers over HTTP: Tomcat opens its
 * connectors only after it has deployed its applications.
 */
export function simpleAppservingTomcat(ctx: ProcessContext): (params?: TomcatParams) => ManagedProcess {
  return ({
    instanceSuffix = '',
    instanceName = `tomcat${instanceSuffix}`,
    serverPort = 8005,
    httpPort = 8080,
    httpsPort = 8443,
    ajpPort = 8009,
    enableAJP = false,
    javaOpts = '',
    catalinaOpts = '',
    commonLibs = [],
    sharedLibs = [],
    webapps = { ROOT: '/usr/share/tomcat10-root/default_root' },
    dependencies = [],
    readinessPath,
    catalinaHome = '/usr/share/tomcat10',
  } = {}) => {
    const base = tomcatCatalinaBase(ctx, instanceName);
    for (const name of Object.keys(webapps)) {
      if (!/^[A-Za-z0-9_.-]+$/.test(name)) throw new Error(`tomcat ${instanceName}: web application name "${name}" may only contain letters, digits, ".", "_" and "-"`);
    }
    const write = (name: string, text: string) => ctx.writeTextFile({ name: `${instanceName}-${name}`, text });
    const serverXml = write(
      'server.xml',
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        `<Server port="${serverPort}" shutdown="SHUTDOWN">`,
        '  <Listener className="org.apache.catalina.startup.VersionLoggerListener" />',
        '  <Listener className="org.apache.catalina.core.JreMemoryLeakPreventionListener" />',
        '  <Listener className="org.apache.catalina.core.ThreadLocalLeakPreventionListener" />',
        '  <Service name="Catalina">',
        `    <Connector port="${httpPort}" protocol="HTTP/1.1" connectionTimeout="20000" redirectPort="${httpsPort}" maxParameterCount="1000" />`,
        // AJP listens on localhost only (Tomcat's default), where the web server that talks to it runs.
        ...(enableAJP ? [`    <Connector port="${ajpPort}" protocol="AJP/1.3" address="127.0.0.1" secretRequired="false" redirectPort="${httpsPort}" />`] : []),
        '    <Engine name="Catalina" defaultHost="localhost">',
        '      <Host name="localhost" appBase="webapps" unpackWARs="true" autoDeploy="true">',
        '        <Valve className="org.apache.catalina.valves.AccessLogValve" directory="logs" prefix="localhost_access_log" suffix=".txt" pattern="%h %l %u %t &quot;%r&quot; %s %b" />',
        '      </Host>',
        '    </Engine>',
        '  </Service>',
        '</Server>',
        '',
      ].join('\n'),
    );
    const catalinaProperties = write('catalina.properties', withClassLoaders(readTemplate(catalinaHome, 'catalina.properties'), commonLibs, sharedLibs));
    // One context descriptor per web application, pointing at it where it is (Tomcat's
    // conf/Catalina/localhost): webapps/ itself stays free for what others deploy into the container.
    const descriptors = Object.entries(webapps).map(([name, path]) => ({ name, file: write(`${name}.xml`, `<Context docBase="${escapeXml(path)}" />\n`) }));
    const descriptorDir = `${base}/conf/Catalina/localhost`;
    const link = (target: string, name: string) => shellCommand(['ln', '-sfn', target, name]);
    const initialize = [
      shellCommand(['mkdir', '-p', ...['conf', 'logs', 'temp', 'work', 'webapps', 'lib'].map((dir) => `${base}/${dir}`)]),
      link(serverXml, `${base}/conf/server.xml`),
      link(catalinaProperties, `${base}/conf/catalina.properties`),
      ...['web.xml', 'context.xml', 'logging.properties'].map((file) => link(`${catalinaHome}/etc/${file}`, `${base}/conf/${file}`)),
      // The descriptors are the model's: made afresh at every start, so a removed application goes.
      shellCommand(['rm', '-rf', descriptorDir]),
      shellCommand(['mkdir', '-p', descriptorDir]),
      ...descriptors.map(({ name, file }) => link(file, `${descriptorDir}/${name}.xml`)),
      ...chownCommand(ctx, `${instanceName}:${instanceName}`, [base, ...['conf', 'logs', 'temp', 'work', 'webapps', 'lib'].map((dir) => `${base}/${dir}`), `${base}/conf/Catalina`, descriptorDir]),
    ];
    const firstWebapp = Object.keys(webapps)[0];
    const path = readinessPath ?? (firstWebapp === undefined ? undefined : firstWebapp === 'ROOT' ? '/' : `/${firstWebapp}/`);
    const readiness: Readiness = path === undefined ? { kind: 'tcp', port: httpPort } : { kind: 'http', url: `http://127.0.0.1:${httpPort}${path}` };
    return createManagedProcess({
      name: instanceName,
      instanceName,
      description: 'Apache Tomcat',
      foregroundProcess: executable(`${catalinaHome}/bin/catalina.sh`, { install: 'apt-get install tomcat10' }),
      foregroundProcessArgs: ['run'],
      environment: {
        CATALINA_HOME: catalinaHome,
        CATALINA_BASE: base,
        CATALINA_TMPDIR: `${base}/temp`,
        JAVA_OPTS: `-Djava.awt.headless=true ${javaOpts}`.trim(),
        CATALINA_OPTS: catalinaOpts,
      },
      initialize: `${initialize.join('\n')}\n`,
      dependencies,
      user: instanceName,
      credentials: {
        groups: { [instanceName]: {} },
        users: { [instanceName]: { group: instanceName, homeDir: base, description: 'Apache Tomcat' } },
      },
      ports: [httpPort, ...(serverPort > 0 ? [serverPort] : []), ...(enableAJP ? [ajpPort] : [])],
      readiness: { ...readiness, timeout: '120s' },
    });
  };
}

/** Tomcat as a provider of a `tomcat-webapplication` container (upstream's service container). */
export function tomcatContainerProvider(ctx: ProcessContext): (params?: TomcatParams & ContainerProviderParams) => ContainerProviderInstance {
  return containerProvider<TomcatParams>(simpleAppservingTomcat(ctx), ({ instanceSuffix = '', instanceName = `tomcat${instanceSuffix}`, httpPort = 8080, ajpPort = 8009, enableAJP = false }) => ({
    port: httpPort,
    type: 'tomcat-webapplication',
    properties: { tomcatPort: httpPort, catalinaBaseDir: tomcatCatalinaBase(ctx, instanceName), ...(enableAJP && { ajpPort }) },
  }));
}

/** Debian's catalina.properties with the model's libraries on the common and shared class loaders. */
function withClassLoaders(template: string, commonLibs: readonly string[], sharedLibs: readonly string[]): string {
  // A jar is one entry; a folder is its classes and its jars.
  const entries = (libs: readonly string[]) => libs.flatMap((lib) => (lib.endsWith('.jar') ? [`"${lib}"`] : [`"${lib}"`, `"${lib}/*.jar"`]));
  return template
    .replace(/^common\.loader=(.*)$/m, (_line, value: string) => `common.loader=${[value, ...entries(commonLibs)].filter(Boolean).join(',')}`)
    .replace(/^shared\.loader=.*$/m, `shared.loader=${entries(sharedLibs).join(',')}`);
}

function readTemplate(catalinaHome: string, file: string): string {
  try {
    return readFileSync(`${catalinaHome}/etc/${file}`, 'utf8');
  } catch {
    throw new Error(`${catalinaHome}/etc/${file} is missing: is Tomcat installed? Install it: apt-get install tomcat10`);
  }
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
