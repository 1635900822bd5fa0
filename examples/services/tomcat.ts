// Two Tomcat servers side by side, serving web applications from the store: `primary` over HTTP,
// with a library on its shared class loader that its `hello` application reads; `secondary` also
// over AJP (for a web server in front of it), with Debian's welcome page as its root.
//   procform switch examples/services/tomcat.ts
import { defineProcesses } from 'procform';
import type { ProcessContext } from 'procform';
import { tomcatContainerProvider } from 'procform/services';

/** A JSP page that says which Tomcat runs it and what the shared library gives it. */
export function helloWebapp(ctx: ProcessContext): string {
  return ctx.writeTextFile({
    name: 'hello-webapp',
    destination: '/index.jsp',
    text: `<%@ page contentType="text/plain; charset=UTF-8" %><%
java.util.Properties shared = new java.util.Properties();
try (java.io.InputStream in = application.getClassLoader().getResourceAsStream("procform-greeting.properties")) {
  if (in != null) shared.load(in);
}
%>catalina.base=<%= System.getProperty("catalina.base") %>
greeting=<%= shared.getProperty("greeting", "none") %>
`,
  });
}

// A quick JVM for small test machines: a small heap and only the first compiler tier.
export const smallJvm = '-Xms16m -Xmx96m -XX:+UseSerialGC -XX:TieredStopAtLevel=1';

export default defineProcesses((ctx) => {
  const ids = (pool: string, instance: string) => ctx.ids[pool]?.[instance] ?? 0;
  const make = tomcatContainerProvider(ctx);
  const hello = helloWebapp(ctx);
  const sharedLibrary = ctx.writeTextFile({ name: 'greeting-library', destination: '/procform-greeting.properties', text: 'greeting=hello from the shared class loader\n' });
  const instance = (suffix: string, params: Parameters<typeof make>[0]) => {
    const name = `tomcat${suffix}`;
    return {
      ...make({ instanceSuffix: suffix, httpPort: ids('tomcatPorts', name), serverPort: ids('tomcatServerPorts', name), javaOpts: smallJvm, ...params }),
      requiresUniqueIdsFor: ['tomcatPorts', 'tomcatServerPorts', 'tomcatAjpPorts'],
    };
  };
  return {
    'tomcat-primary': instance('-primary', { webapps: { hello }, sharedLibs: [sharedLibrary] }),
    'tomcat-secondary': instance('-secondary', {
      webapps: { ROOT: '/usr/share/tomcat10-root/default_root', hello },
      enableAJP: true,
      ajpPort: ids('tomcatAjpPorts', 'tomcat-secondary'),
    }),
  };
});
