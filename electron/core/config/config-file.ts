import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** `<data-dir>/config.json`: settings per section of the config schema, under the command-line flags. */
export type ConfigSections = Record<string, unknown>;

export class ConfigFileError extends Error {}

export function readConfigFile(dataDir: string): ConfigSections {
  const path = join(dataDir, 'config.json');
  if (!existsSync(path)) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigFileError(`${path}: ${(error as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ConfigFileError(`${path}: must be a JSON object of sections`);
  return parsed as ConfigSections;
}

/** Replaces one section, atomically (write then rename), so a power cut never leaves half a file. */
export function writeConfigSection(dataDir: string, section: string, value: unknown): void {
  const path = join(dataDir, 'config.json');
  const next = { ...readConfigFile(dataDir), [section]: value };
  writeFileSync(`${path}.tmp`, JSON.stringify(next, null, 2), { mode: 0o600 });
  renameSync(`${path}.tmp`, path);
}

/** Flags over file, section by section. */
export function mergeSections(file: ConfigSections, flags: ConfigSections): ConfigSections {
  const merged: ConfigSections = { ...file };
  for (const [key, value] of Object.entries(flags)) {
    const base = file[key];
    merged[key] = Array.isArray(value) || !value || typeof value !== 'object' ? value : { ...(base && typeof base === 'object' ? base : {}), ...value };
  }
  return merged;
}
