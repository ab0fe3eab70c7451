import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileDurably } from '../security/durable-file';

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
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new ConfigFileError(`${path}: must be a JSON object of sections`);
  return parsed as ConfigSections;
}

/** Replaces one section, durably (write, fsync, rename, fsync the folder), so a power cut or a full disk never leaves half a file. */
export function writeConfigSection(dataDir: string, section: string, value: unknown): void {
  const path = join(dataDir, 'config.json');
  const next = { ...readConfigFile(dataDir), [section]: value };
  writeFileDurably(path, JSON.stringify(next, null, 2));
}

/** Flags over file, section by section. */
export function mergeSections(file: ConfigSections, flags: ConfigSections): ConfigSections {
  const merged: ConfigSections = { ...file };
  for (const [key, value] of Object.entries(flags)) {
    const base = file[key];
    merged[key] =
      Array.isArray(value) || !value || typeof value !== 'object' ? value : { ...(base && typeof base === 'object' ? base : {}), ...value };
  }
  return merged;
}
