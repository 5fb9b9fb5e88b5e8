import { readFileSync } from 'node:fs'

let cached: string | undefined

/** The package version, read from package.json next to the build. */
export function version(): string {
  if (cached) return cached
  for (const rel of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as {
        name?: string
        version?: string
      }
      if (pkg.name === 'tsplay' && pkg.version) return (cached = pkg.version)
    } catch {
      // try the next candidate: the source and the build sit at different depths
    }
  }
  return (cached = '0.0.0')
}
