// Versions of the npm packages under test, as installed (their exports may hide package.json).
import { readFileSync } from 'node:fs';

export function installedVersion(pkg) {
  const file = new URL(`../../node_modules/${pkg}/package.json`, import.meta.url);
  return JSON.parse(readFileSync(file, 'utf8')).version;
}
