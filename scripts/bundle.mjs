// Bundles the built CLI (dist/engine/cli/main.js) into one CommonJS file for the launcher
// (engine/cli/launch.cts). Each module keeps its own import.meta.url, pointing at its file in dist/,
// so paths it resolves from there do not change; native addons stay outside the bundle.
import { build } from 'esbuild'
import { spawnSync } from 'node:child_process'
import { chmodSync, rmSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join, relative, resolve } from 'node:path'

const dist = resolve('dist')
const out = join(dist, 'engine/cli/tsplay.bundle.cjs')

const moduleUrls = {
  name: 'module-urls',
  setup(b) {
    b.onLoad({ filter: /\.js$/ }, async (args) => {
      if (!args.path.startsWith(`${dist}/`)) return undefined
      const text = await readFile(args.path, 'utf8')
      if (!text.includes('import.meta.url')) return undefined
      const rel = JSON.stringify(relative(dist, args.path))
      return { contents: text.replaceAll('import.meta.url', `__tsplayModuleUrl(${rel})`), loader: 'js' }
    })
  },
}

// Native addons are required by package path (`ssh2/lib/.../sshcrypto.node`), which resolves from
// wherever the bundle is installed.
const nativeAddons = {
  name: 'native-addons',
  setup(b) {
    b.onResolve({ filter: /\.node$/ }, (args) => {
      const path = resolve(args.resolveDir, args.path)
      return {
        path: path.slice(path.lastIndexOf('/node_modules/') + '/node_modules/'.length),
        external: true,
      }
    })
  },
}

await build({
  entryPoints: [join(dist, 'engine/cli/main.js')],
  outfile: out,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
  banner: {
    js: "const __tsplayModuleUrl = (rel) => require('node:url').pathToFileURL(require('node:path').join(__dirname, '../..', rel)).href;",
  },
  plugins: [moduleUrls, nativeAddons],
})

// The launcher writes the code cache when this warm-up run exits; a failing warm-up fails the build,
// as the bundle is then broken.
const launcher = join(dist, 'engine/cli/launch.cjs')
chmodSync(launcher, 0o755)
rmSync(join(dist, 'engine/cli/tsplay.bundle.v8cache'), { force: true })
const warmUp = spawnSync(
  process.execPath,
  [launcher, 'run', 'scripts/code-cache-warmup.yml', '-i', 'localhost,', '--check'],
  {
    env: { ...process.env, TSPLAY_WRITE_CODE_CACHE: '1' },
    encoding: 'utf8',
  },
)
if (warmUp.status !== 0) {
  process.stderr.write(`bundle: the warm-up run failed (${warmUp.status}):\n${warmUp.stdout}${warmUp.stderr}`)
  process.exit(1)
}
