import { afterEach, describe, expect, it } from 'vitest';
import { OFFLINE_CINEMA_ARGS, runHostToExit, startHostProcess, type HostProcess } from '../support/host-process';

let host: HostProcess | undefined;
afterEach(async () => {
  await host?.stop('SIGKILL');
  host = undefined;
});

// Port 9 (discard) on loopback: the refusal must come before any call to central anyway.
const CINEMA = OFFLINE_CINEMA_ARGS;
const refusal = (args: string[]) => runHostToExit(args, { dataDirPrefix: 'host-identity' });

describe("a cinema's host never starts with seed 003's placeholder client identity", () => {
  it('without OptionalClientClass/Id/Name: exit 2, naming the settings and the flags', async () => {
    const { code, stderr } = await refusal(CINEMA);
    expect(code).toBe(2);
    expect(stderr).toContain('cannot start outside --demo');
    expect(stderr).toContain('central.optionalClientClass, central.optionalClientId, central.optionalClientName not set');
    expect(stderr).toContain('--client-class, --client-id and --client-name');
  });

  it("with the seed's example identity (111.111.111.111, 3rdParty): exit 2, naming each placeholder", async () => {
    const { code, stderr } = await refusal([
      ...CINEMA,
      '--client-class',
      'RSP',
      '--client-id',
      '111.111.111.111',
      '--client-name',
      '3rdParty',
    ]);
    expect(code).toBe(2);
    expect(stderr).toContain("central.optionalClientId is seed 003's placeholder 111.111.111.111");
    expect(stderr).toContain("central.optionalClientName is seed 003's placeholder 3rdParty");
  });

  it('--demo starts with the seed’s example identity, which its simulator stands in for', async () => {
    host = await startHostProcess(['--demo', '--client-id', '111.111.111.111']);
    expect(host.printServiceUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/u);
    expect(host.stderr()).not.toContain('placeholder');
  });
});
