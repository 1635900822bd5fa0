// Two OpenSSH servers side by side, each with its own port and host keys: `primary` with every key
// type and PAM, as Debian's own; `secondary` with an ed25519 key only, without PAM.
//   procform switch examples/services/sshd.ts
import { defineProcesses } from 'procform';
import { sshd, sshdHostKeyDir } from 'procform/services';

export default defineProcesses((ctx) => {
  const instance = (suffix: string, params: Parameters<ReturnType<typeof sshd>>[0]) => {
    const name = `sshd${suffix}`;
    const port = ctx.ids.sshPorts?.[name] ?? 0;
    return { port, hostKeyDir: sshdHostKeyDir(ctx, name), pkg: sshd(ctx)({ port, instanceSuffix: suffix, ...params }), requiresUniqueIdsFor: ['sshPorts'] };
  };
  return {
    'sshd-primary': instance('-primary', {}),
    'sshd-secondary': instance('-secondary', { hostKeyTypes: ['ed25519'], usePAM: false }),
  };
});
