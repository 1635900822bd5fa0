// Two Subversion servers side by side: `primary` serves `project` to anyone for reading and to
// alice for writing; `secondary` serves two repositories for reading only.
//   procform switch examples/services/svnserve.ts
import { defineProcesses } from 'procform';
import { svnserve } from 'procform/services';

export default defineProcesses((ctx) => {
  const instance = (suffix: string, params: Parameters<ReturnType<typeof svnserve>>[0]) => {
    const port = ctx.ids.svnPorts?.[`svnserve${suffix}`] ?? 0;
    return { port, pkg: svnserve(ctx)({ port, instanceSuffix: suffix, ...params }), requiresUniqueIdsFor: ['svnPorts'] };
  };
  return {
    'svnserve-primary': instance('-primary', { repositories: ['project'], users: { alice: 'wonderland' } }),
    'svnserve-secondary': instance('-secondary', { repositories: ['docs', 'tools'], authenticatedAccess: 'read' }),
  };
});
