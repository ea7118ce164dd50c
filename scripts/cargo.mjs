// Where cargo builds, as cargo reports it (CARGO_TARGET_DIR, a `build.target-dir` setting, or
// ./target): tests and benchmarks find the `quire` program there, from any folder.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's top folder. */
export const REPO = fileURLToPath(new URL('../', import.meta.url));

let targetDir;

/** The folder cargo builds into (asked once). */
export function cargoTargetDir() {
  targetDir ??= JSON.parse(
    execFileSync('cargo', ['metadata', '--format-version', '1', '--no-deps'], { cwd: REPO, encoding: 'utf8', maxBuffer: 64 << 20 }),
  ).target_directory;
  return targetDir;
}

/** The `quire` program built with `profile` (`debug`, `release`, `native`). */
export function quireProgram(profile = 'debug') {
  return path.join(cargoTargetDir(), profile, 'quire');
}
